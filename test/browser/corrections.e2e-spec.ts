// A cell secretary who typed a wrong date corrects it from the case timeline (procedure.md §6.6):
// "Sửa" opens the act's form pre-filled, the reason is required, and after saving the entry is
// marked "Đã sửa" with the reason and its author while the correction shows the right date.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { login } from '../support/http.js';
import { MINH } from '../support/cases.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(120_000);

describe('correcting a recorded act through "Sửa" on the timeline', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    web = await startWebApp();
    const ds = web.t.app.get(DataSource);
    const seeded = await seedDemoOrgs(ds);
    const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const admin = await login(web.t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-05-12T03:00:00Z' }).expect(200);
    const person = await admin
      .post('/api/v1/admin/people', { organisationId: cellId, fullName: 'Đỗ Thị Sửa', birthDate: '2003-03-03', sex: 'female', ethnicity: 'Kinh', occupation: 'student', educationLevel: 'upperSecondary' })
      .expect(201);
    const created = await admin.post('/api/v1/cases', { personId: person.body.id, organisationId: cellId, candidate: { youthUnionMember: true } }).expect(201);
    caseId = created.body.id;
    await admin.post(`/api/v1/cases/${caseId}/events`, { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH }, { 'If-Match': `"${created.body.version}"` }).expect(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('corrects the sympathiser resolution date with a reason and shows the entry marked "Đã sửa"', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Đỗ Thị Sửa', level: 1 }).waitFor();

    const entry = page.locator('.timeline li[data-event-type="sympathiser.listed"]');
    await entry.getByRole('button', { name: 'Sửa' }).click();
    const form = entry.locator('form[data-event-type="sympathiser.listed"]');
    await form.waitFor();
    // Pre-filled with what was recorded.
    expect(await form.locator('[name="resolutionDate"]').inputValue()).toBe('2025-01-06');
    expect(await form.locator('[name="helper.name"]').inputValue()).toBe(MINH.name);
    await form.locator('[name="resolutionDate"]').fill('2025-01-08');
    // The reason is required: nothing is sent without it.
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await form.getByText('Cần ghi lý do đính chính (ít nhất 3 ký tự).').first().waitFor();
    await form.locator('textarea[name="reason"]').fill('Nghị quyết chi bộ ghi ngày 08/01/2025');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();

    const original = page.locator('.timeline li.is-corrected[data-event-type="sympathiser.listed"]');
    await original.waitFor();
    await original.getByText('Đã sửa').waitFor();
    await original.getByText('Nghị quyết chi bộ ghi ngày 08/01/2025').waitFor();
    expect(await original.locator('.correction-note').innerText()).toMatch(/chiuy/);
    // The corrected act, with its date as dd/mm/yyyy, next to the original; no second "Sửa" on the original.
    const correction = page.locator('.timeline li[data-event-type="sympathiser.listed"]:not(.is-corrected)');
    await correction.locator('time', { hasText: '08/01/2025' }).waitFor();
    expect(await original.locator('time').innerText()).toBe('06/01/2025');
    await correction.getByText('Đính chính của #2').waitFor();
    expect(await original.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
    expect(await page.getByTestId('case-version').innerText()).toBe('3');
    expect(errors).toEqual([]);
  });

  it('corrects the person’s name through the opening entry, with the candidate facts pre-filled', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Đỗ Thị Sửa', level: 1 }).waitFor();
    const entry = page.locator('.timeline li[data-event-type="case.opened"]');
    await entry.getByText('Mở hồ sơ').first().waitFor();
    await entry.getByRole('button', { name: 'Sửa' }).click();
    const form = entry.locator('form[data-event-type="case.opened"]');
    expect(await form.locator('[name="person.fullName"]').inputValue()).toBe('Đỗ Thị Sửa');
    expect(await form.locator('[name="person.birthDate"]').inputValue()).toBe('2003-03-03');
    expect(await form.locator('[name="candidate.youthUnionMember"]').isChecked()).toBe(true);
    expect(await form.locator('[name="candidate.areaException"]').isChecked()).toBe(false);
    await form.locator('[name="person.fullName"]').fill('Đỗ Thị Sửa Đúng');
    await form.locator('textarea[name="reason"]').fill('Giấy khai sinh ghi Đỗ Thị Sửa Đúng');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByRole('heading', { name: 'Đỗ Thị Sửa Đúng', level: 1 }).waitFor();
    await page.locator('.timeline li.is-corrected[data-event-type="case.opened"]').getByText('Đã sửa').waitFor();
    expect(errors).toEqual([]);
  });
});
