import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, fromParts, type LocalDate } from '../dates.js';
import { CalendarDataError, WorkingCalendar, mergeCalendarUsage, validateCalendarYears, type CalendarYear } from './working-days.js';

function loadCalendarYears(): CalendarYear[] {
  const dir = path.join(process.cwd(), 'config/calendar');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CalendarYear);
}

const calendar = new WorkingCalendar(loadCalendarYears());

/** Dates from 2021-01-11 to 2026-06-30: a week inside the data, and 180 wd still end in confirmed data. */
const confirmedDate = fc.integer({ min: 0, max: 1996 }).map((n) => addDays('2021-01-11', n));

describe('WorkingCalendar.isWorkingDay', () => {
  it('applies weekdays, days off and make-up Saturdays', () => {
    expect(calendar.isWorkingDay('2025-04-04')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-04-05')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-04-07')).toBe(false); // Hùng Kings, Monday
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false); // swapped Friday
    expect(calendar.isWorkingDay('2024-05-04')).toBe(true);
  });

  it('never guesses a year without data', () => {
    expect(calendar.isWorkingDay('2028-01-04')).toBeNull();
    expect(calendar.isWorkingDay('2020-12-31')).toBeNull();
    expect(calendar.describeDay('2028-01-04')).toEqual({ date: '2028-01-04', year: 2028, working: null, yearStatus: 'missing' });
    expect(calendar.describeDay('2025-04-07').reason).toBe('Giỗ Tổ Hùng Vương');
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow('invalid date');
  });

  it('knows its years and their status', () => {
    expect(calendar.years()).toEqual([2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(calendar.yearStatus(2026)).toBe('confirmed');
    expect(calendar.yearStatus(2027)).toBe('provisional');
    expect(calendar.yearStatus(2028)).toBe('missing');
  });
});

describe('WorkingCalendar.addWorkingDays (§7 Counting: the N-th working day after D, D not counted)', () => {
  it('S-1: 30 wd after 2025-03-14 = 2025-04-26 (Hùng Kings skipped, make-up Saturday counts)', () => {
    const r = calendar.addWorkingDays('2025-03-14', 30);
    expect(r).toEqual({ date: '2025-04-26', status: 'confirmed', calendarYears: [2025], provisionalYears: [], missingYears: [] });
  });

  it('counts the make-up Saturdays', () => {
    // 2026-01-09 (Fri) + 1 wd = Saturday 2026-01-10, the make-up day.
    expect(calendar.addWorkingDays('2026-01-09', 1).date).toBe('2026-01-10');
    expect(calendar.addWorkingDays('2025-04-25', 1).date).toBe('2025-04-26');
    expect(calendar.addWorkingDays('2024-05-03', 1).date).toBe('2024-05-04');
    // Without the make-up day the count would land one working day later.
    const withoutMakeUp = new WorkingCalendar(
      loadCalendarYears().map((y) => (y.year === 2025 ? { ...y, makeUpWorkingDays: [] } : y)),
    );
    expect(withoutMakeUp.addWorkingDays('2025-03-14', 30).date).toBe('2025-04-28');
  });

  it('S-6: crosses the year boundary and Tết, and reports the years used', () => {
    expect(calendar.addWorkingDays('2025-12-15', 45)).toMatchObject({ date: '2026-02-24', status: 'confirmed', calendarYears: [2025, 2026] });
    expect(calendar.addWorkingDays('2026-02-24', 15).date).toBe('2026-03-17');
  });

  it('is provisional when it crosses 2027, computed from the statutory days', () => {
    const r = calendar.addWorkingDays('2026-12-01', 45);
    expect(r.status).toBe('provisional');
    expect(r.calendarYears).toEqual([2026, 2027]);
    expect(r.provisionalYears).toEqual([2027]);
    expect(r.date).not.toBeNull();
    expect(calendar.isWorkingDay(r.date as LocalDate)).toBe(true);
    // 2027-01-01 is known to be off even in the provisional year.
    expect(calendar.addWorkingDays('2026-12-31', 1).date).toBe('2027-01-04');
  });

  it('is awaitingCalendar with no date when it crosses 2028', () => {
    const r = calendar.addWorkingDays('2027-12-01', 45);
    expect(r).toEqual({ date: null, status: 'awaitingCalendar', calendarYears: [2027, 2028], provisionalYears: [2027], missingYears: [2028] });
    expect(calendar.workingDaysBetween('2027-12-01', '2028-01-10')).toMatchObject({ days: null, status: 'awaitingCalendar', missingYears: [2028] });
  });

  it('does not need the start year itself (D is not counted)', () => {
    const only2026 = new WorkingCalendar(loadCalendarYears().filter((y) => y.year === 2026));
    expect(only2026.addWorkingDays('2025-12-31', 1)).toMatchObject({ date: '2026-01-05', calendarYears: [2026], status: 'confirmed' });
    expect(only2026.addWorkingDays('2025-12-30', 1)).toMatchObject({ date: null, missingYears: [2025] });
  });

  it('counts backwards for negative N and returns the start for N = 0', () => {
    expect(calendar.addWorkingDays('2025-04-26', -30).date).toBe('2025-03-14');
    expect(calendar.addWorkingDays('2025-04-08', -1).date).toBe('2025-04-04');
    expect(calendar.addWorkingDays('2025-04-05', 0)).toMatchObject({ date: '2025-04-05', calendarYears: [] });
    expect(() => calendar.addWorkingDays('2025-04-05', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar.workingDaysBetween', () => {
  it('counts working days in (a, b], negative when b is earlier', () => {
    expect(calendar.workingDaysBetween('2025-03-14', '2025-04-26').days).toBe(30);
    expect(calendar.workingDaysBetween('2025-04-26', '2025-03-14').days).toBe(-30);
    expect(calendar.workingDaysBetween('2025-04-05', '2025-04-07').days).toBe(0);
    expect(calendar.workingDaysBetween('2025-04-05', '2025-04-05').days).toBe(0);
  });
});

describe('calendar properties', () => {
  it('adding N working days then counting back gives N', () => {
    fc.assert(
      fc.property(confirmedDate, fc.integer({ min: 0, max: 180 }), (d, n) => {
        const added = calendar.addWorkingDays(d, n);
        return added.date !== null && calendar.workingDaysBetween(d, added.date).days === n;
      }),
    );
  });

  it('never ends on a day off, and the backward count inverts the forward one', () => {
    fc.assert(
      fc.property(confirmedDate, fc.integer({ min: 1, max: 180 }), (d, n) => {
        const end = calendar.addWorkingDays(d, n).date;
        if (end === null || calendar.isWorkingDay(end) !== true) return false;
        // Going back N from the end lands on the last working day on or before d.
        const back = calendar.addWorkingDays(end, -n).date;
        return back !== null && back <= d && calendar.workingDaysBetween(back, d).days === 0;
      }),
    );
  });

  it('reports the years from the start to the end date', () => {
    fc.assert(
      fc.property(confirmedDate, fc.integer({ min: 1, max: 180 }), (d, n) => {
        const r = calendar.addWorkingDays(d, n);
        const first = Number(addDays(d, 1).slice(0, 4));
        const last = Number((r.date as string).slice(0, 4));
        return r.calendarYears.join() === Array.from({ length: last - first + 1 }, (_, i) => first + i).join();
      }),
    );
  });
});

describe('calendar data validation', () => {
  const good: CalendarYear = { year: 2025, status: 'confirmed', daysOff: [{ date: '2025-04-07', name: 'x' }], makeUpWorkingDays: [], sources: ['s'] };

  it('refuses malformed years with every issue listed', () => {
    const r = validateCalendarYears([
      good,
      good,
      { ...good, year: 2024, status: 'maybe', daysOff: [{ date: '2024-05-04', name: 'Saturday off' }], makeUpWorkingDays: [{ date: '2025-04-07', name: 'x' }] },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const messages = r.issues.map((i) => i.message).join('\n');
      expect(messages).toContain('duplicate year');
      expect(messages).toContain('status');
      expect(messages).toContain('2024-05-04 in daysOff must be a weekday');
      expect(messages).toContain('2025-04-07 is not in 2024');
    }
    expect(validateCalendarYears('nope').ok).toBe(false);
    expect(() => new WorkingCalendar([good, good])).toThrow(CalendarDataError);
  });

  it('refuses a year outside the years the store holds (the fuzz run found PUT /admin/calendar/1900 answered 500)', () => {
    for (const year of [1900, 1999, 2201, 3000]) {
      const r = validateCalendarYears([{ ...good, year, daysOff: [] }]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.message)).toEqual([`${year}: year must be between 2000 and 2200`]);
    }
    expect(validateCalendarYears([{ ...good, year: 2000, daysOff: [] }]).ok).toBe(true);
    expect(validateCalendarYears([{ ...good, year: 2200, daysOff: [] }]).ok).toBe(true);
  });

  it('merges usage of several computations', () => {
    const a = calendar.addWorkingDays('2026-12-01', 10);
    const b = calendar.addWorkingDays('2027-12-20', 20);
    expect(mergeCalendarUsage(a, b)).toEqual({ status: 'awaitingCalendar', calendarYears: [2026, 2027, 2028], provisionalYears: [2027], missingYears: [2028] });
    expect(fromParts(2025, 1, 1)).toBe('2025-01-01');
  });
});
