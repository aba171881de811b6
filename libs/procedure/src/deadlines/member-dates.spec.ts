import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, addMonths } from '../dates.js';
import { partyAge, probationEnd, recognitionDate } from './member-dates.js';

describe('probationEnd / recognition date (§8, I-4)', () => {
  it('S-1: ceremony 2025-11-07 → 2026-11-07; S-7: 2025-03-14 → 2026-03-14 (a Saturday)', () => {
    expect(probationEnd('2025-11-07')).toBe('2026-11-07');
    expect(probationEnd('2025-03-14')).toBe('2026-03-14');
    expect(recognitionDate('2025-11-07')).toBe('2026-11-07');
  });

  it('clamps at month end and still works for imported pre-2021 history', () => {
    expect(probationEnd('2024-02-29')).toBe('2025-02-28');
    expect(probationEnd('2019-05-31')).toBe('2020-05-31');
    expect(() => probationEnd('2025-02-30')).toThrow();
  });

  it('is always 12 full months after the ceremony', () => {
    const date = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2015-01-01', n));
    fc.assert(fc.property(date, (d) => probationEnd(d) === addMonths(d, 12)));
  });
});

describe('partyAge (§8)', () => {
  it('S-1: counts from the decision date in full years and months', () => {
    expect(partyAge('2025-10-20', '2026-11-07')).toEqual({ years: 1, months: 0, totalMonths: 12, gapDays: 0, countedFrom: '2025-10-20' });
    expect(partyAge('2025-10-20', '2035-10-19')).toMatchObject({ years: 9, months: 11 });
    expect(partyAge('2025-10-20', '2035-10-20')).toMatchObject({ years: 10, months: 0 });
  });

  it('subtracts gaps (half-open: to = the day membership resumed), counting overlaps once', () => {
    // Removed 2010-01-01, re-admitted 2013-01-01: 3 years (1,096 days) do not count.
    const age = partyAge('2000-01-01', '2020-01-01', [{ from: '2010-01-01', to: '2013-01-01' }]);
    expect(age).toMatchObject({ years: 17, months: 0, gapDays: 1096, countedFrom: '2003-01-01' });
    const overlapping = partyAge('2000-01-01', '2020-01-01', [
      { from: '2010-01-01', to: '2012-01-01' },
      { from: '2011-01-01', to: '2013-01-01' },
    ]);
    expect(overlapping).toEqual(age);
  });

  it('clips gaps to the counted period and a partial month of gap still shortens the age', () => {
    expect(partyAge('2000-01-01', '2001-01-01', [{ from: '1999-01-01', to: '2000-01-01' }]).totalMonths).toBe(12);
    expect(partyAge('2000-01-01', '2001-01-01', [{ from: '2000-06-01', to: '2000-06-11' }])).toMatchObject({ totalMonths: 11, gapDays: 10 });
    expect(partyAge('2000-01-01', '2001-01-01', [{ from: '2000-12-01', to: '2002-01-01' }])).toMatchObject({ totalMonths: 11, gapDays: 31 });
  });

  it('is zero before or on the decision date', () => {
    expect(partyAge('2025-10-20', '2025-10-20').totalMonths).toBe(0);
    expect(partyAge('2025-10-20', '2025-01-01').totalMonths).toBe(0);
  });

  it('never grows when a gap is added', () => {
    const day = fc.integer({ min: 0, max: 9000 });
    fc.assert(
      fc.property(day, day, day, fc.integer({ min: 1, max: 2000 }), (a, b, g, len) => {
        const decision = addDays('2000-01-01', Math.min(a, b));
        const asOf = addDays('2000-01-01', Math.max(a, b));
        const gap = { from: addDays('2000-01-01', g), to: addDays('2000-01-01', g + len) };
        const without = partyAge(decision, asOf);
        const withGap = partyAge(decision, asOf, [gap]);
        return withGap.totalMonths <= without.totalMonths && withGap.years * 12 + withGap.months === withGap.totalMonths;
      }),
    );
  });
});
