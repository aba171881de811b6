// The case page and the step forms as the cell secretary (chiuy) uses them every day (issue 19):
// the path as a stepper, only the actions the case can take, pickers for members and pending
// requests, Vietnamese date input, the vote filled from the roster, a refused vote corrected and
// saved, countdowns, and a page free of English, raw codes, ids and ISO dates.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { WorkingCalendar, type CalendarYear } from '../../libs/procedure/src/calendar/working-days.js';
import { addDays, addMonths, localDateInVietnam, type LocalDate } from '../../libs/procedure/src/dates.js';
import { launchBrowser, newPage, pageWidth, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(240_000);

const calendar = new WorkingCalendar(
  fs
    .readdirSync(path.join(process.cwd(), 'config/calendar'))
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/calendar', f), 'utf8')) as CalendarYear),
);
const vn = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const RAW = /\b(Opened|Imported|Pending|Always|undefined|null|NaN)\b|Phiên bản|Idempotency/;

describe('the cell secretary on the case page and the step forms', () => {
  let web: WebApp;
  let browser: Browser;
  let ds: DataSource;
  let cellId: string;
  let today: LocalDate;
  let members: { id: string; name: string }[];
  let exemptedId: string;
  let voteCase: string;
  let dossierCase: string;
  const api = async (user: string, method: string, url: string, body?: unknown, version = 1) => {
    const login = await fetch(`${web.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const res = await fetch(`${web.baseUrl}${url}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        ...(method === 'POST' && url.endsWith('/events') ? { 'If-Match': `"${version}"` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const openCase = async (fullName: string, birthDate: string, youth: boolean, history: Record<string, unknown> | null) => {
    const [person] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, $2, $3, 'male', 'Kinh', 'worker', 'upperSecondary') RETURNING id`,
      [cellId, fullName, birthDate],
    );
    const opened = await api('chiuy', 'POST', '/api/v1/cases', {
      personId: person.id,
      organisationId: cellId,
      candidate: { youthUnionMember: youth },
    });
    const id = opened.id as string;
    if (history)
      await api('admin', 'POST', `/api/v1/cases/${id}/events`, { type: 'case.imported', importedOn: today, source: 'test', ...history });
    return id;
  };

  beforeAll(async () => {
    web = await startWebApp();
    ds = web.t.app.get((await import('typeorm')).DataSource) as DataSource;
    const seeded = await seedDemoOrgs(ds);
    cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    today = localDateInVietnam(new Date());
    // Nine full members on the cell's roll since 2020.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM memberships WHERE body_id = $1 AND status = 'full'`, [cellId]);
    for (let k = n; k < 9; k++) {
      const [p] = await ds.query(
        `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
         VALUES ($1, $2, '1985-03-10', 'female', 'Kinh', 'publicEmployee', 'university') RETURNING id`,
        [cellId, `Đảng viên thứ ${k + 1}`],
      );
      await ds.query(
        `INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, 'member', 'full', '2020-01-01')`,
        [p.id, cellId],
      );
    }
    // One member exempted from meetings: counted only when present (QĐ294 §9.3.2).
    const [exempted] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Đảng viên miễn sinh hoạt', '1950-03-10', 'male', 'Kinh', 'other', 'university') RETURNING id`,
      [cellId],
    );
    exemptedId = exempted.id;
    await ds.query(
      `INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, 'member', 'exempted', '2020-01-01')`,
      [exempted.id, cellId],
    );
    members = await ds.query(
      `SELECT p.id, p.full_name AS name FROM memberships m JOIN people p ON p.id = m.person_id
        WHERE m.body_id = $1 AND m.status = 'full' AND m.valid_to IS NULL ORDER BY p.full_name`,
      [cellId],
    );
    const helper = { memberId: members[0]!.id, name: members[0]!.name, memberStatus: 'full' };
    const earlier = (months: number) => addMonths(today, -months);
    // A 36-year-old worker (past youth age: two full members introduce) whose dossier is complete.
    voteCase = await openCase('Trần Quốc Bảo', '1990-06-15', false, {
      stage: 'awaitingCellVote',
      evidence: {
        sympathiserListedOn: earlier(8),
        helper: { ...helper, assignedOn: earlier(8) },
        awarenessCertIssuedOn: earlier(7),
        clearedOn: earlier(5),
        applicationOn: earlier(5),
        declarationOn: earlier(5),
        backgroundCertifiedOn: earlier(3),
        introducers: [1, 2].map((k) => ({
          introducerId: members[k]!.id,
          kind: 'member',
          name: members[k]!.name,
          memberStatus: 'full',
          alongsideSince: earlier(30),
          date: earlier(2),
        })),
        opinionsOn: earlier(1),
      },
    });
    // A 23-year-old student with the application filed: the rest of the dossier to do.
    dossierCase = await openCase('Đinh Thị Mai', addMonths(today, -23 * 12 - 3), true, {
      stage: 'dossier',
      evidence: {
        sympathiserListedOn: earlier(6),
        helper: { ...helper, assignedOn: earlier(6) },
        awarenessCertIssuedOn: earlier(5),
        clearedOn: earlier(3),
        applicationOn: addDays(earlier(3), 3),
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const as = async (
    username: string,
    caseId: string,
    opts: { width?: number; height?: number } = {},
  ): Promise<{ page: Page; errors: string[] }> => {
    // The en-US browser locale: Chromium's own date input would show mm/dd/yyyy there.
    const { page, errors } = await newPage(browser, { width: opts.width ?? 1366, height: opts.height ?? 900, locale: 'en-US' });
    await signIn(page, web.baseUrl, username, DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.locator('.stepper').waitFor();
    return { page, errors };
  };
  const openStep = async (page: Page, type: string) => {
    await page.locator(`button[data-event="${type}"]`).first().click();
    const form = page.locator(`form[data-event-type="${type}"]`);
    await form.waitFor();
    return form;
  };
  /** The page as a secretary reads it: no English, raw codes, ids or ISO dates. */
  const scan = async (page: Page) => {
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(ISO_DATE);
    expect(text).not.toMatch(RAW);
  };

  it('shows the path as stages with dates, the open sub-steps in §3 order, and only the actions the case can take', async () => {
    const { page, errors } = await as('chiuy', dossierCase);
    // The stepper: done stages with their dates, the dossier current, the rest to come.
    const stage = (key: string) => page.locator(`.stage[data-stage="${key}"]`);
    expect(await stage('sympathiser').getAttribute('data-status')).toBe('done');
    // Each done stage dated by the act that completed it: listed as a sympathiser, cleared for the dossier.
    expect(await stage('identified').innerText()).toContain(vn(addMonths(today, -6)));
    expect(await stage('sympathiser').innerText()).toContain(vn(addMonths(today, -3)));
    expect(await stage('dossier').getAttribute('aria-current')).toBe('step');
    expect(await stage('cellVote').getAttribute('data-status')).toBe('todo');
    expect(await page.locator('.stage').count()).toBe(10);
    // The current stage's sub-steps: the application done, the four others open, in §3 order.
    expect(
      await page
        .locator('[data-substep]')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-substep')}:${e.getAttribute('data-done')}`)),
    ).toEqual(['application:true', 'declaration:false', 'verification:false', 'introductions:false', 'opinions:false']);
    // "Bước hiện tại": only the open ones, in that order, on every load; no internal version counter.
    for (let k = 0; k < 2; k++) {
      expect(await page.getByTestId('case-state').innerText()).toBe('Khai lý lịch · Thẩm tra lý lịch · Giới thiệu · Lấy ý kiến nhận xét');
      await page.reload();
      await page.locator('.stepper').waitFor();
    }
    expect(await page.locator('.case-header').innerText()).not.toContain('Phiên bản');
    // The board's card says the same, in the same order.
    await page.goto(`${web.baseUrl}/#/cases`);
    const card = page.locator('.case-card', { hasText: 'Đinh Thị Mai' });
    expect(await card.locator('[data-card-state]').innerText()).toBe('Khai lý lịch · Thẩm tra lý lịch · Giới thiệu · Lấy ý kiến nhận xét');
    await page.goto(`${web.baseUrl}/#/cases/${dossierCase}`);
    await page.locator('.stepper').waitFor();
    // Only what this case can take now: no over-60 attestation for a 23-year-old, no second application;
    // the withdrawal is there since an application was filed.
    const offered = await page
      .locator('section[aria-labelledby="next-h"] button[data-event]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect(offered).not.toContain('attestation.recorded');
    expect(offered).not.toContain('application.filed');
    expect(offered).not.toContain('dossier.cleared');
    expect(offered).toContain('case.withdrawn');
    expect(offered).toContain('background.declared');
    // A refused step's button says what it does, never "override".
    const tryBlocked = page.locator('[data-blocked] button[data-event]').first();
    if (await tryBlocked.count()) expect(await tryBlocked.innerText()).toBe('Ghi nhận theo ngày thực hiện (trễ hạn sẽ được đánh dấu)');
    // The checklist never says "Đạt" for a rule a refusal beside it names, and shows the reason itself.
    const refused = await page.locator('[data-blocked] .rule .rule-id').allInnerTexts();
    for (const id of new Set(refused)) {
      const req = page.locator(`[data-requirement="${id}"]`);
      if (await req.count()) {
        expect(await req.getAttribute('data-status')).not.toBe('passed');
        expect((await req.innerText()).length).toBeGreaterThan(40);
      }
    }
    await scan(page);
    expect(errors).toEqual([]);
    await page.context().close();

    // The case before any application: no withdrawal offered.
    const fresh = await openCase('Lý Văn Tâm', '2000-02-02', true, null);
    const p2 = await as('chiuy', fresh);
    const offered2 = await p2.page
      .locator('section[aria-labelledby="next-h"] button[data-event]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect(offered2).toContain('sympathiser.listed');
    expect(offered2).not.toContain('case.withdrawn');
    expect(offered2).not.toContain('attestation.recorded');
    await p2.page.context().close();
  });

  it('picks introducers from the cell roster, types dates as dd/mm/yyyy capped at today, picks the pending request, and counts the answer deadline down', async () => {
    let { page } = await as('chiuy', dossierCase);
    const intro = await openStep(page, 'introduction.memberRecorded');
    // The introducer is picked from the members on the letter's date: no free-text id.
    const picker = intro.locator('select[name="introducerId"]');
    expect(await picker.getAttribute('data-picker')).toBe('member');
    expect(await intro.locator('input[name="introducerId"], input[name="name"], [name="memberStatus"]').count()).toBe(0);
    const names = await picker.locator('option').allInnerTexts();
    expect(names).toContain(`${members[3]!.name} — Đảng viên chính thức`);
    expect(names.some((n) => n.includes('XYZ'))).toBe(false);
    // The date input speaks dd/mm/yyyy even in an en-US browser, and refuses tomorrow.
    const letter = intro.locator('[name="letterDate"]');
    expect(await letter.getAttribute('type')).toBe('text');
    expect(await letter.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await letter.fill(vn(addDays(today, 1)));
    await picker.selectOption(members[3]!.id);
    expect(await intro.locator(`[data-picked-member="${members[3]!.id}"]`).innerText()).toBe(members[3]!.name);
    await intro.locator('[name="alongsideSince"]').fill(vn(addMonths(today, -30)));
    await intro.getByRole('button', { name: 'Ghi nhận' }).click();
    await intro.locator('.field-error', { hasText: 'không được sau ngày hôm nay' }).first().waitFor();
    await intro.getByRole('button', { name: 'Hủy' }).click();
    await page.context().close();

    // The base committee requests the verification: dates typed as dd/mm/yyyy.
    ({ page } = await as('danguy', dossierCase));
    // The candidate's background declaration, recorded by the cell (through the API, it is not under test here).
    const { version } = await api('chiuy', 'GET', `/api/v1/cases/${dossierCase}`);
    await api(
      'chiuy',
      'POST',
      `/api/v1/cases/${dossierCase}/events`,
      { type: 'background.declared', date: addDays(today, -20) },
      version as number,
    );
    await page.reload();
    await page.locator('.stepper').waitFor();
    let form = await openStep(page, 'backgroundCheck.requested');
    const sent = addDays(today, -10);
    await form.locator('[name="requestId"]').fill('TT-19-01');
    await form.locator('[name="subject"]').selectOption('candidate');
    await form.locator('[name="sentOn"]').fill(vn(sent));
    await form.locator('[name="receivedOn"]').fill(vn(sent));
    expect(await form.locator('[name="sentOn"]').inputValue()).toBe(vn(sent));
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByText('Đã ghi nhận. Hồ sơ đã được cập nhật.').waitFor();
    // The answer deadline is in "Thời hạn sắp tới", with its countdown in working days.
    const answer = page.locator('[data-timer="backgroundCheckAnswer"]');
    await answer.waitFor();
    const due = calendar.addWorkingDays(sent, 30).date!;
    expect(await answer.innerText()).toContain(vn(due));
    const left = calendar.workingDaysBetween(today, due).days!;
    expect(await answer.locator('[data-countdown]').innerText()).toBe(`còn ${left} ngày làm việc`);
    // The answer picks the pending request: nothing retyped.
    form = await openStep(page, 'backgroundCheck.answered');
    const request = form.locator('select[name="requestId"]');
    expect(await request.getAttribute('data-picker')).toBe('pendingRequest');
    expect(await request.locator('option').allInnerTexts()).toEqual(['— Chọn —', `TT-19-01 · Người vào Đảng · gửi ${vn(sent)}`]);
    await form.getByRole('button', { name: 'Hủy' }).click();
    await scan(page);
    await page.context().close();
  });

  it('fills the vote from the roster, flags a mismatch, and saves a refused vote once corrected', async () => {
    const { page, errors } = await as('chiuy', voteCase);
    expect(await page.locator('.stage[data-stage="cellVote"]').getAttribute('aria-current')).toBe('step');
    const form = await openStep(page, 'cell.admissionVoted');
    // Only the motion of this step; the roster's figures, not typed.
    expect(await form.locator('select[name="vote.motion"] option').allInnerTexts()).toEqual(['Đề nghị kết nạp']);
    expect(await form.locator('[name="vote.roll"], [name="vote.rosterEligible"]').count()).toBe(0);
    // A meeting date before the consolidated opinions: the rules refuse it.
    const tooEarly = addMonths(today, -2);
    await form.locator('[name="vote.meetingDate"]').fill(vn(tooEarly));
    const basis = form.locator('.vote-basis[data-roster-eligible]');
    await basis.waitFor();
    // The roll counts the exempted member; the eligible voters do not, unless they attended.
    expect(await basis.getAttribute('data-roll')).toBe(String(members.length + 1));
    expect(await basis.getAttribute('data-roster-eligible')).toBe(String(members.length));
    expect(await form.locator('[name="vote.eligible"]').inputValue()).toBe(String(members.length));
    const attendee = form.locator(`input[name="vote.attendeeIds"][value="${exemptedId}"]`);
    expect(await form.locator('fieldset.attendees').innerText()).toContain('Đảng viên miễn sinh hoạt');
    await attendee.check();
    await form.locator(`.vote-basis[data-roster-eligible="${members.length + 1}"]`).waitFor();
    expect(await form.locator('[name="vote.eligible"]').inputValue()).toBe(String(members.length + 1));
    await attendee.uncheck();
    await form.locator(`.vote-basis[data-roster-eligible="${members.length}"]`).waitFor();
    expect(await form.locator('textarea[name="vote.attendeeIds"]').count()).toBe(0);
    // Minutes that differ from the roster: shown both, a reason asked for.
    await form.locator('[name="vote.eligible"]').fill('12');
    await form.locator('[data-vote-mismatch]').waitFor();
    expect(await form.locator('[data-vote-mismatch]').innerText()).toContain(
      `Biên bản ghi 12 người được biểu quyết, danh sách đảng viên là ${members.length}`,
    );
    await form.locator('[name="vote.for"]').fill('9');
    await form.locator('[name="vote.against"]').fill('0');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await form
      .getByText(/vui lòng ghi lý do chênh lệch/)
      .first()
      .waitFor();
    // Back to the roster's figure: the reason box goes away.
    await form.locator('[name="vote.eligible"]').fill(String(members.length));
    expect(await form.locator('[name="vote.mismatchReason"]').count()).toBe(0);
    await form.locator('[name="vote.for"]').fill(String(members.length - 1));
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    const refusal = form.locator('[data-problem="refusal"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).not.toMatch(ISO_DATE);
    // Corrected and pressed again: saved (a new idempotency key for the new attempt).
    await form.locator('[name="vote.meetingDate"]').fill(vn(addDays(today, -3)));
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByText('Đã ghi nhận. Hồ sơ đã được cập nhật.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Idempotency');
    await page.locator('.stage[data-stage="baseVote"][aria-current="step"]').waitFor();
    expect(await page.locator('.stage[data-stage="cellVote"]').innerText()).toContain(vn(addDays(today, -3)));
    // The decision deadline counts down in working days, figured by the API's calendar.
    const decision = page.locator('[data-timer="admissionDecision"]');
    const due = calendar.addWorkingDays(addDays(today, -3), 45).date!;
    expect(await decision.innerText()).toContain(vn(due));
    expect(await decision.locator('[data-countdown]').innerText()).toBe(
      `còn ${calendar.workingDaysBetween(today, due).days} ngày làm việc`,
    );
    // History: Vietnamese names, the author by name, times as 11:27, 02/12/2026.
    const entries = await page.locator('.timeline li').allInnerTexts();
    expect(entries.join('\n')).toMatch(/Chi bộ biểu quyết đề nghị kết nạp/);
    expect(entries.join('\n')).toMatch(/Mở hồ sơ/);
    expect(entries.join('\n')).toMatch(/\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/);
    await scan(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fills the base committee vote from the committee roster and shows a mismatch (after the cell vote above)', async () => {
    const { page, errors } = await as('danguy', voteCase);
    await page.locator('.stage[data-stage="baseVote"][aria-current="step"]').waitFor();
    const form = await openStep(page, 'base.admissionVoted');
    // Neither the cell's roll nor the roster figure is typed for a committee.
    expect(await form.locator('[name="vote.roll"], [name="vote.rosterEligible"]').count()).toBe(0);
    const meetingDate = addDays(today, -1);
    await form.locator('[name="vote.meetingDate"]').fill(vn(meetingDate));
    const basis = form.locator('.vote-basis[data-committee-eligible]');
    await basis.waitFor();
    // The figures are the API's (the engine's own count, PROC-BASE-VOTE): the university committee of
    // the demo has 9 members, one on temporary transfer (8 sitting, the denominator).
    const hint = (await api('danguy', 'GET', `/api/v1/cases/${voteCase}/committee-vote-basis?type=base.admissionVoted&date=${meetingDate}`)).basis as {
      eligible: number;
      members: number;
      sitting: number;
    };
    expect(hint).toMatchObject({ members: 9, sitting: 8, eligible: 8 });
    expect(await basis.getAttribute('data-committee-eligible')).toBe('8');
    expect(await basis.innerText()).toContain(`Theo danh sách cấp ủy ngày ${vn(meetingDate)}: đảng ủy cơ sở có 9 cấp ủy viên, 8 đương nhiệm`);
    expect(await form.locator('[name="vote.eligible"]').inputValue()).toBe('8');
    expect(await form.locator('[name="vote.mismatchReason"]').count()).toBe(0);
    await form.locator('[name="vote.eligible"]').fill('9');
    await form.locator('[data-vote-mismatch]').waitFor();
    expect(await form.locator('[data-vote-mismatch]').innerText()).toContain('Biên bản ghi 9 người được biểu quyết, danh sách cấp ủy là 8');
    expect(await form.locator('[name="vote.mismatchReason"]').count()).toBe(1);
    await scan(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits a 1366 px window without a horizontal scroll: the case page and the to-do list', async () => {
    const { page } = await as('chiuy', dossierCase);
    expect(await pageWidth(page)).toBeLessThanOrEqual(1366);
    await page.goto(`${web.baseUrl}/#/todo`);
    await page.getByRole('heading', { name: 'Việc cần làm', level: 1 }).waitFor();
    await page.locator('.todo-item, .empty').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(1366);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('reads on a phone (390×844): the stepper and the step forms fit', async () => {
    const { page } = await as('chiuy', dossierCase, { width: 390, height: 844 });
    const overflow = () =>
      page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
    expect(await overflow()).toBeLessThanOrEqual(390);
    expect(await page.locator('.stage[aria-current="step"]').isVisible()).toBe(true);
    await openStep(page, 'introduction.memberRecorded');
    expect(await overflow()).toBeLessThanOrEqual(390);
    await scan(page);
    await page.context().close();
  });
});
