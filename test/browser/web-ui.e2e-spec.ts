import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(90_000);

describe('web UI: serving, sign-in and the cell board', () => {
  let web: WebApp;
  let browser: Browser;
  let caseOpened = false;

  beforeAll(async () => {
    web = await startWebApp();
    const ds = web.t.app.get((await import('typeorm')).DataSource) as DataSource;
    const seeded = await seedDemoOrgs(ds);
    // A candidate on the board: opened through the API as the cell committee would.
    const cell = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const [person] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Nguyễn Thị Lan', '2004-05-12', 'female', 'Kinh', 'student', 'upperSecondary') RETURNING id`,
      [cell],
    );
    const login = await fetch(`${web.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'chiuy', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const opened = await fetch(`${web.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ personId: person.id, organisationId: cell }),
    });
    caseOpened = opened.status === 201;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('serves the built UI at / without authentication, with caching and gzip', async () => {
    const index = await fetch(`${web.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain('<div id="root">');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${web.baseUrl}${asset}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    // Client routes fall back to index.html; the API and health never do.
    const deep = await fetch(`${web.baseUrl}/cases/some-id`, { headers: { Accept: 'text/html' } });
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${web.baseUrl}/api/v1/nothing-here`, { headers: { Accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${web.baseUrl}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${web.baseUrl}/assets/missing.js`)).status).toBe(404);
    // The API itself still needs a token.
    expect((await fetch(`${web.baseUrl}/api/v1/auth/me`)).status).toBe(401);
  });

  it('signs a cell committee member in and lands on the board of their cell', async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${web.baseUrl}/`);
    await page.waitForURL(/#\/login/);
    await expect(page.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).resolves.toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // Empty form: told in plain words, no request.
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Vui lòng nhập tên đăng nhập và mật khẩu.').waitFor();
    // Wrong password.
    await page.getByLabel('Tên đăng nhập').fill('chiuy');
    await page.getByLabel('Mật khẩu').fill('wrong-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();

    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/#\/cases/);
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('chiuy');
    if (caseOpened) {
      const card = page.locator('.case-card', { hasText: 'Nguyễn Thị Lan' });
      await card.waitFor();
      // Opening the card shows the case page with the person and the next step.
      await card.getByRole('link', { name: 'Nguyễn Thị Lan' }).click();
      await page.getByRole('heading', { name: 'Nguyễn Thị Lan', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Bước tiếp theo' }).waitFor();
      await page.getByRole('heading', { name: 'Danh mục yêu cầu' }).waitFor();
    } else {
      // No cases API on this server: a clear error state, never invented data.
      await page.locator('.alert-error').first().waitFor();
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches to English and back, and remembers the choice', async () => {
    const { page } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { name: 'Admission cases' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Admission cases' }).waitFor();
    await page.getByRole('button', { name: /^VI/ }).click();
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    await page.context().close();
  });

  it('is usable from the keyboard: a skip link first, then the navigation', async () => {
    const { page } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    // Every form control on the board has a label.
    const unlabelled = await page
      .locator('input, select, textarea')
      .evaluateAll((els) => els.filter((el) => !(el as unknown as { labels: unknown[] | null }).labels?.length && !el.getAttribute('aria-label')).length);
    expect(unlabelled).toBe(0);
    await page.context().close();
  });

  it('fits a tablet in portrait without sideways scrolling of the page', async () => {
    const { page } = await newPage(browser, { width: 768, height: 1024 });
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('shows the notifications inbox', async () => {
    const { page } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.getByRole('link', { name: /^Thông báo/ }).click();
    await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
    await page.locator('.notifications, .empty, .alert-error').first().waitFor();
    await page.context().close();
  });
});
