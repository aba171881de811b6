import type { EntityManager } from 'typeorm';
import {
  computeDeadline,
  type Deadline,
  type LocalDate,
  type TimerId,
  type TimerSettings,
  type WorkingCalendar,
} from '#procedure';

/** What the machine asks of deadlines (its intents, normalised by the procedure adapter). */
export type DeadlineIntent =
  | { kind: 'schedule'; key: string; timerId: TimerId; start: LocalDate; abroad?: boolean; level?: 'central'; estimated?: boolean }
  /**
   * The timer is settled. With metOn: the act it waits for was recorded on that date (status
   * 'met', met_on; on time or late). Without: it no longer applies, the case moved on another way
   * or closed (status 'cancelled'). A late act is flagged by the engine itself, not here.
   */
  | { kind: 'cancel'; key: string; metOn?: LocalDate };

/** The rows one transition changes: deadlines (re-)scheduled with their computed dates, and settled ones. */
export interface DeadlinePlan {
  schedules: { key: string; timerId: TimerId; start: LocalDate; deadline: Deadline }[];
  cancels: { key: string; metOn?: LocalDate }[];
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

  /**
   * The intents of one transition as row changes, one per deadline key (the last intent for a key
   * wins: a cancel followed by a schedule of the same key is a re-schedule), so that a single
   * statement can write them all (a statement may not change the same row twice).
   */
  plan(intents: readonly DeadlineIntent[]): DeadlinePlan {
    const last = new Map<string, DeadlineIntent>();
    for (const i of intents) {
      last.delete(i.key);
      last.set(i.key, i);
    }
    const plan: DeadlinePlan = { schedules: [], cancels: [] };
    for (const i of last.values()) {
      if (i.kind === 'schedule') plan.schedules.push({ key: i.key, timerId: i.timerId, start: i.start, deadline: this.compute(i.timerId, i.start, i) });
      else plan.cancels.push({ key: i.key, ...(i.metOn ? { metOn: i.metOn } : {}) });
    }
    return plan;
  }

  async apply(manager: EntityManager, caseId: string, intents: DeadlineIntent[]): Promise<{ armed: string[] }> {
    const armed: string[] = [];
    for (const intent of intents) {
      if (intent.kind === 'schedule') {
        const d = this.compute(intent.timerId, intent.start, intent);
        const rows: { id: string }[] = await manager.query(
          `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years,
                                  edition, responsible, reminders, basis, variant, status, fence)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', 1)
           ON CONFLICT (case_id, key) DO UPDATE SET timer_id = EXCLUDED.timer_id, start_date = EXCLUDED.start_date,
             due_date = EXCLUDED.due_date, extended_due_date = EXCLUDED.extended_due_date, extended_to = NULL,
             calendar_status = EXCLUDED.calendar_status, calendar_years = EXCLUDED.calendar_years, edition = EXCLUDED.edition,
             responsible = EXCLUDED.responsible, reminders = EXCLUDED.reminders, basis = EXCLUDED.basis, variant = EXCLUDED.variant,
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
            d.variant,
          ],
        );
        armed.push(rows[0].id);
      } else {
        // Settled in this transaction; the outbox row asks the relay to remove its wake-up job
        // right after the commit (the same path that arms it).
        await manager.query(
          `WITH settled AS (
             UPDATE deadlines SET status = CASE WHEN $4::date IS NULL THEN 'cancelled' ELSE 'met' END::deadline_status,
                    met_on = $4::date, fence = fence + 1, updated_at = now()
              WHERE case_id = $1 AND key = $2 AND status IN ('pending', 'fired')
              RETURNING id)
           INSERT INTO outbox (topic, payload) SELECT $3, jsonb_build_object('deadlineId', id) FROM settled`,
          [caseId, intent.key, ARM_TOPIC, intent.metOn ?? null],
        );
      }
    }
    return { armed };
  }
}
