import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  EDITIONS,
  TIMERS,
  computeDeadline,
  createWorkingCalendar,
  isTimerId,
  localDateInVietnam,
  timerParams,
  type EditionId,
  type LocalDate,
  type TimerId,
  type TimerVariant,
  type WorkingCalendar,
} from '#procedure';
import { CacheBus, ClockService } from '#platform';
import { ORGS_CACHE } from '#orgs';
import { CalendarStore } from '../calendar/calendar.store.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { ARM_TOPIC } from './deadline-planner.js';
import { message, type MessageCode } from '#messages';

export interface TimerRepairChange {
  kind: 'setting' | 'deadline' | 'violation';
  caseId: string | null;
  organisationId: string | null;
  timerId: string | null;
  key?: string;
  before: unknown;
  after: unknown;
  note: string;
}

export interface TimerRepairReport {
  settingsChecked: number;
  deadlinesChecked: number;
  changes: TimerRepairChange[];
}

interface DeadlineRow {
  id: string;
  case_id: string;
  organisation_id: string;
  key: string;
  timer_id: string;
  start_date: LocalDate;
  due_date: LocalDate | null;
  extended_due_date: LocalDate | null;
  extended_to: LocalDate | null;
  calendar_status: string;
  edition: string | null;
  variant: string | null;
  status: 'pending' | 'met' | 'cancelled' | 'fired';
  met_on: LocalDate | null;
}

const isEdition = (e: unknown): e is EditionId => EDITIONS.some((x) => x.id === e);

/**
 * The part of the edition-true-timers repair that needs the law (migration
 * EditionTrueTimers1767100000004 did the structural part). Idempotent: a second run changes nothing.
 * 1. Settings: tightenings that do not shorten the law for their edition (copies of the central
 *    length) are dropped; true tightenings stay, tagged with their edition.
 * 2. Open deadlines are recomputed with the length of the edition in force on their start date and
 *    only the tightenings of that edition; a changed due date is written, fenced and re-armed.
 * 3. Deadlines already closed by their act are re-audited: an open PROC-DEADLINES violation whose
 *    act now falls on or before the corrected due date is resolved (what was recorded is never rewritten).
 * Every change is a `timer_repairs` row and a log line naming the case (no personal data).
 */
@Injectable()
export class TimerRepairService {
  private readonly logger = new Logger('TimerRepair');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarStore,
    private readonly cases: CaseRepository,
    private readonly clock: ClockService,
    private readonly bus: CacheBus,
  ) {}

  async run(): Promise<TimerRepairReport> {
    const changes: TimerRepairChange[] = [];
    // Settings first, committed: the deadline recomputation reads them through the organisation service.
    const settingsChecked = await this.db.transaction((m) => this.repairSettings(m, changes));
    if (changes.length > 0) await this.bus.invalidate(ORGS_CACHE);
    const deadlinesChecked = await this.db.transaction((m) => this.repairDeadlines(m, changes));
    this.logger.log({ msg: 'timer repair done', settingsChecked, deadlinesChecked, changes: changes.length });
    return { settingsChecked, deadlinesChecked, changes };
  }

  private async repairSettings(m: EntityManager, changes: TimerRepairChange[]): Promise<number> {
    const rows: { organisation_id: string; valid_from: string; settings: Record<string, unknown> }[] = await m.query(
      `SELECT organisation_id, valid_from::text AS valid_from, settings FROM organisation_settings WHERE settings ? 'timerTightenings' FOR UPDATE`,
    );
    for (const r of rows) {
      const list = Array.isArray(r.settings['timerTightenings']) ? (r.settings['timerTightenings'] as { timer?: unknown; edition?: unknown; length?: unknown }[]) : [];
      const keep = list.filter(
        (t) => isTimerId(t.timer) && isEdition(t.edition) && typeof t.length === 'number' && t.length < timerParams(t.timer, t.edition).length,
      );
      if (keep.length === list.length) continue;
      const dropped = list.filter((t) => !keep.includes(t));
      const after = { ...r.settings, timerTightenings: keep };
      await m.query(`UPDATE organisation_settings SET settings = $3::jsonb WHERE organisation_id = $1 AND valid_from = $2::date`, [
        r.organisation_id,
        r.valid_from,
        JSON.stringify(after),
      ]);
      const change: TimerRepairChange = {
        kind: 'setting',
        caseId: null,
        organisationId: r.organisation_id,
        timerId: null,
        before: { validFrom: r.valid_from, timerTightenings: list },
        after: { validFrom: r.valid_from, timerTightenings: keep },
        note: message('CASES.DROPPED_VALUES_EQUAL_CENTRAL_LENGTH', { length: dropped.length, timers: dropped.map((t) => String(t.timer)).join(', ') }),
      };
      await this.record(m, change, null, null);
      this.logger.log({ msg: 'timer repair: setting', organisationId: r.organisation_id, validFrom: r.valid_from, dropped: dropped.map((t) => t.timer) });
      changes.push(change);
    }
    return rows.length;
  }

  private async repairDeadlines(m: EntityManager, changes: TimerRepairChange[]): Promise<number> {
    const calendar = createWorkingCalendar(await this.calendars.years(m));
    const today = localDateInVietnam(await this.clock.now());
    const rows: DeadlineRow[] = await m.query(
      `SELECT d.id, d.case_id, c.organisation_id, d.key, d.timer_id, d.start_date::text AS start_date, d.due_date::text AS due_date,
              d.extended_due_date::text AS extended_due_date, d.extended_to::text AS extended_to, d.calendar_status, d.edition, d.variant,
              d.status, d.met_on::text AS met_on
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.status IN ('pending', 'met', 'cancelled', 'fired') AND d.edition IS NOT NULL
        ORDER BY d.case_id, d.key FOR UPDATE OF d`,
    );
    const touched = new Set<string>();
    for (const r of rows) {
      if (!isTimerId(r.timer_id) || TIMERS[r.timer_id].kind === 'milestone') continue;
      const variant = r.variant ?? inferVariant(calendar, r.timer_id, r);
      const settings = await this.cases.timerSettings(r.organisation_id, r.start_date);
      const d = computeDeadline(r.timer_id, r.start_date, {
        calendar,
        settings,
        abroad: variant === 'abroad',
        level: variant === 'central' ? 'central' : undefined,
      });
      // Never trade a known date for "awaiting calendar" because a year is not loaded here (calendar:set recomputes those).
      if (d.due === null && r.due_date !== null) continue;
      const before = { due: r.due_date, extendedDue: r.extended_due_date };
      const after = { due: d.due, extendedDue: d.extendedDue, length: d.length, extension: d.extension, edition: d.edition };
      /** A deadline no longer pending (fired or closed) gets its corrected dates; nothing is re-armed. */
      const moveSettled = () =>
        m.query(`UPDATE deadlines SET due_date = $2, extended_due_date = $3, variant = $4, updated_at = now() WHERE id = $1`, [
          r.id,
          d.due,
          d.extendedDue,
          variant,
        ]);
      /** The change as a timer_repairs row, in the run's answer and as a log line naming the case. */
      const recordChange = async (note: MessageCode, what: string): Promise<void> => {
        const change: TimerRepairChange = {
          kind: 'deadline',
          caseId: r.case_id,
          organisationId: r.organisation_id,
          timerId: r.timer_id,
          key: r.key,
          before,
          after,
          note: message(note, { edition: d.edition, due_date: r.due_date, due: d.due }),
        };
        await this.record(m, change, r.id, d.edition);
        changes.push(change);
        this.logger.log({ msg: `timer repair: ${what}`, caseId: r.case_id, key: r.key, edition: d.edition, from: r.due_date, to: d.due });
      };
      if (d.due === r.due_date && d.extendedDue === r.extended_due_date) {
        if (r.variant === null) await m.query(`UPDATE deadlines SET variant = $2 WHERE id = $1`, [r.id, variant]);
        continue;
      }
      if (r.status === 'pending') {
        await m.query(
          `UPDATE deadlines SET due_date = $2, extended_due_date = $3, calendar_status = $4, calendar_years = $5, reminders = $6, variant = $7,
                  fence = fence + 1, updated_at = now()
            WHERE id = $1`,
          [r.id, d.due, d.extendedDue, d.status, d.calendarYears, JSON.stringify(d.reminders), variant],
        );
        await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: r.id })]);
        touched.add(r.case_id);
        await recordChange('CASES.DUE_DATE_RECOMPUTED_WITH_EDITION', 'deadline moved');
        continue;
      }
      if (r.status === 'fired') {
        // The worker fired on the wrong date: the firing stays recorded; its overdue violation was premature
        // when the corrected limit has not passed yet (the re-audit opens it again if the act never comes).
        await moveSettled();
        await recordChange('CASES.FIRED_DEADLINE_RECOMPUTED_WITH_EDITION', 'fired deadline recomputed');
        if (d.due && d.due >= today) await this.closeViolations(m, r, d.due, null, d.edition, changes, 'premature');
        continue;
      }
      // Closed (the act was recorded): the act stays; its deadline violation is re-judged below.
      await moveSettled();
      await recordChange('CASES.CLOSED_DEADLINE_RECOMPUTED_WITH_EDITION', 'closed deadline recomputed');
      const limit = r.extended_to && d.extendedDue && r.extended_to <= d.extendedDue ? r.extended_to : d.due;
      if (limit) await this.closeViolations(m, r, limit, r.met_on, d.edition, changes, 'onTime');
    }
    for (const caseId of touched) await this.cases.refreshNextDue(m, caseId);
    return rows.length;
  }

  /** Re-judges the open PROC-DEADLINES violations of one deadline against its corrected limit. */
  private async closeViolations(
    m: EntityManager,
    r: DeadlineRow,
    limit: LocalDate,
    actFallback: LocalDate | null,
    edition: string | null,
    changes: TimerRepairChange[],
    why: 'onTime' | 'premature',
  ): Promise<void> {
    const open: { id: string; actual_date: LocalDate | null }[] = await m.query(
      `SELECT id, actual_date::text AS actual_date FROM violations
        WHERE case_id = $1 AND rule_id = 'PROC-DEADLINES' AND step = $2 AND status <> 'resolved' FOR UPDATE`,
      [r.case_id, r.key],
    );
    for (const v of open) {
      const actOn = why === 'premature' ? null : (v.actual_date ?? actFallback);
      if (why === 'onTime' && (!actOn || actOn > limit)) continue;
      const resolution =
        why === 'premature'
          ? message('CASES.NOT_OVERDUE_UNDER_EDITION_DUE', { edition, limit })
          : message('CASES.ON_TIME_UNDER_EDITION_DUE', { edition, limit });
      await m.query(
        `UPDATE violations SET status = 'resolved', updated_at = now(), due_date = $2, cleared_by_audit = true, resolved_at = now(),
                resolved_by = NULL, resolution = $3
          WHERE id = $1`,
        [v.id, limit, resolution],
      );
      const change: TimerRepairChange = {
        kind: 'violation',
        caseId: r.case_id,
        organisationId: r.organisation_id,
        timerId: r.timer_id,
        key: r.key,
        before: { rule: 'PROC-DEADLINES', status: 'open', due: r.due_date, actOn },
        after: { rule: 'PROC-DEADLINES', status: 'resolved', due: limit, actOn },
        note:
          why === 'premature'
            ? message('CASES.VIOLATION_CLOSED_NOT_OVERDUE_BEFORE', { limit })
            : message('CASES.VIOLATION_CLOSED_ACT_NOT_AFTER', { actOn, limit }),
      };
      await this.record(m, change, r.id, edition);
      this.logger.log({ msg: 'timer repair: violation closed', caseId: r.case_id, key: r.key, actOn, due: limit, why });
      changes.push(change);
    }
  }

  private async record(m: EntityManager, c: TimerRepairChange, deadlineId: string | null, edition: string | null): Promise<void> {
    await m.query(
      `INSERT INTO timer_repairs (kind, organisation_id, case_id, deadline_id, timer_id, edition, before, after, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.kind, c.organisationId, c.caseId, deadlineId, c.timerId, edition, JSON.stringify(c.before), JSON.stringify(c.after), c.note],
    );
  }
}

/**
 * Rows written before `deadlines.variant` existed: a stored length longer than the default
 * length of its edition can only be the variant (abroad 90 wd, central level 180 wd).
 */
function inferVariant(calendar: WorkingCalendar, timerId: TimerId, r: DeadlineRow): TimerVariant | 'default' {
  const variants = Object.keys(TIMERS[timerId].params['2025-07'].variants ?? {}) as TimerVariant[];
  if (variants.length === 0 || !r.due_date || !isEdition(r.edition) || TIMERS[timerId].unit !== 'workingDays') return 'default';
  const stored = calendar.workingDaysBetween(r.start_date, r.due_date).days;
  return stored !== null && stored > timerParams(timerId, r.edition).length ? variants[0]! : 'default';
}
