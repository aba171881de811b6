import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TimerRepairService } from '../../libs/cases/src/index.js';
import { EditionTrueTimers1767100000004 } from '../../libs/platform/src/database/migrations/1767100000004-edition-true-timers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, vote } from '../support/scenarios.js';

/**
 * Edition-true timers over HTTP (issue 16; procedure.md §1 "a timer's length comes from the edition
 * in force on the event that starts it", §4 PROC-DEADLINES "an organisation may shorten a timer
 * locally, never lengthen it, and a local setting never replaces an older edition's length", I-7).
 * Dates checked against calendar-vn.md: 2025-09-01/02 and 2024-09-02/03 are Quốc khánh days off.
 */
describe('edition-true timers (PROC-DEADLINES, I-7)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  let competentBody: { id: string; kind: string };
  const setClock = (iso: string) => admin.post('/api/v1/admin/clock', { to: iso }).expect(200);
  const deadline = async (caseId: string, key: string) => (await db.query(`SELECT *, due_date::text AS due, extended_due_date::text AS ext FROM deadlines WHERE case_id = $1 AND key = $2`, [caseId, key]))[0];

  /** The S-1 dossier shifted to a year, up to (not including) the cell vote. */
  const dossier = (y: number) => [
    { type: 'sympathiser.listed', resolutionDate: `${y}-01-08`, helper: MINH },
    { type: 'awarenessCourse.certified', issuedOn: `${y}-02-14`, certificateNo: 'GCN-01' },
    { type: 'dossier.cleared', decisionDate: `${y}-03-04` },
    { type: 'application.filed', date: `${y}-03-11` },
    { type: 'background.declared', date: `${y}-03-12` },
    { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: `${y}-03-13`, receivedOn: `${y}-03-14` },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: `${y}-04-08`, finding: 'clear' },
    { type: 'background.certified', date: `${y}-04-10`, politicalIssue: false },
    { type: 'introduction.youthUnionResolved', resolutionDate: `${y}-04-22`, resolutionNo: '12-NQ/ĐTN' },
    { type: 'introduction.memberRecorded', introducerId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: `${y - 2}-09-01`, letterDate: `${y}-04-22` },
    { type: 'opinions.consolidated', date: `${y}-04-25`, residence: 'included', massOrganisations: ['Đoàn trường'] },
  ];

  /** A case opened at the start of `year`, walked up to and including the cell vote of `cellOn`, the clock at `now`. */
  async function caseToCellVote(year: number, cellOn: string, now: string) {
    await setClock(`${year}-01-05T03:00:00Z`);
    const c = await openDemoCase(t.app, admin, seeded);
    await setClock(now);
    const done = await recordAll(admin, c.caseId, c.version, [...dossier(year), { type: 'cell.admissionVoted', vote: vote('admit', cellOn, 15, 11) }]);
    return { caseId: c.caseId, version: done.version };
  }

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    await topUpRoll(db, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    await setClock('2025-01-05T03:00:00Z');
    const probe = await openDemoCase(t.app, admin, seeded);
    competentBody = (await admin.get(`/api/v1/cases/${probe.caseId}`).expect(200)).body.facts.org.competentBody;
    await admin.post(`/api/v1/cases/${probe.caseId}/events`, { type: 'case.withdrawn', date: '2025-01-05' }, { 'If-Match': `"${probe.version}"` }).expect(200);
    // The cell tightens the 2025-07 admission decision to 40 wd from 1 July 2025 (I-7).
    await admin
      .put(`/api/v1/admin/organisations/${seeded.organisations['DEMO-CB-SINHVIEN']}/settings`, {
        validFrom: '2025-07-01',
        settings: { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 40 }] },
      })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  let oldCase: string;
  let lawful2024: string;

  it('a cell resolution of 2025-06-20 (edition 2021-07, 60 wd) gets an admission-decision due date of 2025-09-16, whatever the 2025-07 tightening', async () => {
    const c = await caseToCellVote(2025, '2025-06-20', '2025-07-05T03:00:00Z');
    oldCase = c.caseId;
    const d = await deadline(c.caseId, 'admissionDecision');
    // 45 wd would be 2025-08-22 (the wrong answer); 60 wd crosses Quốc khánh (1-2 Sep 2025) and ends on Tue 16 Sep.
    expect(d).toMatchObject({ edition: '2021-07', due: '2025-09-16', status: 'pending' });
    // Extension "gia hạn tối đa 30 ngày làm việc" (QĐ24 §4.3): 30 wd after 2025-09-16.
    expect(d.ext).toBe('2025-10-28');
  });

  it('an organisation tightening applies to 2025-07 timers only: a cell resolution of 2025-10-06 is due in 40 wd (2025-12-01), not 45 (2025-12-08)', async () => {
    await setClock('2025-01-05T03:00:00Z');
    const c = await openDemoCase(t.app, admin, seeded);
    await setClock('2025-10-08T03:00:00Z');
    await recordAll(admin, c.caseId, c.version, [...dossier(2025), { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11) }]);
    expect(await deadline(c.caseId, 'admissionDecision')).toMatchObject({ edition: '2025-07', due: '2025-12-01' });
  });

  it('a lawful 2024 decision (50 wd after the cell resolution, within 2021-07’s 60) is not flagged late', async () => {
    const c = await caseToCellVote(2024, '2024-05-06', '2024-05-07T03:00:00Z');
    lawful2024 = c.caseId;
    expect(await deadline(c.caseId, 'admissionDecision')).toMatchObject({ edition: '2021-07', due: '2024-07-29' });
    await setClock('2024-07-16T03:00:00Z');
    await recordAll(admin, c.caseId, c.version, [
      { type: 'base.admissionVoted', vote: vote('admit', '2024-05-09', 8, 6) },
      // 45 wd after Mon 2024-05-06 is 2024-07-08; 50 wd is 2024-07-15.
      { type: 'decision.admissionSigned', decisionNo: '77-QĐ/ĐU', signedOn: '2024-07-15', vote: vote('admit', '2024-07-15', 9, 6), decidedBy: competentBody },
    ]);
    const violations = await db.query(`SELECT * FROM violations WHERE case_id = $1 AND rule_id = 'PROC-DEADLINES' AND step = 'admissionDecision'`, [c.caseId]);
    expect(violations).toEqual([]);
  });

  it('the repair migration rewrites stored settings, recomputes the wrong open deadline and closes the wrong violation, recording each change', async () => {
    const other = seeded.organisations['DEMO-CB-GIANGVIEN']!;
    // Data as the old engine left it: timerLimits copying the 2025-07 lengths (and one true tightening),
    // the 2021-07 timer computed with 45 wd, the lawful 2024 decision flagged late.
    await db.query(`INSERT INTO organisation_settings (organisation_id, valid_from, settings) VALUES ($1, '2025-07-01', $2::jsonb)`, [
      other,
      JSON.stringify({ timerLimits: { admissionDecision: 45, ceremony: 20 }, tradeUnionPathPastYouth: true }),
    ]);
    await db.query(`UPDATE deadlines SET due_date = '2025-08-22', extended_due_date = '2025-09-16', variant = NULL WHERE case_id = $1 AND key = 'admissionDecision'`, [oldCase]);
    await db.query(`UPDATE deadlines SET due_date = '2024-07-08', extended_due_date = '2024-07-29' WHERE case_id = $1 AND key = 'admissionDecision'`, [lawful2024]);
    await db.query(
      `INSERT INTO violations (case_id, rule_id, step, responsible, organisation_id, due_date, actual_date, status)
       SELECT id, 'PROC-DEADLINES', 'admissionDecision', 'COMPETENT', organisation_id, '2024-07-08', '2024-07-15', 'open' FROM cases WHERE id = $1
       ON CONFLICT (case_id, rule_id, step) DO UPDATE SET status = 'open', due_date = '2024-07-08', actual_date = '2024-07-15', resolution = NULL`,
      [lawful2024],
    );

    const runner = db.createQueryRunner();
    try {
      await new EditionTrueTimers1767100000004().up(runner);
    } finally {
      await runner.release();
    }
    const report = await t.app.get(TimerRepairService).run();

    const [stored] = await db.query(`SELECT settings FROM organisation_settings WHERE organisation_id = $1 AND valid_from = '2025-07-01'`, [other]);
    // The copy of the law (45) is gone; the true tightening stays, tagged with the current edition.
    expect(stored.settings).toEqual({ tradeUnionPathPastYouth: true, timerTightenings: [{ timer: 'ceremony', edition: '2025-07', length: 20 }] });
    expect(await deadline(oldCase, 'admissionDecision')).toMatchObject({ due: '2025-09-16', ext: '2025-10-28', status: 'pending', variant: 'default' });
    const [v] = await db.query(`SELECT status, resolution, due_date::text AS due FROM violations WHERE case_id = $1 AND step = 'admissionDecision'`, [lawful2024]);
    expect(v).toMatchObject({ status: 'resolved', due: '2024-07-29' });
    expect(v.resolution).toContain('2021-07');

    const rows: { kind: string; case_id: string | null; organisation_id: string | null; before: unknown; after: unknown }[] = await db.query(
      `SELECT kind, case_id, organisation_id, before, after FROM timer_repairs ORDER BY id`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'setting', organisation_id: other }),
        expect.objectContaining({ kind: 'deadline', case_id: oldCase, before: { due: '2025-08-22', extendedDue: '2025-09-16' } }),
        expect.objectContaining({ kind: 'violation', case_id: lawful2024 }),
      ]),
    );
    expect(report.changes.filter((ch) => ch.caseId === oldCase).map((ch) => ch.kind)).toEqual(['deadline']);
    // Idempotent: a second run changes nothing.
    expect((await t.app.get(TimerRepairService).run()).changes).toEqual([]);
  });

  it('a deadline the worker fired on the old 45 wd date: its overdue violation closes while the corrected 60 wd have not passed', async () => {
    // As the old engine left it on 25 August 2025: fired on 2025-08-23 (due 2025-08-22), violation open, escalated.
    await db.query(`UPDATE deadlines SET due_date = '2025-08-22', extended_due_date = '2025-09-16', status = 'fired', fired_at = now() WHERE case_id = $1 AND key = 'admissionDecision'`, [oldCase]);
    await db.query(
      `INSERT INTO violations (case_id, rule_id, step, responsible, organisation_id, due_date, actual_date, status)
       SELECT id, 'PROC-DEADLINES', 'admissionDecision', 'COMPETENT', organisation_id, '2025-08-22', '2025-08-23', 'open' FROM cases WHERE id = $1
       ON CONFLICT (case_id, rule_id, step) DO UPDATE SET status = 'open', due_date = '2025-08-22', actual_date = '2025-08-23', resolution = NULL`,
      [oldCase],
    );
    await setClock('2025-08-25T03:00:00Z');
    const report = await t.app.get(TimerRepairService).run();
    expect(report.changes.filter((c) => c.caseId === oldCase).map((c) => c.kind)).toEqual(['deadline', 'violation']);
    expect(await deadline(oldCase, 'admissionDecision')).toMatchObject({ due: '2025-09-16', status: 'fired' });
    const [v] = await db.query(`SELECT status, resolution FROM violations WHERE case_id = $1 AND step = 'admissionDecision'`, [oldCase]);
    expect(v.status).toBe('resolved');
    expect(v.resolution).toContain('2025-09-16');
  });
});
