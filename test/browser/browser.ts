// Browser-test support: the built UI (dist/web), the real API listening on a free port, and the
// system Chromium driven by playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { paths } from '../../libs/platform/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** Builds the UI once if dist/web is missing (CI builds it before the tests). */
export function ensureWebBuilt(): void {
  if (existsSync(path.join(paths.webDist(), 'index.html'))) return;
  execFileSync(process.execPath, [path.join(paths.root(), 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'warn'], {
    cwd: paths.root(),
    stdio: 'inherit',
  });
}

export interface WebApp {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real API (AppModule on a fresh database) serving the built UI, on 127.0.0.1:<free port>. */
export async function startWebApp(): Promise<WebApp> {
  ensureWebBuilt();
  // Every page of a browser test signs in from 127.0.0.1: on an idle machine one file signs in more
  // than 10 times a minute as the same user. The limits themselves are tested in auth-rate-limit.
  const t = await startTestApp({ RATE_LIMIT_LOGINS_PER_ACCOUNT_PER_MINUTE: '1000', RATE_LIMIT_LOGINS_PER_ADDRESS_PER_MINUTE: '1000' });
  const server = t.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await t.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A fresh tablet-sized page; browser console errors are collected for the assertions. */
export async function newPage(browser: Browser, opts: { width?: number; height?: number; locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1024, height: opts.height ?? 768 }, locale: opts.locale ?? 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return { page, errors };
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.hash.startsWith('#/login'));
}

/** The document's width (documentElement.scrollWidth): at most the viewport's when nothing scrolls sideways. */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}
