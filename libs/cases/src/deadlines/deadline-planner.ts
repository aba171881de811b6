import type { EntityManager } from 'typeorm';
import { rowsOf } from '#platform';
import {
  checkDeadline,
  computeDeadline,
  getTimer,
  type Deadline,
  type LocalDate,
  type TimerId,
  type TimerSettings,
  type WorkingCalendar,
} from '#procedure';

/** What the machine asks of deadlines (its intents, normalised by the procedure adapter). */
export type DeadlineIntent =
  | { kind: 'schedule'; key: string; timerId: TimerId; start: LocalDate; abroad?: boolean; level?: 'central'; estimated?: boolean }
  /** The act the timer waited for happened on `on` (a late act opens a violation). */
  | { kind: 'complete'; key: string; on: LocalDate }
  /** The timer no longer applies (the case moved on another way, or closed). */
  | { kind: 'cancel'; key: string };

export interface DeadlineRow {
  id: string;
  case_id: string;
  key: string;
  timer_id: TimerId;
  start_date: LocalDate;
  due_date: LocalDate | null;
  extended_due_date: LocalDate | null;
  extended_to: LocalDate | null;
  calendar_status: string;
  status: 'pending' | 'met' | 'fired' | 'cancelled';
  fence: number;
  reminders: { date: LocalDate; offset: number; unit: string }[];
  responsible: string | null;
  edition: string | null;
  estimated?: boolean;
}

export interface LateAct {
  key: string;
  timerId: TimerId;
  due: LocalDate | null;
  actual: LocalDate;
  responsible: string | null;
  message: { vi: string; en: string };
  requiresConsent: boolean;
}

/** Outbox topic that asks the worker to (re-)arm a deadline's next wake-up. */
export const ARM_TOPIC = 'deadline.arm';

/**
 * Turns deadline intents into rows inside the transition's transaction. Deadlines are the truth:
 * each change bumps the fence so a wake-up job armed for an older version does nothing.
 */
export class DeadlinePlanner {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly settings: TimerSettings | undefined,
  ) {}

  compute(timerId: TimerId, start: LocalDate, opts: { abroad?: boolean; level?: 'central'; estimated?: boolean } = {}): Deadline {
    return computeDeadline(timerId, start, { calendar: this.calendar, settings: this.settings, abroad: opts.abroad, level: opts.level, estimated: opts.estimated });
  }

  async apply(manager: EntityManager, caseId: string, intents: DeadlineIntent[]): Promise<{ late: LateAct[]; armed: string[] }> {
    const late: LateAct[] = [];
    const armed: string[] = [];
    for (const intent of intents) {
      if (intent.kind === 'schedule') {
        const d = this.compute(intent.timerId, intent.start, intent);
        const rows: { id: string }[] = await manager.query(
          `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years,
                                  edition, responsible, reminders, basis, status, fence)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', 1)
           ON CONFLICT (case_id, key) DO UPDATE SET timer_id = EXCLUDED.timer_id, start_date = EXCLUDED.start_date,
             due_date = EXCLUDED.due_date, extended_due_date = EXCLUDED.extended_due_date, extended_to = NULL,
             calendar_status = EXCLUDED.calendar_status, calendar_years = EXCLUDED.calendar_years, edition = EXCLUDED.edition,
             responsible = EXCLUDED.responsible, reminders = EXCLUDED.reminders, basis = EXCLUDED.basis,
             status = 'pending', fence = deadlines.fence + 1, met_on = NULL, fired_at = NULL, escalated_at = NULL, updated_at = now()
           RETURNING id`,
          [
            caseId,
            intent.key,
            intent.timerId,
            intent.start,
            d.due,
            d.extendedDue,
            d.status,
            d.calendarYears,
            d.edition,
            d.responsible,
            JSON.stringify(d.reminders),
            JSON.stringify(d.basis),
          ],
        );
        armed.push(rows[0].id);
      } else {
        const rows = rowsOf<DeadlineRow>(await manager.query(
          `UPDATE deadlines SET status = $3, met_on = $4, fence = fence + 1, updated_at = now()
            WHERE case_id = $1 AND key = $2 AND status IN ('pending', 'fired')
            RETURNING *`,
          [caseId, intent.key, intent.kind === 'complete' ? 'met' : 'cancelled', intent.kind === 'complete' ? intent.on : null],
        ));
        const row = rows[0];
        if (row && intent.kind === 'complete') {
          const lateAct = this.lateness(row, intent.on);
          if (lateAct) late.push(lateAct);
        }
      }
    }
    return { late, armed };
  }

  /** PROC-DEADLINES: an act after its limit is recorded and flagged, never refused (I-8). */
  lateness(row: DeadlineRow, actual: LocalDate): LateAct | null {
    const timer = getTimer(row.timer_id);
    if (timer.kind !== 'deadline' || !row.due_date) return null;
    const deadline = this.compute(row.timer_id, row.start_date, { estimated: row.estimated });
    const granted = row.extended_to !== null;
    const check = checkDeadline({ ...deadline, due: row.due_date, extendedDue: row.extended_to ?? deadline.extendedDue }, actual, {
      extensionGranted: granted,
    });
    if (!check.flagged) return null;
    return {
      key: row.key,
      timerId: row.timer_id,
      due: row.extended_to ?? row.due_date,
      actual,
      responsible: row.responsible,
      message: check.message,
      requiresConsent: check.requiresConsent !== null,
    };
  }
}
