import { daysBetween, type LocalDate } from '../dates.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { TimerUnit } from './timers.js';

/**
 * How far a deadline is from today, as a person reads it beside "Hạn: 10/07/2031": "còn 12 ngày
 * làm việc" before it, "quá hạn 3 ngày" after it (procedure.md §7: a deadline counted in working
 * days is shown in working days; months and calendar days in calendar days). The last day to act
 * is the limit itself: on it, 0 days are left and nothing is overdue yet.
 */
export interface DeadlineCountdown {
  /** The unit of `left`: working days for a working-day timer, calendar days otherwise. */
  unit: 'workingDays' | 'calendarDays';
  /** Days left until the limit (0 on the last day); null when overdue or the calendar lacks a year. */
  left: number | null;
  /** Calendar days since the limit passed (0 when not overdue). */
  overdueDays: number;
}

export function deadlineCountdown(calendar: WorkingCalendar, unit: TimerUnit, today: LocalDate, limit: LocalDate): DeadlineCountdown {
  const countUnit = unit === 'workingDays' ? 'workingDays' : 'calendarDays';
  if (limit < today) return { unit: countUnit, left: null, overdueDays: daysBetween(limit, today) };
  const left = countUnit === 'workingDays' ? calendar.workingDaysBetween(today, limit).days : daysBetween(today, limit);
  return { unit: countUnit, left, overdueDays: 0 };
}
