// A cell secretary who typed a wrong date corrects it from the case timeline (procedure.md §6.6):
// "Sửa" opens the act's form pre-filled, the reason is required, and after saving the entry is
// marked "Đã sửa" with the reason and its author while the correction shows the right date.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { login } from '../support/http.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(120_000);

describe('correcting a recorded act through "Sửa" on the timeline', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let helper: { memberId: string; name: string; memberStatus: string };

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
    // The helper is a full member of the cell (the form picks members from the cell's roster).
    const [member] = await ds.query(
      `SELECT p.id, p.full_name AS name FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.body_id = $1 AND m.status = 'full' ORDER BY p.full_name LIMIT 1`,
      [cellId],
    );
    helper = { memberId: member.id, name: member.name, memberStatus: 'full' };
    await admin.post(`/api/v1/cases/${caseId}/events`, { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper }, { 'If-Match': `"${created.body.version}"` }).expect(200);
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
    // The date field shows the recorded date (dd/mm/yyyy in the Vietnamese date input, ISO in a native one).
    expect(['06/01/2025', '2025-01-06']).toContain(await form.locator('[name="resolutionDate"]').inputValue());
    // The helper is pre-filled too: the server, which requires it, accepts the correction below.
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
    const saved = await (await login(web.t.app, 'admin')).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(saved.body.version).toBe(3);
    expect(saved.body.timeline.find((e: { seq: number }) => e.seq === 3)).toMatchObject({ correctsSeq: 2, eventDate: '2025-01-08' });
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
    expect(['03/03/2003', '2003-03-03']).toContain(await form.locator('[name="person.birthDate"]').inputValue());
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
