import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { openDemoCase } from '../support/cases.js';
import { recordAll, s1Events } from '../support/scenarios.js';
import { CalendarStore, CaseQueries, CaseRepository, PROCEDURE_PORT, type Actor, type Checklist, type ProcedurePort } from '../../libs/cases/src/index.js';
import { ClockService } from '../../libs/platform/src/index.js';
import { AccessService } from '../../libs/orgs/src/index.js';
import { message } from '../../libs/messages/src/index.js';
import { deadlineCountdown, getTimer, localDateInVietnam, type LocalDate, type TimerId } from '../../libs/procedure/src/index.js';

/**
 * GET /cases/{id} is assembled in ONE statement (issue 20, item 4). The reference below is the page
 * as it was built before, from twelve separate statements: on a case with a rich history (S-1 to
 * the ceremony, a correction, documents, overdue deadlines) both must give the same bytes, for an
 * admin and for a scoped user, and the command's compact answer must carry the page's checklist.
 */

jest.setTimeout(240_000);

const RECORDER_NAME = message('CASES.SYSTEM_ELSE_COALESCE_UP_FULL');

/** The case page as the twelve-statement code built it (kept here as the oracle). */
async function referenceView(t: TestApp, actor: Actor, caseId: string) {
  const db = t.app.get(DataSource);
  const cases = t.app.get(CaseRepository);
  const clock = t.app.get(ClockService);
  const procedure = t.app.get<ProcedurePort>(PROCEDURE_PORT);
  const access = t.app.get(AccessService);
  const calendars = t.app.get(CalendarStore);
  const row = await cases.find(caseId);
  if (!row) return null;
  if (actor.kind === 'user' && !(await access.canSee(actor.user, row.organisation_id))) return null;
  const today = localDateInVietnam(await clock.now());
  const [person] = await db.query(`SELECT id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level FROM people WHERE id = $1`, [row.person_id]);
  const [org] = await db.query(`SELECT id, name, kind FROM organisations WHERE id = $1`, [row.organisation_id]);
  const votes = await db.query(
    `SELECT body, motion, meeting_date AS "meetingDate", eligible, votes_for AS "for", votes_against AS "against", required, passed FROM votes WHERE case_id = $1 ORDER BY meeting_date, id`,
    [caseId],
  );
  const decisions = await db.query(
    `SELECT kind, body, number, signed_on AS "signedOn", received_on AS "receivedOn", outcome FROM decisions WHERE case_id = $1 ORDER BY signed_on, id`,
    [caseId],
  );
  const documents = await db.query(
    `SELECT id, form_code AS "formCode", number, dated, issuer, file_name AS "fileName" FROM documents WHERE case_id = $1 ORDER BY dated, recorded_at`,
    [caseId],
  );
  const deadlines: {
    key: string;
    timer_id: TimerId;
    start_date: LocalDate;
    due_date: LocalDate | null;
    extended_due_date: LocalDate | null;
    extended_to: LocalDate | null;
    status: string;
    met_on: LocalDate | null;
    calendar_status: string;
    edition: string | null;
    reminders: { date: LocalDate }[];
    responsible: string | null;
  }[] = await db.query(
    `SELECT key, timer_id, start_date, due_date, extended_due_date, extended_to, status, met_on::text AS met_on, calendar_status, edition, reminders, responsible
       FROM deadlines WHERE case_id = $1 ORDER BY COALESCE(extended_to, due_date) NULLS LAST, key`,
    [caseId],
  );
  const violations = await db.query(
    `SELECT rule_id AS "ruleId", step, status, due_date AS "dueDate", actual_date AS "actualDate", responsible, details FROM violations WHERE case_id = $1 ORDER BY opened_at`,
    [caseId],
  );
  const events = await db.query(
    `SELECT e.seq, e.type, e.event_date AS "eventDate", e.recorded_at AS "recordedAt", e.recorded_by AS "recordedBy", e.actor_role AS "actorRole",
            e.acting_body AS "actingBody", e.state_after AS "stateAfter", e.corrects_seq AS "correctsSeq", e.corrected_by_seq AS "correctedBySeq",
            e.correction_reason AS "correctionReason", ${RECORDER_NAME} AS "recordedByName"
       FROM case_events e LEFT JOIN users u ON u.id = e.recorded_by LEFT JOIN people up ON up.id = u.person_id
      WHERE e.case_id = $1 ORDER BY e.seq`,
    [caseId],
  );
  const calendar = await calendars.calendar();
  let checklist: Checklist = { allowed: [], blocked: [], requirements: [] };
  if (row.status === 'open') {
    const settings = await cases.orgSettings(row.organisation_id, today);
    const snapshot = row.machine_version === procedure.machineVersion ? row.snapshot : procedure.migrate(row.snapshot, row.machine_version);
    checklist = procedure.checklist(snapshot, { asOf: today, settings, dueDates: await cases.dueDates(row.id) });
  }
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    stage: row.stage,
    state: row.state,
    outcome: row.outcome,
    machineVersion: row.machine_version,
    edition: row.edition,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    person: person
      ? {
          id: person.id,
          fullName: person.full_name,
          birthDate: person.birth_date,
          sex: person.sex,
          ethnicity: person.ethnicity,
          religion: person.religion,
          occupation: person.occupation,
          education: person.education_level,
        }
      : null,
    organisation: org ?? null,
    facts: procedure.facts(row.snapshot),
    votes,
    decisions,
    documents,
    deadlines: deadlines.map((d) => {
      const timer = getTimer(d.timer_id);
      const limit = d.extended_to ?? d.due_date;
      return {
        key: d.key,
        timerId: d.timer_id,
        label: timer.label,
        start: d.start_date,
        due: d.due_date,
        extendedDue: d.extended_due_date,
        extendedTo: d.extended_to,
        status: d.status,
        metOn: d.met_on,
        calendarStatus: d.calendar_status,
        edition: d.edition,
        responsible: d.responsible,
        reminders: d.reminders.map((r) => ({ date: r.date })),
        overdue: d.status === 'pending' && limit !== null && limit < today,
        countdown: d.status === 'pending' && limit !== null ? deadlineCountdown(calendar, timer.unit, today, limit) : null,
      };
    }),
    checklist,
    violations,
    timeline: events,
  };
}

/** The statements a call sends through the application's DataSource (spied, not replaced), the clock's own read left out. */
async function statementsOf(ds: DataSource, fn: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(ds, 'query');
  try {
    await fn();
    return spy.mock.calls.map((c) => String(c[0])).filter((s) => !/FROM clock_settings/.test(s));
  } finally {
    spy.mockRestore();
  }
}

const SYSTEM: Actor = { kind: 'system', userId: null };

describe('the case page in one statement', () => {
  let t: TestApp;
  let admin: Client;
  let chiuy: Client;
  let caseId: string;
  let version: number;

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    await topUpRoll(ds, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    chiuy = await login(t.app, 'chiuy');
    await admin.post('/api/v1/admin/clock', { to: '2025-11-10T03:00:00Z' }).expect(200);
    const c = await openDemoCase(t.app, admin, seeded);
    caseId = c.caseId;
    const opened = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
    ({ version } = await recordAll(admin, caseId, c.version, s1Events(opened.body.facts.org.competentBody)));
    // A correction (corrects_seq / corrected_by_seq / reason on the timeline) and a document.
    const log = (await admin.get(`/api/v1/cases/${caseId}/events`).expect(200)).body as { seq: number; type: string; payload: Record<string, unknown> }[];
    const decision = log.find((e) => e.type === 'decision.admissionSigned')!;
    const corrected = await admin.post(
      `/api/v1/cases/${caseId}/events/${decision.seq}/corrections`,
      { reason: 'Số quyết định đúng là 124-QĐ/ĐU', payload: { ...decision.payload, decisionNo: '124-QĐ/ĐU' } },
      { 'If-Match': `"${version}"` },
    );
    if (corrected.status !== 200) throw new Error(JSON.stringify(corrected.body).slice(0, 2000));
    version = corrected.body.version;
    // Rows of the legacy `documents` table (no route writes it any more; the page still lists them).
    await ds.query(
      `INSERT INTO documents (id, case_id, form_code, number, dated, issuer, file_name, recorded_at)
       VALUES (gen_random_uuid(), $1, '6-KNĐ', '7-NQ/CB', '2025-10-06', 'Chi bộ Sinh viên', 'nghi-quyet.pdf', now()),
              (gen_random_uuid(), $1, '9B-KNĐ', NULL, '2025-10-20', NULL, NULL, now() + interval '1 second')`,
      [caseId],
    );
    // Past the end of probation: pending deadlines are overdue and counted down.
    await admin.post('/api/v1/admin/clock', { to: '2026-12-10T03:00:00Z' }).expect(200);
  });
  afterAll(async () => t?.close());

  it('answers the same bytes as the twelve-statement page, for an admin and for a scoped user', async () => {
    const got = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).text;
    const want = await referenceView(t, SYSTEM, caseId);
    const page = JSON.parse(got) as Record<string, unknown[]>;
    // The history is rich enough to exercise every sub-select.
    expect(page.timeline!.length).toBeGreaterThan(15);
    expect(page.votes!.length).toBeGreaterThanOrEqual(3);
    expect(page.decisions!.length).toBeGreaterThanOrEqual(1);
    expect(page.documents!).toHaveLength(2);
    expect(page.deadlines!.some((d) => (d as { overdue: boolean }).overdue)).toBe(true);
    expect(page.timeline!.some((e) => (e as { correctsSeq: number | null }).correctsSeq !== null)).toBe(true);
    expect(got).toBe(JSON.stringify(want));
    const scoped = (await chiuy.get(`/api/v1/cases/${caseId}`).expect(200)).text;
    expect(scoped).toBe(JSON.stringify(await referenceView(t, SYSTEM, caseId)));
  });

  it('reads the case with one statement (the settings and the calendar from their caches)', async () => {
    const queries = t.app.get(CaseQueries);
    const ds = t.app.get(DataSource);
    await queries.view(SYSTEM, caseId); // warm the caches
    const sent = await statementsOf(ds, () => queries.view(SYSTEM, caseId));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/FROM cases c WHERE c\.id = \$1/);
  });

  it('the POST answer is the compact result, with the checklist of the page', async () => {
    const before = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body;
    const res = await admin.post(`/api/v1/cases/${caseId}/events`, { type: 'helper.assigned', date: '2025-11-08', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } }, { 'If-Match': `"${before.version}"` });
    expect(res.status).toBe(200);
    const after = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(Object.keys(res.body)).toEqual(['id', 'version', 'state', 'stage', 'checklist']);
    expect(res.body).toEqual({ id: caseId, version: before.version + 1, state: after.state, stage: after.stage, checklist: after.checklist });
    expect(res.headers.etag).toBe(`"${before.version + 1}"`);
  });
});
