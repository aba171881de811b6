// Screenshots of every main page of the web UI, with the demo data, into docs/screenshots/.
// Needs a running API that serves the built UI and has the demo data (docker compose up, or
// `npm run start:all` with SEED_DEMO / `npm run db:setup-demo`), and the system Chromium.
//
//   npm run screenshots                       # http://localhost:3000
//   BASE_URL=http://host:port npm run screenshots
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const OUT = join(process.cwd(), 'docs', 'screenshots');
const USER = process.env.DEMO_USER ?? 'chiuy';
// Supervisors for the compliance and report pages (demo users of libs/orgs seed-demo).
const INSPECTOR = process.env.DEMO_INSPECTOR ?? 'kiemtra';
const DEPARTMENT = process.env.DEMO_DEPARTMENT ?? 'bantochuc';
const REPORT_YEAR = process.env.REPORT_YEAR ?? String(new Date().getFullYear());
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
  const health = await fetch(`${BASE}/health`).catch(() => null);
  if (!health?.ok) throw new Error(`no API at ${BASE} (start it with docker compose up or npm run start:all)`);
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const shots = [];
  const shot = async (page, name) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    shots.push(name);
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${BASE}/#/login`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await shot(page, '01-login');

    await page.getByLabel('Tên đăng nhập').fill(USER);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/#\/cases/);
    await page.locator('.board, .empty, .alert-error').first().waitFor();
    await shot(page, '02-board');

    // The case page of a candidate compiling the dossier (the demo's Phạm Minh Đức), else the first.
    const dossier = page.locator('.case-card', { hasText: 'Phạm Minh Đức' }).locator('a').first();
    const first = (await dossier.count()) ? dossier : page.locator('.case-card a').first();
    let caseHash = null;
    if (await first.count()) {
      await first.click();
      await page.getByRole('heading', { name: 'Bước tiếp theo' }).waitFor();
      caseHash = new URL(page.url()).hash;
      await shot(page, '03-case');
      // A step form with its pickers: an introducer picked from the cell's members, dates dd/mm/yyyy.
      const intro = page.locator('button[data-event="introduction.memberRecorded"]');
      const step = (await intro.count()) ? intro : page.locator('button[data-event]').first();
      if (await step.count()) {
        await step.click();
        await page.locator('form.event-form').waitFor();
        await page.locator('form.event-form select[data-picker="member"] option').nth(1).waitFor({ state: 'attached', timeout: 5000 }).catch(() => undefined);
        await shot(page, '04-case-step-form');
      }
    }

    await page.goto(`${BASE}/#/cases/new`);
    await page.getByRole('heading', { name: 'Mở hồ sơ kết nạp mới' }).waitFor();
    await shot(page, '09-new-case');

    await page.goto(`${BASE}/#/notifications`);
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await shot(page, '05-notifications');

    await page.goto(`${BASE}/#/procedure`);
    await page.getByRole('heading', { name: 'Quy trình kết nạp' }).waitFor();
    await shot(page, '06-procedure');

    await page.goto(`${BASE}/#/cases`);
    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { name: 'Admission cases' }).waitFor();
    await shot(page, '07-board-english');
    await page.getByRole('button', { name: /^VI/ }).click();

    const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'vi-VN' });
    const tpage = await tablet.newPage();
    await tpage.goto(`${BASE}/#/login`);
    await tpage.getByLabel('Tên đăng nhập').fill(USER);
    await tpage.getByLabel('Mật khẩu').fill(PASSWORD);
    await tpage.getByRole('button', { name: 'Đăng nhập' }).click();
    await tpage.waitForURL(/#\/cases/);
    await tpage.locator('.board, .empty, .alert-error').first().waitFor();
    await shot(tpage, '08-board-tablet');

    // The case page on a phone (390×844).
    if (caseHash) {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
      const ppage = await phone.newPage();
      await ppage.goto(`${BASE}/#/login`);
      await ppage.getByLabel('Tên đăng nhập').fill(USER);
      await ppage.getByLabel('Mật khẩu').fill(PASSWORD);
      await ppage.getByRole('button', { name: 'Đăng nhập' }).click();
      await ppage.waitForURL(/#\/cases/);
      await ppage.goto(`${BASE}/${caseHash}`);
      await ppage.getByRole('heading', { name: 'Bước tiếp theo' }).waitFor();
      await shot(ppage, '14-case-phone');
    }

    // Supervisors: the inspection commission lands on the compliance dashboard.
    const signInAs = async (username) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
      const p = await ctx.newPage();
      await p.goto(`${BASE}/#/login`);
      await p.getByLabel('Tên đăng nhập').fill(username);
      await p.getByLabel('Mật khẩu').fill(PASSWORD);
      await p.getByRole('button', { name: 'Đăng nhập' }).click();
      await p.waitForURL((url) => !url.hash.startsWith('#/login'));
      return p;
    };
    const spage = await signInAs(INSPECTOR);
    await spage.waitForURL(/#\/compliance/);
    await spage.locator('.violations-table, .empty, .alert-error').first().waitFor();
    await shot(spage, '10-compliance');
    const detail = spage.locator('tr[data-violation-id] a', { hasText: 'Chi tiết' }).first();
    if (await detail.count()) {
      await detail.click();
      await spage.getByRole('heading', { name: /^Vi phạm/ }).waitFor();
      await shot(spage, '11-violation');
      await spage.locator('main').getByRole('link', { name: 'Nhật ký kiểm tra' }).first().click();
      await spage.getByRole('heading', { name: 'Nhật ký kiểm tra của hồ sơ' }).waitFor();
      await shot(spage, '12-audit-trail');
    }

    // "Việc cần làm" of the inspection commission (the province), as a list and as a table.
    await spage.goto(`${BASE}/#/todo`);
    await spage.locator('[data-testid="todo-list"], .empty, .alert-error').first().waitFor();
    await shot(spage, '15-todo');
    await spage.goto(`${BASE}/#/todo?view=table&overdue=true`);
    await spage.locator('[data-testid="todo-table"], .empty, .alert-error').first().waitFor();
    await shot(spage, '16-todo-overdue-table');
    // The audit search across cases (by candidate, user, period, type).
    await spage.goto(`${BASE}/#/audit?action=violation`);
    await spage.locator('[data-testid="audit-table"], .empty, .alert-error').first().waitFor();
    await shot(spage, '17-audit-search');
    // The cell committee's own violations, with "Gửi giải trình" on each open one.
    const cpage = await signInAs(USER);
    await cpage.goto(`${BASE}/#/compliance`);
    await cpage.locator('.violations-table, .empty, .alert-error').first().waitFor();
    await shot(cpage, '18-cell-violations');

    const rpage = await signInAs(DEPARTMENT);
    await rpage.goto(`${BASE}/#/reports?year=${REPORT_YEAR}&period=quarter`);
    await rpage.getByRole('heading', { name: 'Báo cáo kết nạp đảng viên' }).waitFor();
    await rpage.locator('section[aria-labelledby="pipeline-h"] table, section[aria-labelledby="pipeline-h"] .muted').first().waitFor();
    await rpage.locator('canvas').first().waitFor().catch(() => undefined);
    await rpage.waitForTimeout(300);
    await shot(rpage, '13-reports');
  } finally {
    await browser.close();
  }
  console.log(`${shots.length} screenshots in ${OUT}: ${shots.join(', ')}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
