import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '#platform';
import { checkExtension, computeDeadline, createWorkingCalendar, localDateInVietnam, type CalendarYear, type LocalDate, type TimerId } from '#procedure';
import { CalendarStore } from '../calendar/calendar.store.js';
import { CASE_ERRORS, CaseError, notFound } from '../errors.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { ARM_TOPIC } from './deadline-planner.js';
import { message } from '#messages';

export interface OperationActor {
  userId: string | null;
}

/**
 * Operator actions on deadlines, each with a reason and an audit row: extend within the legal
 * extension, and recompute after a calendar (or edition) correction. Every change bumps the
 * fence and re-arms through the outbox.
 */
@Injectable()
export class DeadlineOperations {
  private readonly logger = new Logger('DeadlineOperations');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarStore,
    private readonly cases: CaseRepository,
    private readonly clock: ClockService,
  ) {}

  /** Grant the extension (up to the legal maximum) for a pending deadline. */
  async extend(caseId: string, key: string, to: LocalDate, reason: string, actor: OperationActor): Promise<{ extendedTo: LocalDate }> {
    return this.db.transaction(async (m) => {
      const rows: { id: string; due_date: LocalDate | null; extended_due_date: LocalDate | null; status: string }[] = await m.query(
        `SELECT id, due_date, extended_due_date, status FROM deadlines WHERE case_id = $1 AND key = $2 FOR UPDATE`,
        [caseId, key],
      );
      const d = rows[0];
      if (!d) throw notFound();
      if (d.status !== 'pending' || !d.due_date) {
        throw new CaseError(CASE_ERRORS.EVENT_NOT_ALLOWED, message('CASES.ONLY_PENDING_DEADLINE_CAN_EXTENDED'));
      }
      // PROC-DEADLINES: an extension counts only when recorded by the base due date, with a reason,
      // after the due date and within the legal maximum (libs/procedure checkExtension).
      const recordedOn = localDateInVietnam(await this.clock.now());
      const check = checkExtension(d.due_date, { to, recordedOn, reason }, d.extended_due_date);
      if (!check.counts) {
        throw new CaseError(
          CASE_ERRORS.EVENT_NOT_ALLOWED,
          `${check.problems.map((p) => p.vi).join('; ')} / ${check.problems.map((p) => p.en).join('; ')}`,
          { rules: [{ id: 'PROC-DEADLINES', dueDate: d.due_date, maxExtendedDue: d.extended_due_date, recordedOn, problems: check.problems }] },
        );
      }
      await m.query(`UPDATE deadlines SET extended_to = $2, fence = fence + 1, updated_at = now() WHERE id = $1`, [d.id, to]);
      await this.audit(m, caseId, 'deadline.extended', { key, to, reason, recordedOn }, actor);
      await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: d.id })]);
      await this.cases.refreshNextDue(m, caseId);
      return { extendedTo: to };
    });
  }

  /**
   * Enter or confirm a calendar year, then recompute every open deadline that depends on it
   * (provisional and awaiting-calendar ones included), in the same transaction.
   */
  async enterCalendarYear(year: CalendarYear, reason: string, actor: OperationActor): Promise<{ recomputed: number; changed: number }> {
    return this.db.transaction(async (m) => {
      await this.calendars.upsertYear(m, year, actor.userId, reason);
      const result = await this.recompute(m, [year.year]);
      await this.audit(m, null, 'calendar.yearEntered', { year: year.year, status: year.status, reason, ...result }, actor);
      return result;
    });
  }

  /** Recompute pending deadlines whose computation crossed any of the years (all when none given). */
  async recompute(m: EntityManager, years: number[] | null): Promise<{ recomputed: number; changed: number }> {
    const calendar = createWorkingCalendar(await this.calendars.years(m));
    const rows: { id: string; case_id: string; organisation_id: string; timer_id: TimerId; start_date: LocalDate; due_date: LocalDate | null; calendar_status: string; variant: string | null }[] =
      await m.query(
        `SELECT d.id, d.case_id, c.organisation_id, d.timer_id, d.start_date, d.due_date, d.calendar_status, d.variant FROM deadlines d JOIN cases c ON c.id = d.case_id
          WHERE d.status = 'pending' AND ($1::int[] IS NULL OR d.calendar_years && $1::int[] OR d.calendar_status IN ('awaitingCalendar', 'provisional'))
          FOR UPDATE OF d`,
        [years],
      );
    let changed = 0;
    const touchedCases = new Set<string>();
    for (const r of rows) {
      // The variant (abroad, central level) chosen when the deadline was planned stays.
      const d = computeDeadline(r.timer_id, r.start_date, {
        calendar,
        settings: await this.cases.timerSettings(r.organisation_id, r.start_date),
        abroad: r.variant === 'abroad',
        level: r.variant === 'central' ? 'central' : undefined,
      });
      const differs = d.due !== r.due_date || d.status !== r.calendar_status;
      await m.query(
        `UPDATE deadlines SET due_date = $2, extended_due_date = $3, calendar_status = $4, calendar_years = $5, reminders = $6,
                fence = fence + CASE WHEN $7 THEN 1 ELSE 0 END, updated_at = now()
          WHERE id = $1`,
        [r.id, d.due, d.extendedDue, d.status, d.calendarYears, JSON.stringify(d.reminders), differs],
      );
      if (differs) {
        changed++;
        touchedCases.add(r.case_id);
        await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: r.id })]);
      }
    }
    for (const caseId of touchedCases) await this.cases.refreshNextDue(m, caseId);
    this.calendars.invalidate();
    this.logger.log({ msg: 'deadlines recomputed', recomputed: rows.length, changed });
    return { recomputed: rows.length, changed };
  }

  private async audit(m: EntityManager, caseId: string | null, action: string, details: Record<string, unknown>, actor: OperationActor): Promise<void> {
    await m.query(`INSERT INTO operations_log (case_id, action, details, actor_user_id) VALUES ($1, $2, $3, $4)`, [
      caseId,
      action,
      JSON.stringify(details),
      actor.userId,
    ]);
  }
}
