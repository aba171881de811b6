import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClockService } from '#platform';
import { deadlineCountdown, getTimer, localDateInVietnam, type LocalDate, type TimerId, type WorkingCalendar } from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { notFound } from '../errors.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { AccessService } from '#orgs';
import { PROCEDURE_PORT, type Actor, type Checklist, type ProcedurePort } from '../ports.js';
import { message } from '#messages';

export interface CaseListFilter {
  organisationId?: string;
  stage?: string;
  state?: string;
  status?: 'open' | 'closed';
  overdue?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface CaseSummary {
  id: string;
  version: number;
  status: string;
  stage: string;
  state: string;
  person: { id: string; fullName: string };
  organisation: { id: string; name: string };
  nextDue: { key: string; timerId: string; due: LocalDate | null; status: string } | null;
  overdue: boolean;
  updatedAt: string;
}

interface Cursor {
  u: string;
  i: string;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    return typeof c.u === 'string' && typeof c.i === 'string' && /^[0-9a-f-]{36}$/i.test(c.i) && !Number.isNaN(Date.parse(c.u)) ? c : null;
  } catch {
    return null;
  }
}

/**
 * The recorder's name for the timeline: the person behind the account, else the user name; the
 * engine's own acts (no recorder) show as the system. Corrections (procedure.md §6.6) are listed
 * next to the original they correct: `correctedBySeq` on the original, `correctsSeq` and
 * `correctionReason` on the correction.
 */
const RECORDER_NAME = message('CASES.SYSTEM_ELSE_COALESCE_UP_FULL');

/** Read side: a case page (case + checklist + deadlines + timeline) and filtered lists. */
@Injectable()
export class CaseQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly clock: ClockService,
    @Inject(PROCEDURE_PORT) private readonly procedure: ProcedurePort,
    private readonly access: AccessService,
    private readonly calendars: CalendarStore,
  ) {}

  async view(actor: Actor, caseId: string) {
    const row = await this.cases.find(caseId);
    if (!row) throw notFound();
    if (actor.kind === 'user' && !(await this.access.canSee(actor.user, row.organisation_id))) throw notFound();
    const today = localDateInVietnam(await this.clock.now());
    const [person] = await this.db.query(
      `SELECT id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level FROM people WHERE id = $1`,
      [row.person_id],
    );
    const [org] = await this.db.query(`SELECT id, name, kind FROM organisations WHERE id = $1`, [row.organisation_id]);
    const [votes, decisions, documents, deadlines, violations, events] = await Promise.all([
      this.db.query(
        `SELECT body, motion, meeting_date AS "meetingDate", eligible, votes_for AS "for", votes_against AS "against", required, passed
           FROM votes WHERE case_id = $1 ORDER BY meeting_date, id`,
        [caseId],
      ),
      this.db.query(
        `SELECT kind, body, number, signed_on AS "signedOn", received_on AS "receivedOn", outcome FROM decisions WHERE case_id = $1 ORDER BY signed_on, id`,
        [caseId],
      ),
      this.db.query(
        `SELECT id, form_code AS "formCode", number, dated, issuer, file_name AS "fileName" FROM documents WHERE case_id = $1 ORDER BY dated, recorded_at`,
        [caseId],
      ),
      this.db.query(
        `SELECT key, timer_id, start_date, due_date, extended_due_date, extended_to, status, met_on::text AS met_on, calendar_status, edition, reminders, responsible
           FROM deadlines WHERE case_id = $1 ORDER BY COALESCE(extended_to, due_date) NULLS LAST, key`,
        [caseId],
      ),
      this.db.query(
        `SELECT rule_id AS "ruleId", step, status, due_date AS "dueDate", actual_date AS "actualDate", responsible, details
           FROM violations WHERE case_id = $1 ORDER BY opened_at`,
        [caseId],
      ),
      this.db.query(
        `SELECT e.seq, e.type, e.event_date AS "eventDate", e.recorded_at AS "recordedAt", e.recorded_by AS "recordedBy", e.actor_role AS "actorRole",
                e.acting_body AS "actingBody", e.state_after AS "stateAfter", e.corrects_seq AS "correctsSeq", e.corrected_by_seq AS "correctedBySeq",
                e.correction_reason AS "correctionReason", ${RECORDER_NAME} AS "recordedByName"
           FROM case_events e LEFT JOIN users u ON u.id = e.recorded_by LEFT JOIN people up ON up.id = u.person_id
          WHERE e.case_id = $1 ORDER BY e.seq`,
        [caseId],
      ),
    ]);
    const calendar = await this.calendars.calendar();
    let checklist: Checklist = { allowed: [], blocked: [], requirements: [] };
    if (row.status === 'open') {
      const settings = await this.cases.orgSettings(row.organisation_id, today);
      const snapshot = row.machine_version === this.procedure.machineVersion ? row.snapshot : this.procedure.migrate(row.snapshot, row.machine_version);
      checklist = this.procedure.checklist(snapshot, { asOf: today, settings, dueDates: await this.cases.dueDates(row.id) });
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
      facts: this.procedure.facts(row.snapshot),
      votes,
      decisions,
      documents,
      deadlines: (deadlines as DeadlineDbRow[]).map((d) => presentDeadline(d, today, calendar)),
      checklist,
      violations,
      timeline: events,
    };
  }

  async events(actor: Actor, caseId: string) {
    await this.view(actor, caseId);
    return this.db.query(
      `SELECT e.seq, e.type, e.payload, e.event_date AS "eventDate", e.acting_body AS "actingBody", e.actor_role AS "actorRole", e.recorded_by AS "recordedBy",
              ${RECORDER_NAME} AS "recordedByName", e.recorded_at AS "recordedAt", e.state_before AS "stateBefore", e.state_after AS "stateAfter",
              e.rule_results AS "ruleResults", e.machine_version AS "machineVersion", e.edition,
              e.corrects_seq AS "correctsSeq", e.corrected_by_seq AS "correctedBySeq", e.correction_reason AS "correctionReason",
              e.correction_effects AS "correctionEffects"
         FROM case_events e LEFT JOIN users u ON u.id = e.recorded_by LEFT JOIN people up ON up.id = u.person_id
        WHERE e.case_id = $1 ORDER BY e.seq`,
      [caseId],
    );
  }

  async list(actor: Actor, f: CaseListFilter): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (actor.kind === 'user') {
      const scope = this.access.caseScopeSql(actor.user, 'c', params.length + 1);
      params.push(...scope.params);
      where.push(scope.sql);
    }
    if (f.organisationId) {
      // A filter naming an organisation outside the subtree is 404, like a record outside it (never an empty page).
      if (actor.kind === 'user' && !(await this.access.canSee(actor.user, f.organisationId))) throw notFound();
      where.push(`c.organisation_id IN (SELECT descendant_id FROM organisation_closure WHERE ancestor_id = ${p(f.organisationId)})`);
    }
    if (f.stage) where.push(`c.stage = ${p(f.stage)}`);
    if (f.state) where.push(`c.state = ${p(f.state)}`);
    if (f.status) where.push(`c.status = ${p(f.status)}`);
    if (f.overdue !== undefined) {
      const today = localDateInVietnam(await this.clock.now());
      where.push(f.overdue ? `c.next_due < ${p(today)}::date` : `(c.next_due IS NULL OR c.next_due >= ${p(today)}::date)`);
    }
    if (f.q) where.push(`pe.name_search LIKE '%' || immutable_unaccent(lower(${p(f.q)})) || '%'`);
    const cursor = decodeCursor(f.cursor);
    if (cursor) where.push(`(c.updated_at, c.id) < (${p(cursor.u)}::timestamptz, ${p(cursor.i)}::uuid)`);
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    const rows: {
      id: string;
      version: number;
      status: string;
      stage: string;
      state: string;
      person_id: string;
      full_name: string;
      organisation_id: string;
      org_name: string;
      next_due: LocalDate | null;
      overdue: boolean;
      updated_at: Date;
      d_key: string | null;
      d_timer: string | null;
      d_status: string | null;
    }[] = await this.db.query(
      `SELECT c.id, c.version, c.status, c.stage, c.state, c.person_id, pe.full_name, c.organisation_id, o.name AS org_name, c.next_due,
              c.next_due IS NOT NULL AND c.next_due < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS overdue, c.updated_at,
              d.key AS d_key, d.timer_id AS d_timer, d.calendar_status AS d_status
         FROM cases c
         JOIN people pe ON pe.id = c.person_id
         JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN LATERAL (
           SELECT key, timer_id, calendar_status FROM deadlines
            WHERE case_id = c.id AND status = 'pending' ORDER BY COALESCE(extended_to, due_date) NULLS LAST LIMIT 1
         ) d ON true
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.updated_at DESC, c.id DESC
        LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        version: r.version,
        status: r.status,
        stage: r.stage,
        state: r.state,
        person: { id: r.person_id, fullName: r.full_name },
        organisation: { id: r.organisation_id, name: r.org_name },
        nextDue: r.d_key ? { key: r.d_key, timerId: r.d_timer!, due: r.next_due, status: r.d_status! } : null,
        overdue: r.overdue,
        updatedAt: r.updated_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ u: last.updated_at.toISOString(), i: last.id }) : null,
    };
  }
}

interface DeadlineDbRow {
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
}

/**
 * A deadline as the case page shows it; a pending one carries its countdown ("còn 12 ngày làm
 * việc" / "quá hạn 3 ngày"), counted by the procedure library's calendar up to the limit in force
 * (an extension granted, else the due date).
 */
function presentDeadline(d: DeadlineDbRow, today: LocalDate, calendar: WorkingCalendar) {
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
    /** The act's date when the deadline is met (its act recorded); null while pending or cancelled. */
    metOn: d.met_on,
    calendarStatus: d.calendar_status,
    edition: d.edition,
    responsible: d.responsible,
    reminders: d.reminders.map((r) => ({ date: r.date })),
    overdue: d.status === 'pending' && limit !== null && limit < today,
    countdown: d.status === 'pending' && limit !== null ? deadlineCountdown(calendar, timer.unit, today, limit) : null,
  };
}
