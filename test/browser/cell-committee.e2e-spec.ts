// The cell committee's day: open a case from the board (find the person of the cell, note the
// candidate facts), see a step refused by the rules explained with its rule (422), and see a
// conflict explained when the case changed in another tab (409).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(120_000);

describe('cell committee: new case, refusal explained, conflict explained', () => {
  let web: WebApp;
  let browser: Browser;
  let ds: DataSource;
  let cellId: string;
  let helper: { id: string; name: string };
  let probationary: { id: string; name: string };
  let caseId = '';

  beforeAll(async () => {
    web = await startWebApp();
    ds = web.t.app.get((await import('typeorm')).DataSource) as DataSource;
    const seeded = await seedDemoOrgs(ds);
    cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Phạm Thu Hà', '2004-09-01', 'female', 'Tày', 'student', 'upperSecondary')`,
      [cellId],
    );
    [helper] = await ds.query(
      `SELECT p.id, p.full_name AS name FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.body_id = $1 AND m.status = 'full' ORDER BY p.full_name LIMIT 1`,
      [cellId],
    );
    // A probationary member of the cell: the helper picker lists them with their status.
    [probationary] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Đảng viên dự bị Một', '1999-01-01', 'male', 'Kinh', 'publicEmployee', 'university') RETURNING id, full_name AS name`,
      [cellId],
    );
    await ds.query(`INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, 'member', 'probationary', '2024-06-01')`, [probationary.id, cellId]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** Opens sympathiser.listed's form on the case page and fills it. */
  async function fillSympathiser(page: Page, memberStatus: 'full' | 'probationary'): Promise<void> {
    const button = page.locator('button[data-event="sympathiser.listed"]');
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const form = page.locator('form[data-event-type="sympathiser.listed"]');
    await form.locator('[name="resolutionDate"]').fill('06/01/2025');
    // The helper is picked from the cell's members on the resolution date, with their status.
    await form.locator('[name="helper.memberId"]').selectOption(memberStatus === 'full' ? helper.id : probationary.id);
  }

  it('opens a new case from the board: finds the person of the cell, notes the candidate facts', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Hồ sơ kết nạp đang theo dõi' }).waitFor();
    await page.getByRole('link', { name: /Mở hồ sơ mới/ }).click();
    await page.getByRole('heading', { name: 'Mở hồ sơ kết nạp mới', level: 1 }).waitFor();
    // Nobody picked: told, no request.
    await page.getByRole('button', { name: 'Mở hồ sơ', exact: true }).click();
    await page.getByText('Vui lòng tìm và chọn một người.').waitFor();
    // Found without diacritics, within the cell.
    await page.getByLabel('Họ tên (không cần dấu)').fill('pham thu ha');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('radio', { name: /Phạm Thu Hà/ }).check();
    await page.getByLabel('Đoàn viên Đoàn TNCS Hồ Chí Minh').check();
    await page.getByRole('button', { name: 'Mở hồ sơ', exact: true }).click();
    await page.getByRole('heading', { name: 'Phạm Thu Hà', level: 1 }).waitFor();
    caseId = /#\/cases\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('case-state').getAttribute('data-state')).toMatch(/identified/);
    const [row] = await ds.query(`SELECT snapshot->'context'->'facts'->'person'->>'youthUnionMember' AS yu FROM cases WHERE id = $1`, [caseId]);
    expect(row.yu).toBe('true');
    // Back on the board, the new case is there.
    await page.getByRole('link', { name: /Hồ sơ của chi bộ/ }).first().click();
    await page.locator('.case-card', { hasText: 'Phạm Thu Hà' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('registers a new person in the cell and opens a case for them', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/new`);
    await page.getByRole('heading', { name: 'Mở hồ sơ kết nạp mới', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Đăng ký người mới' }).check();
    await page.getByRole('button', { name: 'Mở hồ sơ', exact: true }).click();
    await page.getByText('Vui lòng nhập Họ và tên.').waitFor();
    await page.getByLabel('Họ và tên').fill('Lò Văn Minh');
    await page.getByLabel('Ngày sinh').fill('2003-03-15');
    await page.getByLabel('Giới tính').selectOption('male');
    await page.getByLabel('Dân tộc').fill('Thái');
    await page.getByLabel('Nghề nghiệp (nhóm báo cáo)').selectOption('student');
    await page.getByLabel('Trình độ học vấn').selectOption('upperSecondary');
    await page.getByRole('button', { name: 'Mở hồ sơ', exact: true }).click();
    await page.getByRole('heading', { name: 'Lò Văn Minh', level: 1 }).waitFor();
    const [p] = await ds.query(`SELECT organisation_id FROM people WHERE full_name = 'Lò Văn Minh'`);
    expect(p.organisation_id).toBe(cellId);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a step refused by the rules (422) with the rule id, its explanation and its citation', async () => {
    expect(caseId).not.toBe('');
    const { page } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Phạm Thu Hà', level: 1 }).waitFor();
    // The helper assigned at the sympathiser stage must be a full member: a probationary one is refused.
    await fillSympathiser(page, 'probationary');
    const form = page.locator('form[data-event-type="sympathiser.listed"]');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    const refusal = form.locator('[data-problem="refusal"]');
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('Quy định chưa cho phép ghi nhận bước này');
    expect(text).toContain('PROC-HELPER');
    expect(text).toContain('Phân công đảng viên chính thức giúp đỡ người vào Đảng');
    expect(text).toContain('Đảng viên giúp đỡ phải là đảng viên chính thức');
    // The helper clauses of the edition in force on the resolution date (before 01/07/2025: QĐ24, HD01).
    expect(text).toMatch(/Căn cứ: QĐ24 §3.2.2; HD01 §3.8c, §3.10/);
    expect(await refusal.getAttribute('role')).toBe('alert');
    // Nothing was recorded.
    expect(await page.locator('.case-header').getAttribute('data-version')).toBe('1');
    await page.context().close();
  });

  it('explains a conflict (409) when the case changed in another tab, and reloads it', async () => {
    const stale = (await newPage(browser)).page;
    await signIn(stale, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await stale.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await stale.getByRole('heading', { name: 'Phạm Thu Hà', level: 1 }).waitFor();
    await fillSympathiser(stale, 'full');

    // Meanwhile another page (another member of the committee, or the same one in a second window:
    // tokens live per tab) records the same step.
    const fresh = (await newPage(browser)).page;
    await signIn(fresh, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await fresh.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await fresh.getByRole('heading', { name: 'Phạm Thu Hà', level: 1 }).waitFor();
    await fillSympathiser(fresh, 'full');
    await fresh.locator('form[data-event-type="sympathiser.listed"]').getByRole('button', { name: 'Ghi nhận' }).click();
    await fresh.getByText('Đã ghi nhận. Hồ sơ đã được cập nhật.').waitFor();
    expect(await fresh.locator('.case-header').getAttribute('data-version')).toBe('2');

    // The stale tab is told in plain words, with both versions, and nothing of it is recorded.
    const form = stale.locator('form[data-event-type="sympathiser.listed"]');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    const conflict = form.locator('[data-problem="conflict"]');
    await conflict.waitFor();
    const text = await conflict.innerText();
    expect(text).toContain('Hồ sơ vừa được người khác cập nhật');
    expect(text).toContain('phiên bản 2');
    expect(text).toContain('phiên bản 1');
    await conflict.getByRole('button', { name: 'Tải lại' }).click();
    await stale.locator('.case-header[data-version="2"]').waitFor();
    expect(await stale.locator('.timeline li[data-event-type="sympathiser.listed"]').count()).toBe(1);
    await stale.context().close();
    await fresh.context().close();
  });
});
