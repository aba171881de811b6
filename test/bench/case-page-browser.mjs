// The case page in a real browser (issue 19 item 7): the demo data (seed-demo) in a database of its
// own, the API from dist/ with production settings serving the built UI, the system Chromium driven
// by playwright-core. Each load is a full navigation of the signed-in tab to the case page's address
// (the daily user: the hashed assets in the browser's cache, the session in the tab's sessionStorage). The figure is the browser's own timing: performance.mark('kn:case-main'), which
// the case page sets once the case and its steps have rendered (apps/web/src/pages/CasePage.tsx),
// measured from the navigation's start; the largest contentful paint is recorded beside it.
/* global window, PerformanceObserver, performance, URL */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PG_BASE, dbUrl, log, median, require, round, withClient } from './lib/common.mjs';
import { benchEnv, startApi } from './lib/procs.mjs';

export const DEMO_DB = 'kn_bench_demo';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const USER = 'chiuy';
const PASSWORD = 'demo-password-2026';
const LOADS = 5;

/** A fresh database with the migrations and the demo data, through the operator CLI (dist). */
async function demoDatabase() {
  await withClient(`${PG_BASE}/postgres`, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DEMO_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DEMO_DB}`);
  });
  const env = benchEnv(dbUrl(DEMO_DB), { SEED_DEMO: 'true' });
  for (const cmd of ['migrate', 'seed-demo']) {
    const r = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', cmd], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cli ${cmd} failed: ${(r.stderr || r.stdout).slice(-2000)}`);
  }
  return env;
}

export async function measureCasePageBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  if (!fs.existsSync(path.join(process.cwd(), 'dist/web/index.html'))) throw new Error('dist/web missing: npm run build first');
  log('case page in Chromium: demo database');
  const env = await demoDatabase();
  const url = dbUrl(DEMO_DB);
  // The same secrets for the API as for the seeding (the people's names are encrypted with them).
  const api = await startApi(url, { env });
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const base = `http://127.0.0.1:${api.port}`;
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${base}/#/login`);
    await page.getByLabel('Tên đăng nhập').fill(USER);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/#\/cases/);
    await page.locator('.case-card a').first().waitFor();
    const hrefs = await page.locator('.case-card a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const ids = [...new Set(hrefs.map((h) => /#\/cases\/([0-9a-f-]{36})/.exec(h ?? '')?.[1]).filter(Boolean))];
    if (ids.length === 0) throw new Error('no case on the cell committee board of the demo data');
    // The heaviest case the cell committee has: the most recorded events (the longest history and checklist).
    const heaviest = await withClient(url, async (c) =>
      (
        await c.query(
          `SELECT c.id, count(e.*)::int AS events FROM cases c LEFT JOIN case_events e ON e.case_id = c.id
            WHERE c.id = ANY($1::uuid[]) GROUP BY c.id ORDER BY 2 DESC, c.id LIMIT 1`,
          [ids],
        )
      ).rows[0],
    );
    const caseUrl = `${base}/#/cases/${heaviest.id}`;
    const tab = page;
    await tab.addInitScript(() => {
      window.__knLcp = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__knLcp = Math.max(window.__knLcp, e.startTime);
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const loadOnce = async () => {
      // A full navigation each time (a new document): the session stays in the tab's sessionStorage.
      await tab.goto('about:blank');
      await tab.goto(caseUrl);
      await tab.waitForFunction(() => performance.getEntriesByName('kn:case-main').length > 0, null, { timeout: 30_000 });
      await tab.waitForTimeout(100);
      const t = await tab.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const api = performance
          .getEntriesByType('resource')
          .filter((r) => r.name.includes('/api/') && r.startTime <= performance.getEntriesByName('kn:case-main')[0].startTime)
          .map((r) => new URL(r.name).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'));
        return { mainMs: performance.getEntriesByName('kn:case-main')[0].startTime, lcpMs: window.__knLcp, domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null, apiRequests: api.length, apiPaths: api };
      });
      return t;
    };
    // A first load (the assets already cached by the sign-in and the board) is recorded on its own; the median is of the next five.
    const cold = await loadOnce();
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadOnce());
    const result = {
      medianMs: round(median(loads.map((l) => l.mainMs))),
      lcpMedianMs: round(median(loads.map((l) => l.lcpMs))),
      loadsMs: loads.map((l) => round(l.mainMs)),
      firstMs: round(cold.mainMs),
      apiRequestsPerLoad: loads[0].apiRequests,
      apiPathsBeforeMain: loads[0].apiPaths,
      caseEvents: heaviest.events,
      user: USER,
      viewport: '1366x900',
      method:
        "performance.mark('kn:case-main') (case and step labels rendered) from navigation start; 5 full navigations of the signed-in tab to the case address (warm HTTP cache), after a first one not counted; the demo case of the cell committee with the most events; API from dist, NODE_ENV=production; Chromium " +
        browser.version(),
    };
    log(`case page in Chromium: median ${result.medianMs} ms (loads ${result.loadsMs.join(', ')}; first ${result.firstMs}; LCP median ${result.lcpMedianMs})`);
    return result;
  } finally {
    await browser.close();
    await api.stop();
  }
}
