// The secretary's paperwork on the case page (issue 18): each step lists its official forms with
// DOCX / PDF downloads and its documents; a scan is uploaded, listed, viewed, and the page says
// what is missing without blocking anything.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { login } from '../support/http.js';
import { recordAll, s1Events } from '../support/scenarios.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(120_000);

describe('forms and documents on the case page', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'paperwork-ui-'));
    web = await startWebApp();
    const ds = web.t.app.get(DataSource);
    const seeded = await seedDemoOrgs(ds);
    const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const admin = await login(web.t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-05-12T03:00:00Z' }).expect(200);
    const person = await admin
      .post('/api/v1/admin/people', {
        organisationId: cellId,
        fullName: 'Phạm Thị Hồ Sơ',
        birthDate: '2003-03-03',
        sex: 'female',
        ethnicity: 'Kinh',
        occupation: 'student',
        educationLevel: 'upperSecondary',
      })
      .expect(201);
    const created = await admin
      .post('/api/v1/cases', { personId: person.body.id, organisationId: cellId, candidate: { youthUnionMember: true } })
      .expect(201);
    caseId = created.body.id;
    const competent = created.body.facts.org.competentBody;
    // The dossier up to the consolidated opinions (S-1's first eleven acts).
    await recordAll(admin, caseId, created.body.version, s1Events(competent).slice(0, 11));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the forms per step, downloads a PDF, uploads a scan and views it, and shows what is missing', async () => {
    const { page, errors } = await newPage(browser, { width: 1280, height: 1600 });
    await signIn(page, web.baseUrl, 'chiuy', DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Phạm Thị Hồ Sơ', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Mẫu biểu và tài liệu' }).waitFor();

    // The cell's resolution is listed (the vote is next) but lacks the vote: shown, not blocking.
    const cellForm = page.locator('li[data-form="6-KNĐ"]');
    await cellForm.waitFor();
    expect(await cellForm.innerText()).toContain('Còn thiếu');
    expect(await cellForm.innerText()).toContain('Chưa có biểu quyết đạt của chi bộ');
    expect(await page.getByTestId('paper-summary').innerText()).toMatch(/mẫu còn thiếu dữ liệu/);

    // A ready form downloads as PDF.
    const summary = page.locator('li[data-form="5D-KNĐ"]');
    expect(await summary.innerText()).toContain('Đủ dữ liệu');
    expect(await summary.innerText()).toContain('Chưa có bản ký');
    const [pdf] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: 'Tải PDF' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^Mau-5D-KND-pham-thi-ho-so\.pdf$/);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Upload the signed scan of the consolidated opinions: listed, the badge changes, the file views.
    const scan = path.join(dir, 'tong-hop-y-kien.png');
    writeFileSync(scan, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]));
    await summary.locator('form[data-upload="5D-KNĐ"] input[type="file"]').setInputFiles(scan);
    await summary.locator('form[data-upload="5D-KNĐ"]').getByRole('button', { name: 'Tải lên', exact: true }).click();
    await page.getByText('Đã tải lên.').waitFor();
    const row = summary.locator('li.paper-document');
    await row.waitFor();
    expect(await row.innerText()).toContain('tong-hop-y-kien.png');
    expect(await row.innerText()).toMatch(/phiên bản 1, \d{2}\/\d{2}\/\d{4}/);
    await summary.getByText('Đã có bản ký').waitFor();
    const [viewed] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Xem' }).click()]);
    expect(
      readFileSync((await viewed.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    // A file that is not PDF, JPEG or PNG is refused with the server's message.
    const fake = path.join(dir, 'gia-mao.pdf');
    writeFileSync(fake, 'not a pdf');
    await cellForm.locator('form[data-upload="6-KNĐ"] input[type="file"]').setInputFiles(fake);
    await cellForm.locator('form[data-upload="6-KNĐ"]').getByRole('button', { name: 'Tải lên', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/Chỉ nhận PDF, JPEG hoặc PNG/)
      .waitFor();
    if (process.env.PAPERWORK_SCREENSHOT)
      await page.locator('section[aria-labelledby="documents-h"]').screenshot({ path: process.env.PAPERWORK_SCREENSHOT });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
