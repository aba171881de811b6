// Supervisors: the inspection commission (kiemtra) and the organisation department (bantochuc) land
// on the compliance dashboard, see a late ceremony found in their subtree, drill down to the case and
// its audit trail, explain and resolve it; open the admissions report with its charts and the
// progress against the target, and download the CSV export.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { launchBrowser, newPage, pageWidth, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(120_000);

describe('supervisors: compliance dashboard, violation lifecycle, reports and exports', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let provinceId: string;

  const token = async (username: string): Promise<string> =>
    (
      (await (
        await fetch(`${web.baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password: DEMO_PASSWORD }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;

  beforeAll(async () => {
    web = await startWebApp();
    const ds = web.t.app.get((await import('typeorm')).DataSource) as DataSource;
    const seeded = await seedDemoOrgs(ds);
    const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    provinceId = seeded.organisations['DEMO-TU']!;
    const [person] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Hoàng Minh Tuấn', '2002-07-20', 'male', 'Kinh', 'student', 'university') RETURNING id`,
      [cellId],
    );
    const opened = await fetch(`${web.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token('chiuy')}` },
      body: JSON.stringify({ personId: person.id, organisationId: cellId, candidate: { youthUnionMember: true } }),
    });
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${await opened.text()}`);
    caseId = ((await opened.json()) as { id: string }).id;
    // History as an import would bring it: an admission decision signed on 2025-10-20 and a ceremony
    // held on 2025-12-20, after its deadline of 2025-12-02 (QĐ294 §4.1) — the violation the
    // compliance catalogue opens for it.
    const [ev] = await ds.query(
      `INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, state_after, machine_version)
       VALUES ($1, 100, 'decision.admissionSigned', '{}', '2025-10-20', 'COMPETENT', 'imported', 1) RETURNING id`,
      [caseId],
    );
    await ds.query(`INSERT INTO decisions (case_id, event_id, kind, body, number, signed_on, received_on, outcome) VALUES ($1, $2, 'admission', 'COMPETENT', '123-QĐ/ĐU', '2025-10-20', '2025-10-21', 'admitted')`, [
      caseId,
      ev.id,
    ]);
    await ds.query(
      `INSERT INTO violations (case_id, organisation_id, rule_id, step, responsible, due_date, actual_date, details)
       VALUES ($1, $2, 'PROC-DEADLINES', 'ceremony', 'CELL', '2025-12-02', '2025-12-20', $3)`,
      [caseId, cellId, JSON.stringify({ reason: { vi: 'Lễ kết nạp tổ chức sau thời hạn 30 ngày làm việc', en: 'Ceremony held after the 30-working-day deadline' } })],
    );
    // The organisation department's targets for 2025: 1 admission in total, 2 students.
    const put = await fetch(`${web.baseUrl}/api/v1/targets`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token('bantochuc')}` },
      body: JSON.stringify({ organisationId: provinceId, year: 2025, targets: [{ category: 'total', target: 1 }, { category: 'student', target: 2 }] }),
    });
    if (put.status >= 300) throw new Error(`PUT /targets: ${put.status} ${await put.text()}`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const as = async (username: string): Promise<{ page: Page; errors: string[]; chartRequests: string[] }> => {
    const { page, errors } = await newPage(browser);
    const chartRequests: string[] = [];
    page.on('request', (r) => {
      if (/chart-setup-[^/]+\.js$/.test(r.url())) chartRequests.push(r.url());
    });
    await signIn(page, web.baseUrl, username, DEMO_PASSWORD);
    return { page, errors, chartRequests };
  };

  it('lands the inspection commission on the compliance dashboard, with the violation by organisation and by kind', async () => {
    const { page, errors, chartRequests } = await as('kiemtra');
    await page.waitForURL(/#\/compliance/);
    await page.getByRole('heading', { name: 'Giám sát tuân thủ quy trình kết nạp', level: 1 }).waitFor();
    const row = page.locator('tr[data-rule="PROC-DEADLINES"]');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Thời hạn của từng bước');
    expect(text).toContain('Chi bộ Sinh viên');
    expect(text).toContain('02/12/2025');
    expect(text).toContain('20/12/2025');
    expect(text).toContain('Chưa giải trình');
    expect(await page.getByTestId('by-organisation').innerText()).toContain('Chi bộ Sinh viên');
    expect(await page.getByTestId('by-rule').innerText()).toContain('PROC-DEADLINES');
    // No horizontal page scroll (the rule select once made the page 3,100 px wide): 1366×900 and a phone.
    for (const [width, height] of [
      [1366, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 1024, height: 768 });
    // Filtering by a kind with no violation empties the list; clearing brings it back.
    await page.getByLabel('Loại vi phạm (quy định)').selectOption('PROC-CELL-VOTE');
    await page.getByText('Không có vi phạm nào phù hợp.').first().waitFor();
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await row.waitFor();

    // Drill down: the audit trail of the case, then the case itself.
    await row.getByRole('link', { name: 'Nhật ký kiểm tra' }).click();
    await page.getByRole('heading', { name: 'Nhật ký kiểm tra của hồ sơ', level: 1 }).waitFor();
    await page.locator('tr[data-action="case.create"]').waitFor();
    await page.locator('.breadcrumb').getByRole('link', { name: /Hồ sơ$/ }).click();
    await page.getByRole('heading', { name: 'Hoàng Minh Tuấn', level: 1 }).waitFor();
    // chart.js was never downloaded on these pages.
    expect(chartRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets the organisation department explain the violation and the inspection commission resolve it', async () => {
    let { page } = await as('bantochuc');
    await page.waitForURL(/#\/compliance/);
    await page.locator('tr[data-rule="PROC-DEADLINES"]').getByRole('link', { name: 'Chi tiết' }).click();
    await page.getByRole('heading', { name: /^Vi phạm: / }).waitFor(); // the candidate's name, never the rule's code
    expect(await page.getByTestId('violation-rule').innerText()).toContain('Thời hạn của từng bước');
    await page.getByText('Lễ kết nạp tổ chức sau thời hạn 30 ngày làm việc').waitFor();
    // No "resolve" for the organisation department.
    expect(await page.getByRole('button', { name: 'Kết luận và đóng' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Gửi giải trình' }).click();
    await page.getByText('Vui lòng nhập nội dung.').waitFor();
    await page.getByRole('textbox', { name: 'Giải trình' }).fill('Chi bộ chờ đảng viên giúp đỡ đi công tác về; đã rút kinh nghiệm.');
    await page.getByRole('button', { name: 'Gửi giải trình' }).click();
    await page.locator('[data-testid="violation-status"][data-status="explained"]').waitFor();
    const violationUrl = page.url();
    await page.context().close();

    ({ page } = await as('kiemtra'));
    await page.goto(violationUrl);
    await page.getByRole('heading', { name: /^Vi phạm: / }).waitFor(); // the candidate's name, never the rule's code
    await page.getByRole('textbox', { name: 'Kết luận' }).fill('Đã xem xét giải trình; nhắc nhở chi bộ.');
    await page.getByRole('button', { name: 'Kết luận và đóng' }).click();
    await page.locator('[data-testid="violation-status"][data-status="resolved"]').waitFor();
    const history = await page.locator('section[aria-labelledby="history-h"]').innerText();
    expect(history).toContain('Đã giải trình');
    expect(history).toContain('Đã kết luận');
    await page.context().close();
  });

  it('opens the admissions report with its charts and the progress against the targets, and downloads the CSV', async () => {
    const { page, errors, chartRequests } = await as('bantochuc');
    await page.getByRole('link', { name: 'Báo cáo' }).click();
    await page.getByRole('heading', { name: 'Báo cáo kết nạp đảng viên', level: 1 }).waitFor();
    await page.getByRole('spinbutton', { name: 'Năm' }).fill('2025');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL(/year=2025/);
    await page.getByTestId('progress-total').waitFor();
    expect(await page.getByTestId('progress-total').textContent()).toBe('1 = 100% kế hoạch');
    expect(await page.getByTestId('progress-student').textContent()).toBe('1 = 50% kế hoạch');
    // The charts are drawn (chart.js loaded on this page only, as its own chunk).
    const canvas = page.getByTestId('chart-targets');
    await canvas.waitFor();
    await page.waitForFunction(() => {
      const c = (globalThis as unknown as { document: { querySelector(s: string): { width: number } | null } }).document.querySelector('[data-testid="chart-periods"]');
      return c !== null && c.width > 0;
    });
    expect(chartRequests.length).toBe(1);
    expect(await canvas.getAttribute('aria-label')).toContain('Tổng số: 1 = 100% kế hoạch');
    const periods = await page.locator('section[aria-labelledby="periods-h"] table').innerText();
    expect(periods).toContain('Quý 4');
    // Coverage and pipeline tables.
    await page.getByTestId('coverage-gaps').waitFor();
    expect(await page.getByTestId('coverage-gaps').innerText()).toContain('Thôn Đông');
    await page.getByTestId('pipeline').waitFor();

    // The CSV export is fetched with the bearer token and saved.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('ket-nap-DEMO-TU-2025-quarter.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('organisationCode');
    expect(csv).toContain('DEMO-TU');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
