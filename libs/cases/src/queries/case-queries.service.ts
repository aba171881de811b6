import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClockService } from '#platform';
import { deadlineCountdown, expandRuleResults, getTimer, localDateInVietnam, type LocalDate, type TimerId, type WorkingCalendar } from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { notFound } from '../errors.js';
import { restrictToSubtree } from './scope-filter.js';
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

/** A timestamp as the API has always written it (`Date.toJSON()`: UTC, milliseconds, `Z`). */
const isoTime = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** What a command's answer and the checklist need: the case row's state and its pending due dates. */
const COMPACT_COLUMNS = `c.id, c.version, c.status, c.stage, c.state, c.organisation_id, c.snapshot, c.machine_version,
  (SELECT json_object_agg(d.key, COALESCE(d.extended_to, d.due_date))
     FROM deadlines d WHERE d.case_id = c.id AND d.status = 'pending' AND d.due_date IS NOT NULL) AS due_dates`;

/** The case page's sub-collections, each a `json_agg` sub-select of the one statement (orders as the page has always shown them). */
const VIEW_COLUMNS = `${COMPACT_COLUMNS}, c.outcome, c.edition, c.opened_on, c.closed_on,
  (SELECT json_build_object('id', p.id, 'fullName', p.full_name, 'birthDate', p.birth_date, 'sex', p.sex, 'ethnicity', p.ethnicity,
                            'religion', p.religion, 'occupation', p.occupation, 'education', p.education_level)
     FROM people p WHERE p.id = c.person_id) AS person,
  (SELECT json_build_object('id', o.id, 'name', o.name, 'kind', o.kind) FROM organisations o WHERE o.id = c.organisation_id) AS organisation,
  COALESCE((SELECT json_agg(json_build_object('body', v.body, 'motion', v.motion, 'meetingDate', v.meeting_date, 'eligible', v.eligible,
                                              'for', v.votes_for, 'against', v.votes_against, 'required', v.required, 'passed', v.passed)
                            ORDER BY v.meeting_date, v.id)
              FROM votes v WHERE v.case_id = c.id), '[]') AS votes,
  COALESCE((SELECT json_agg(json_build_object('kind', x.kind, 'body', x.body, 'number', x.number, 'signedOn', x.signed_on,
                                              'receivedOn', x.received_on, 'outcome', x.outcome)
                            ORDER BY x.signed_on, x.id)
              FROM decisions x WHERE x.case_id = c.id), '[]') AS decisions,
  COALESCE((SELECT json_agg(json_build_object('id', f.id, 'formCode', f.form_code, 'number', f.number, 'dated', f.dated, 'issuer', f.issuer,
                                              'fileName', f.file_name)
                            ORDER BY f.dated, f.recorded_at)
              FROM documents f WHERE f.case_id = c.id), '[]') AS documents,
  COALESCE((SELECT json_agg(json_build_object('key', d.key, 'timer_id', d.timer_id, 'start_date', d.start_date, 'due_date', d.due_date,
                                              'extended_due_date', d.extended_due_date, 'extended_to', d.extended_to, 'status', d.status,
                                              'met_on', d.met_on, 'calendar_status', d.calendar_status, 'edition', d.edition,
                                              'reminders', d.reminders, 'responsible', d.responsible)
                            ORDER BY COALESCE(d.extended_to, d.due_date) NULLS LAST, d.key)
              FROM deadlines d WHERE d.case_id = c.id), '[]') AS deadlines,
  COALESCE((SELECT json_agg(json_build_object('ruleId', w.rule_id, 'step', w.step, 'status', w.status, 'dueDate', w.due_date,
                                              'actualDate', w.actual_date, 'responsible', w.responsible, 'details', w.details)
                            ORDER BY w.opened_at)
              FROM violations w WHERE w.case_id = c.id), '[]') AS violations,
  COALESCE((SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'eventDate', e.event_date, 'recordedAt', ${isoTime('e.recorded_at')},
                                              'recordedBy', e.recorded_by, 'actorRole', e.actor_role, 'actingBody', e.acting_body,
                                              'stateAfter', e.state_after, 'correctsSeq', e.corrects_seq, 'correctedBySeq', e.corrected_by_seq,
                                              'correctionReason', e.correction_reason, 'recordedByName', ${RECORDER_NAME})
                            ORDER BY e.seq)
              FROM case_events e LEFT JOIN users u ON u.id = e.recorded_by LEFT JOIN people up ON up.id = u.person_id
             WHERE e.case_id = c.id), '[]') AS timeline`;

interface CompactRow {
  id: string;
  version: number;
  status: 'open' | 'closed';
  stage: string;
  state: string;
  organisation_id: string;
  snapshot: unknown;
  machine_version: number;
  due_dates: Record<string, LocalDate> | null;
}

/** The case row's state after a command, as the compact answer needs it (`answerOf`): no statement to read it back. */
export interface CaseAfterCommand extends CompactRow {
  due_dates: Record<string, LocalDate>;
  /** The date the checklist is judged on (the transition's today). */
  today: LocalDate;
}

interface ViewRow extends CompactRow {
  outcome: string | null;
  edition: string | null;
  opened_on: LocalDate;
  closed_on: LocalDate | null;
  person: {
    id: string;
    fullName: string;
    birthDate: LocalDate | null;
    sex: string | null;
    ethnicity: string | null;
    religion: string | null;
    occupation: string | null;
    education: string | null;
  } | null;
  organisation: { id: string; name: string; kind: string } | null;
  votes: {
    body: string;
    motion: string;
    meetingDate: LocalDate;
    eligible: number;
    for: number;
    against: number;
    required: number;
    passed: boolean;
  }[];
  decisions: { kind: string; body: string; number: string; signedOn: LocalDate; receivedOn: LocalDate | null; outcome: string | null }[];
  documents: { id: string; formCode: string; number: string | null; dated: LocalDate | null; issuer: string | null; fileName: string | null }[];
  deadlines: DeadlineDbRow[];
  violations: {
    ruleId: string;
    step: string;
    status: string;
    dueDate: LocalDate | null;
    actualDate: LocalDate | null;
    responsible: string | null;
    details: unknown;
  }[];
  timeline: {
    seq: number;
    type: string;
    eventDate: LocalDate | null;
    recordedAt: string;
    recordedBy: string | null;
    actorRole: string | null;
    actingBody: string | null;
    stateAfter: string;
    correctsSeq: number | null;
    correctedBySeq: number | null;
    correctionReason: string | null;
    recordedByName: string;
  }[];
}

/** One entry of GET /cases/{id}/events. */
export interface EventLogEntry {
  seq: number;
  type: string;
  payload: Record<string, unknown> | null;
  eventDate: LocalDate | null;
  actingBody: string | null;
  actorRole: string | null;
  recordedBy: string | null;
  recordedByName: string;
  recordedAt: Date;
  stateBefore: string | null;
  stateAfter: string;
  ruleResults: unknown;
  machineVersion: number;
  edition: string | null;
  correctsSeq: number | null;
  correctedBySeq: number | null;
  correctionReason: string | null;
  correctionEffects: unknown;
}

/** The command's answer (issue 20, item 4): what the client needs to go on; the page reloads the rest. */
export interface CaseCompact {
  id: string;
  version: number;
  state: string;
  stage: string;
  checklist: Checklist;
}

/**
 * The stored rule results of an event as the event log answers them: the one place a stored form
 * is turned into the API's (a compact stored form is expanded here).
 */
export function ruleResultsOut(raw: unknown): unknown {
  // Stored compact since issue 20 item 4 (failures in full, passed rules by id); old rows hold the full array. Readers see the full array either way.
  return expandRuleResults(raw);
}

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

  /**
   * The case page in ONE statement (issue 20, item 4): the case row with its person, organisation,
   * votes, decisions, documents, deadlines, violations, timeline and the due dates of its pending
   * deadlines as `json_agg` sub-selects, scoped by the caller's subtree in the same WHERE (404
   * outside). The organisation's settings and the working calendar come from their caches.
   */
  async view(actor: Actor, caseId: string) {
    const today = localDateInVietnam(await this.clock.now());
    const row = await this.readOne<ViewRow>(actor, caseId, VIEW_COLUMNS);
    const calendar = await this.calendars.calendar();
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
      person: row.person,
      organisation: row.organisation,
      facts: this.procedure.facts(row.snapshot),
      votes: row.votes,
      decisions: row.decisions,
      documents: row.documents,
      deadlines: row.deadlines.map((d) => presentDeadline(d, today, calendar)),
      checklist: await this.checklistOf(row, today),
      violations: row.violations,
      timeline: row.timeline,
    };
  }

  /**
   * What a command answers (issue 20, item 4): `{ id, version, state, stage, checklist }`, from one
   * statement (the case row and its pending due dates). The client reloads the page (GET) for the rest.
   */
  async compact(actor: Actor, caseId: string): Promise<CaseCompact> {
    const today = localDateInVietnam(await this.clock.now());
    const row = await this.readOne<CompactRow>(actor, caseId, COMPACT_COLUMNS);
    return { id: row.id, version: row.version, state: row.state, stage: row.stage, checklist: await this.checklistOf(row, today) };
  }

  /** The same answer from the case as a command left it (no statement: the settings are cached). */
  async answerOf(after: CaseAfterCommand): Promise<CaseCompact> {
    return { id: after.id, version: after.version, state: after.state, stage: after.stage, checklist: await this.checklistOf(after, after.today) };
  }

  /** 404 unless the case exists inside the caller's subtree (one statement); its organisation. */
  async visible(actor: Actor, caseId: string): Promise<{ id: string; organisationId: string }> {
    const row = await this.readOne<{ id: string; organisation_id: string }>(actor, caseId, 'c.id, c.organisation_id');
    return { id: row.id, organisationId: row.organisation_id };
  }

  private async readOne<T>(actor: Actor, caseId: string, columns: string): Promise<T> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
    const params: unknown[] = [caseId];
    let scope = 'TRUE';
    if (actor.kind === 'user') {
      const s = this.access.caseScopeSql(actor.user, 'c', 2);
      params.push(...s.params);
      scope = s.sql;
    }
    const rows: T[] = await this.db.query(`SELECT ${columns} FROM cases c WHERE c.id = $1 AND ${scope}`, params);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  private async checklistOf(row: CompactRow, today: LocalDate): Promise<Checklist> {
    if (row.status !== 'open') return { allowed: [], blocked: [], requirements: [] };
    const settings = await this.cases.orgSettings(row.organisation_id, today);
    const snapshot = row.machine_version === this.procedure.machineVersion ? row.snapshot : this.procedure.migrate(row.snapshot, row.machine_version);
    return this.procedure.checklist(snapshot, { asOf: today, settings, dueDates: row.due_dates ?? {} });
  }

  /** The event log, scoped like the page: one statement (zero rows: 404; a case row with no event: an empty log). */
  async events(actor: Actor, caseId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
    const params: unknown[] = [caseId];
    let scope = 'TRUE';
    if (actor.kind === 'user') {
      const s = this.access.caseScopeSql(actor.user, 'c', 2);
      params.push(...s.params);
      scope = s.sql;
    }
    const rows: (Omit<EventLogEntry, 'seq'> & { seq: number | null })[] = await this.db.query(
      `SELECT e.seq, e.type, e.payload, e.event_date AS "eventDate", e.acting_body AS "actingBody", e.actor_role AS "actorRole", e.recorded_by AS "recordedBy",
              ${RECORDER_NAME} AS "recordedByName", e.recorded_at AS "recordedAt", e.state_before AS "stateBefore", e.state_after AS "stateAfter",
              e.rule_results AS "ruleResults", e.machine_version AS "machineVersion", e.edition,
              e.corrects_seq AS "correctsSeq", e.corrected_by_seq AS "correctedBySeq", e.correction_reason AS "correctionReason",
              e.correction_effects AS "correctionEffects"
         FROM cases c LEFT JOIN case_events e ON e.case_id = c.id LEFT JOIN users u ON u.id = e.recorded_by LEFT JOIN people up ON up.id = u.person_id
        WHERE c.id = $1 AND ${scope} ORDER BY e.seq`,
      params,
    );
    if (rows.length === 0) throw notFound();
    return rows.filter((r): r is EventLogEntry => r.seq !== null).map((r) => ({ ...r, ruleResults: ruleResultsOut(r.ruleResults) }));
  }

  async list(actor: Actor, f: CaseListFilter): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    await restrictToSubtree(this.access, actor, f.organisationId, where, params);
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
