import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { WorkingCalendar, type CalendarYear } from '../calendar/working-days.js';
import { deadlineCountdown } from './countdown.js';

const years = fs
  .readdirSync(path.join(process.cwd(), 'config/calendar'))
  .filter((f) => /^\d{4}\.json$/.test(f))
  .map((f) => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/calendar', f), 'utf8')) as CalendarYear);
const calendar = new WorkingCalendar(years);

describe('deadlineCountdown', () => {
  it('counts working days left for a working-day timer, skipping holidays and counting make-up Saturdays', () => {
    // 2025-04-01 (Tue) to 2025-04-08 (Tue): 2, 3, 4, (7 = Hùng Kings off), 8 → 4 working days.
    expect(deadlineCountdown(calendar, 'workingDays', '2025-04-01', '2025-04-08')).toEqual({
      unit: 'workingDays',
      left: 4,
      overdueDays: 0,
    });
    // The make-up Saturday 2025-04-26 counts.
    expect(deadlineCountdown(calendar, 'workingDays', '2025-04-25', '2025-04-26').left).toBe(1);
  });

  it('the last day itself leaves 0 and is not overdue; the day after is 1 day overdue', () => {
    expect(deadlineCountdown(calendar, 'workingDays', '2025-04-08', '2025-04-08')).toEqual({
      unit: 'workingDays',
      left: 0,
      overdueDays: 0,
    });
    expect(deadlineCountdown(calendar, 'workingDays', '2025-04-09', '2025-04-08')).toEqual({
      unit: 'workingDays',
      left: null,
      overdueDays: 1,
    });
    expect(deadlineCountdown(calendar, 'months', '2025-04-11', '2025-04-08')).toEqual({ unit: 'calendarDays', left: null, overdueDays: 3 });
  });

  it('counts calendar days for month timers, and never guesses a year without calendar data', () => {
    expect(deadlineCountdown(calendar, 'months', '2025-04-01', '2025-05-01')).toEqual({ unit: 'calendarDays', left: 30, overdueDays: 0 });
    expect(deadlineCountdown(calendar, 'workingDays', '2025-04-01', '2040-01-10').left).toBeNull();
  });
});
