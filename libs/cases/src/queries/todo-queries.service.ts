import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClockService } from '#platform';
import { deadlineCountdown, getTimer, isTimerId, localDateInVietnam, type DeadlineCountdown, type LocalDate } from '#procedure';
import { AccessService } from '#orgs';
import { CalendarStore } from '../calendar/calendar.store.js';
import { restrictToSubtree } from './scope-filter.js';
import type { Actor } from '../ports.js';

/** Filters of "Việc cần làm" (the caller's to-do list): every filter narrows, none widens the scope. */
export interface TodoFilter {
  organisationId?: string;
  stage?: string;
  /** The candidate's occupation category (procedure.md §9 reporting categories). */
  category?: string;
  /** The limit in force (the extension, else the due date) from/to, inclusive. */
  dueFrom?: LocalDate;
  dueTo?: LocalDate;
  overdue?: boolean;
  limit?: number;
}

export interface TodoItem {
  caseId: string;
  caseVersion: number;
  stage: string;
  state: string;
  person: { id: string; fullName: string; occupation: string | null };
  organisation: { id: string; name: string };
  deadline: {
    key: string;
    timerId: string;
    /** The step as a person reads it (the timer's label in procedure.md §7). */
    label: { vi: string; en: string };
    responsible: string | null;
    start: LocalDate;
    due: LocalDate | null;
    extendedTo: LocalDate | null;
    /** The limit in force: the extension granted, else the due date. */
    limit: LocalDate | null;
    calendarStatus: string;
  };
  overdue: boolean;
  /** "còn 12 ngày làm việc" / "quá hạn 3 ngày", counted with the procedure library's calendar. */
  countdown: DeadlineCountdown | null;
}

interface TodoRow {
  case_id: string;
  version: number;
  stage: string;
  state: string;
  person_id: string;
  full_name: string;
  occupation: string | null;
  organisation_id: string;
  org_name: string;
  key: string;
  timer_id: string;
  responsible: string | null;
  start_date: LocalDate;
  due_date: LocalDate | null;
  extended_to: LocalDate | null;
  limit_date: LocalDate | null;
  calendar_status: string;
}

/**
 * "Việc cần làm": the pending deadlines of the open cases in the caller's subtree, soonest limit
 * first (those without a limit last), each with the candidate, the step and its countdown.
 */
@Injectable()
export class TodoQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly access: AccessService,
    private readonly calendars: CalendarStore,
  ) {}

  async list(actor: Actor, f: TodoFilter): Promise<{ today: LocalDate; items: TodoItem[]; truncated: boolean }> {
    const today = localDateInVietnam(await this.clock.now());
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [`c.status = 'open'`, `d.status = 'pending'`];
    await restrictToSubtree(this.access, actor, f.organisationId, where, params);
    const limitCol = 'COALESCE(d.extended_to, d.due_date)';
    if (f.stage) where.push(`c.stage = ${p(f.stage)}`);
    if (f.category) where.push(`pe.occupation::text = ${p(f.category)}`);
    if (f.dueFrom) where.push(`${limitCol} >= ${p(f.dueFrom)}::date`);
    if (f.dueTo) where.push(`${limitCol} <= ${p(f.dueTo)}::date`);
    if (f.overdue !== undefined) where.push(f.overdue ? `${limitCol} < ${p(today)}::date` : `(${limitCol} IS NULL OR ${limitCol} >= ${p(today)}::date)`);
    const limit = Math.min(Math.max(f.limit ?? 500, 1), 2000);
    const rows: TodoRow[] = await this.db.query(
      `SELECT c.id AS case_id, c.version, c.stage, c.state, pe.id AS person_id, pe.full_name, pe.occupation::text AS occupation,
              o.id AS organisation_id, o.name AS org_name,
              d.key, d.timer_id, d.responsible, d.start_date::text AS start_date, d.due_date::text AS due_date,
              d.extended_to::text AS extended_to, ${limitCol}::text AS limit_date, d.calendar_status::text AS calendar_status
         FROM deadlines d
         JOIN cases c ON c.id = d.case_id
         JOIN people pe ON pe.id = c.person_id
         JOIN organisations o ON o.id = c.organisation_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${limitCol} ASC NULLS LAST, pe.full_name, d.key
        LIMIT ${limit + 1}`,
      params,
    );
    const calendar = await this.calendars.calendar();
    const items = rows.slice(0, limit).map((r): TodoItem => {
      const timer = isTimerId(r.timer_id) ? getTimer(r.timer_id) : null;
      return {
        caseId: r.case_id,
        caseVersion: r.version,
        stage: r.stage,
        state: r.state,
        person: { id: r.person_id, fullName: r.full_name, occupation: r.occupation },
        organisation: { id: r.organisation_id, name: r.org_name },
        deadline: {
          key: r.key,
          timerId: r.timer_id,
          label: timer ? { vi: timer.label.vi, en: timer.label.en } : { vi: r.timer_id, en: r.timer_id },
          responsible: r.responsible,
          start: r.start_date,
          due: r.due_date,
          extendedTo: r.extended_to,
          limit: r.limit_date,
          calendarStatus: r.calendar_status,
        },
        overdue: r.limit_date !== null && r.limit_date < today,
        countdown: r.limit_date !== null && timer ? safeCountdown(() => deadlineCountdown(calendar, timer.unit, today, r.limit_date!)) : null,
      };
    });
    return { today, items, truncated: rows.length > limit };
  }
}

/** A limit in a year the calendar does not hold yet counts as unknown (null), never as an error. */
function safeCountdown(count: () => DeadlineCountdown): DeadlineCountdown | null {
  try {
    return count();
  } catch {
    return null;
  }
}
