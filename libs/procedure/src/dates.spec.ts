import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addMonths, fullMonthsBetween, isLocalDate, addDays, daysBetween, dayOfWeek, localDateInVietnam, vietnamInstant } from './dates.js';

describe('local dates', () => {
  it('rejects impossible dates', () => {
    expect(isLocalDate('2025-02-30')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-2-3')).toBe(false);
    expect(isLocalDate(20250101)).toBe(false);
  });

  it('clamps month arithmetic at month end (procedure.md §7 Counting)', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-10-10', 12)).toBe('2025-10-10');
    expect(addMonths('2025-03-14', 12)).toBe('2026-03-14');
    expect(addMonths('2025-11-30', -3)).toBe('2025-08-30');
  });

  it('counts full months as I-2 defines (S-5)', () => {
    expect(fullMonthsBetween('2007-11-30', '2025-11-29')).toBe(215);
    expect(fullMonthsBetween('2007-11-30', '2025-11-30')).toBe(216);
    expect(fullMonthsBetween('1965-06-01', '2025-07-15')).toBe(721);
    expect(fullMonthsBetween('2022-06-01', '2025-07-16')).toBe(37);
    expect(fullMonthsBetween('2022-06-01', '2025-05-20')).toBe(35);
    expect(fullMonthsBetween('2024-10-15', '2025-10-15')).toBe(12);
    expect(fullMonthsBetween('2024-10-16', '2025-10-15')).toBe(11);
  });

  it('knows weekdays and Vietnam local dates', () => {
    expect(dayOfWeek('2026-03-14')).toBe(6);
    expect(localDateInVietnam(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(localDateInVietnam(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
    expect(vietnamInstant('2026-01-01', 7).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('adds and measures days consistently', () => {
    const date = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(date, fc.integer({ min: -4000, max: 4000 }), (d, n) => daysBetween(d, addDays(d, n)) === n));
    fc.assert(fc.property(date, fc.integer({ min: 0, max: 600 }), (d, n) => fullMonthsBetween(d, addMonths(d, n)) === n));
  });
});
