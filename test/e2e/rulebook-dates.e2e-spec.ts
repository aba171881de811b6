import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { vote } from '../support/scenarios.js';

/**
 * Issue 16 through the API: PROC-DATES (I-12), refusals that name the unmet rule, declared
 * candidate facts (400 on an unknown key), and exempted members who attended counted (QĐ294 §9.3.2).
 */
describe('rulebook answers over HTTP: dates, refusals, candidate facts, roster', () => {
  let t: TestApp;
  let admin: Client;
  let db: DataSource;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

  const vnToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const plusDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

  const dossier: object[] = [
    { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH },
    { type: 'awarenessCourse.certified', issuedOn: '2025-02-14', certificateNo: 'GCN-01' },
    { type: 'dossier.cleared', decisionDate: '2025-03-03' },
    { type: 'application.filed', date: '2025-03-10' },
    { type: 'background.declared', date: '2025-03-12' },
    { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-04-08', finding: 'clear' },
    { type: 'background.certified', date: '2025-04-10', politicalIssue: false },
  ];

  async function openCase(birthDate: string, body: Record<string, unknown> = { candidate: { youthUnionMember: true } }) {
    const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const person = await admin
      .post('/api/v1/admin/people', { organisationId: cellId, fullName: `Ứng viên ${Math.floor(Math.random() * 1e9)}`, birthDate, sex: 'male', ethnicity: 'Kinh', occupation: 'student', educationLevel: 'upperSecondary' })
      .expect(201);
    return admin.post('/api/v1/cases', { personId: person.body.id, organisationId: cellId, ...body });
  }

  /**
   * Records events in order; returns the last answer (the first refusal is returned, not thrown),
   * a success with the page (GET) as its body: a step answers only the compact result.
   */
  async function record(c: { id: string; version: number }, events: object[]) {
    let last = null as unknown as Awaited<ReturnType<Client['get']>>;
    for (const event of events) {
      last = await admin.post(`/api/v1/cases/${c.id}/events`, event, { 'If-Match': `"${c.version}"` });
      if (last.status !== 200) return last;
      c.version = last.body.version;
    }
    if (last) last.body = (await admin.get(`/api/v1/cases/${c.id}`).expect(200)).body;
    return last;
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('PROC-DATES: an application dated after today is refused (422) naming both dates, and nothing is scheduled from it', async () => {
    const opened = await openCase('2003-03-03');
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    expect((await record(c, dossier.slice(0, 3))).status).toBe(200);
    const today = vnToday();
    const future = plusDays(today, 40);
    const res = await record(c, [{ type: 'application.filed', date: future }]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CASE.RULES_BLOCKED');
    const rule = res.body.rules.find((r: { id: string }) => r.id === 'PROC-DATES');
    expect(rule.reason.vi).toBe(`Ngày đơn (${dmy(future)}) sau ngày hôm nay (${dmy(today)})`);
    expect(rule.reason.en).toBe(`Application date (${dmy(future)}) is after today (${dmy(today)})`);
    expect(rule.citation[0]).toMatchObject({ section: 'I-12' });
    expect(rule.dates).toEqual([{ field: 'date', date: future, relation: 'notAfter', other: 'today', otherDate: today, display: { date: dmy(future), otherDate: dmy(today) } }]);
    const view = await admin.get(`/api/v1/cases/${c.id}`).expect(200);
    expect(view.body.version).toBe(c.version);
    expect(view.body.facts.evidence.applicationOn).toBeUndefined();
  });

  it('PROC-DATES: a background-check answer dated before its request, and an application before the consent to compile', async () => {
    const opened = await openCase('2003-03-03');
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    const early = await record(c, [...dossier.slice(0, 3), { type: 'application.filed', date: '2025-03-01' }]);
    expect(early.status).toBe(422);
    expect(early.body.rules.map((r: { id: string }) => r.id)).toEqual(['PROC-DATES']);
    expect(early.body.rules[0].reason.en).toBe('Application date (01/03/2025) is before the consent to compile the dossier (03/03/2025)');
    const answered = await record(c, [...dossier.slice(3, 6), { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-03-10', finding: 'clear' }]);
    expect(answered.status).toBe(422);
    expect(answered.body.rules[0]).toMatchObject({ id: 'PROC-DATES', reason: { en: 'Answer date (10/03/2025) is before the verification request (13/03/2025)' } });
  });

  it('a 25-year-old with two full members and no Youth Union resolution: the cell vote is refused with COND-INTRODUCERS, not PROC-ORDER', async () => {
    const opened = await openCase('2000-05-12');
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    const members = [
      { type: 'introduction.memberRecorded', introducerId: 'dv-a', name: 'Đảng viên A', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
      { type: 'introduction.memberRecorded', introducerId: 'dv-b', name: 'Đảng viên B', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
      { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included' },
    ];
    expect((await record(c, [...dossier, ...members])).status).toBe(200);
    const res = await record(c, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 6, 5) }]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CASE.RULES_BLOCKED');
    const ids = res.body.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain('COND-INTRODUCERS');
    expect(ids).not.toContain('PROC-ORDER');
    const intro = res.body.rules.find((r: { id: string }) => r.id === 'COND-INTRODUCERS');
    expect(intro.reason.vi).toContain('nghị quyết giới thiệu của Đoàn cơ sở và một đảng viên chính thức');
    expect(intro.citation.map((x: { instrument: string }) => x.instrument)).toEqual(['Điều lệ Đảng', 'QĐ294', 'HD06']);
  });

  it('candidate facts are declared: an unknown variant key is refused with 400 naming it; the expungement date is accepted where declared', async () => {
    const misplaced = await openCase('1985-01-01', { variant: { expungedOn: '2021-01-01' } });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.errors.map((e: { field: string }) => e.field)).toEqual(['variant.expungedOn']);
    const nested = await openCase('1985-01-01', {
      variant: { readmission: { leftOn: '2019-01-01', reason: 'lessSeriousConvictionExpunged', previouslyReadmitted: false, expungedOn: '2021-06-01', courtNote: 'x' } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors.map((e: { field: string }) => e.field)).toEqual(['variant.readmission.courtNote']);
    const ok = await openCase('1985-01-01', {
      variant: { readmission: { leftOn: '2019-01-01', reason: 'lessSeriousConvictionExpunged', previouslyReadmitted: false, expungedOn: '2021-06-01' } },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.facts.variant.readmission.expungedOn).toBe('2021-06-01');
    expect((await openCase('1985-01-01', { candidate: { youthUnionMember: true, foreignOrigin: false } })).status).toBe(201);
  });

  const twoMembers = [
    { type: 'introduction.memberRecorded', introducerId: 'dv-a', name: 'Đảng viên A', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
    { type: 'introduction.memberRecorded', introducerId: 'dv-b', name: 'Đảng viên B', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
    { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included' },
  ];

  it('COND-READMISSION (QĐ294 §3.5.1b "sau 60 tháng kể từ khi được xoá án tích"): counted from the expungement, not from leaving', async () => {
    // Left 2019-01-01 (81 months before the meeting), expunged 2021-06-01 (52 months): not yet.
    const opened = await openCase('1985-01-01', {
      variant: { readmission: { leftOn: '2019-01-01', reason: 'lessSeriousConvictionExpunged', previouslyReadmitted: false, expungedOn: '2021-06-01' } },
    });
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    expect((await record(c, [...dossier, ...twoMembers])).status).toBe(200);
    const res = await record(c, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 6, 5) }]);
    expect(res.status).toBe(422);
    expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual(['COND-READMISSION']);
    expect(res.body.rules[0].reason.en).toBe('Only 52 months since the expungement (2021-06-01), at least 60 needed');
    expect(res.body.rules[0].citation).toEqual([expect.objectContaining({ instrument: 'QĐ294', section: '§3.5' })]);
  });

  it('COND-BACKGROUND (HD06 §3.4c "không cần thẩm tra riêng"): the commune committee’s confirmation is recorded and meets the verification; a renewal keeps it (HD06 §5.4a)', async () => {
    const opened = await openCase('2003-03-03');
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    const noChecks = await record(c, [...dossier.slice(0, 5), { type: 'background.certified', date: '2025-04-10', politicalIssue: false }]);
    expect(noChecks.status).toBe(422);
    expect(noChecks.body.rules[0]).toMatchObject({ id: 'COND-BACKGROUND', reason: { en: 'No verification requested' } });
    const certified = await record(c, [
      { type: 'background.certified', date: '2025-04-10', politicalIssue: false, familyResidence: { confirmedBy: 'Đảng ủy xã An Hòa', confirmedOn: '2025-04-02', documentNo: '15-XN/ĐU' } },
    ]);
    expect(certified.status).toBe(200);
    expect(certified.body.facts.evidence.backgroundCertified.familyResidence).toEqual({ confirmedBy: 'Đảng ủy xã An Hòa', confirmedOn: '2025-04-02', documentNo: '15-XN/ĐU' });
    const renewed = await record(c, [{ type: 'dossier.renewed', date: '2025-06-01' }]);
    expect(renewed.status).toBe(200);
    expect(renewed.body.facts.evidence.backgroundCertified).toMatchObject({ date: '2025-04-10' });
    expect(renewed.body.state).toContain('verification.certified');
    const changed = await record(c, [{ type: 'dossier.renewed', date: '2025-06-02', backgroundChanged: true, changeNote: 'kết hôn' }]);
    expect(changed.status).toBe(200);
    expect(changed.body.facts.evidence.backgroundChangedOn).toBe('2025-06-02');
  });

  it('PROC-CELL-VOTE (QĐ294 §9.3.2 "nếu đảng viên đó có mặt ... biểu quyết thì vẫn tính"): an exempted member who attended and voted counts', async () => {
    const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const [p] = await db.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Đảng viên miễn sinh hoạt', '1950-01-15', 'male', 'Kinh', 'other', 'university') RETURNING id`,
      [cellId],
    );
    await db.query(`INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, 'member', 'exempted', '2020-01-01')`, [p.id, cellId]);
    const opened = await openCase('2003-03-03');
    const c = { id: opened.body.id as string, version: opened.body.version as number };
    const intro = [
      { type: 'introduction.youthUnionResolved', resolutionDate: '2025-04-21', resolutionNo: '12-NQ/ĐTN' },
      { type: 'introduction.memberRecorded', introducerId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: '2023-09-01', letterDate: '2025-04-21' },
      { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included' },
    ];
    expect((await record(c, [...dossier, ...intro])).status).toBe(200);
    const view = await admin.get(`/api/v1/cases/${c.id}`).expect(200);
    // The roster's figure without the exempted member, plus the one who attended and voted.
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM memberships WHERE body_id = $1 AND status = 'full' AND valid_from <= '2025-10-06' AND (valid_to IS NULL OR valid_to > '2025-10-06')`,
      [cellId],
    );
    const withAttendee = n + 1;
    const refused = await record(c, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', withAttendee, withAttendee - 1) }]);
    expect(refused.status).toBe(422);
    const mismatch = refused.body.rules.find((r: { id: string }) => r.id === 'PROC-CELL-VOTE');
    expect(mismatch.reason.en).toContain(`Minutes say ${withAttendee} eligible, the roster says ${n}`);
    const counted = await record(c, [{ type: 'cell.admissionVoted', vote: { ...vote('admit', '2025-10-06', withAttendee, withAttendee - 1), attendeeIds: [p.id] } }]);
    expect(counted.status).toBe(200);
    expect(counted.body.votes.at(-1)).toMatchObject({ body: 'CELL', eligible: withAttendee, passed: true });
    expect(view.body.version).toBeLessThan(counted.body.version);
  });
});
