import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { dayOfWeek } from '../dates.js';
import { validateCalendarYears, type CalendarYear } from './working-days.js';

// Data sanity over config/calendar/*.json (calendar-vn.md "Method": the same invariants).
const dir = path.join(process.cwd(), 'config/calendar');
const files = fs.readdirSync(dir).filter((f) => /^\d{4}\.json$/.test(f)).sort();
const years: CalendarYear[] = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CalendarYear);
const byYear = new Map(years.map((y) => [y.year, y]));

// calendar-vn.md "Data at a glance", copied by hand so a transcription slip in the JSON shows up.
const GLANCE: Record<number, { off: string; makeUp: string }> = {
  2021: { off: '01-01 02-10 02-11 02-12 02-15 02-16 04-21 04-30 05-03 09-02 09-03', makeUp: '' },
  2022: { off: '01-03 01-31 02-01 02-02 02-03 02-04 04-11 05-02 05-03 09-01 09-02', makeUp: '' },
  2023: { off: '01-02 01-20 01-23 01-24 01-25 01-26 05-01 05-02 05-03 09-01 09-04', makeUp: '' },
  2024: { off: '01-01 02-08 02-09 02-12 02-13 02-14 04-18 04-29 04-30 05-01 09-02 09-03', makeUp: '05-04' },
  2025: { off: '01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-30 05-01 05-02 09-01 09-02', makeUp: '04-26' },
  2026: { off: '01-01 01-02 02-16 02-17 02-18 02-19 02-20 04-27 04-30 05-01 08-31 09-01 09-02', makeUp: '01-10 08-22' },
  2027: { off: '01-01 04-16 04-30 05-03 09-02', makeUp: '' },
};

describe('calendar data files (config/calendar)', () => {
  it('has one file per year 2021-2027, named after its year', () => {
    expect(files).toEqual(['2021.json', '2022.json', '2023.json', '2024.json', '2025.json', '2026.json', '2027.json']);
    years.forEach((y, i) => expect(`${y.year}.json`).toBe(files[i]));
  });

  it('passes the validator', () => {
    expect(validateCalendarYears(years)).toEqual({ ok: true, years });
  });

  it('matches calendar-vn.md "Data at a glance" exactly', () => {
    for (const [year, want] of Object.entries(GLANCE)) {
      const y = byYear.get(Number(year));
      expect(y?.daysOff.map((d) => d.date.slice(5)).join(' ')).toBe(want.off);
      expect(y?.makeUpWorkingDays.map((d) => d.date.slice(5)).join(' ')).toBe(want.makeUp);
    }
  });

  it('lists every day off on a Monday-Friday and every make-up day on a Saturday, within its year', () => {
    for (const y of years) {
      for (const d of y.daysOff) {
        expect([d.date, dayOfWeek(d.date) >= 1 && dayOfWeek(d.date) <= 5]).toEqual([d.date, true]);
        expect(d.date.startsWith(`${y.year}-`)).toBe(true);
        expect(d.name.length).toBeGreaterThan(0);
      }
      for (const d of y.makeUpWorkingDays) {
        expect([d.date, dayOfWeek(d.date)]).toEqual([d.date, 6]);
        expect(d.date.startsWith(`${y.year}-`)).toBe(true);
      }
    }
  });

  it('has weekdays off minus make-up Saturdays = 11 statutory days in 2021-2026', () => {
    for (let year = 2021; year <= 2026; year++) {
      const y = byYear.get(year);
      expect([year, (y?.daysOff.length ?? 0) - (y?.makeUpWorkingDays.length ?? 0)]).toEqual([year, 11]);
    }
  });

  it('marks 2021-2026 confirmed and 2027 provisional, with sources', () => {
    for (const y of years) {
      expect(y.status).toBe(y.year === 2027 ? 'provisional' : 'confirmed');
      expect(y.sources.length).toBeGreaterThan(0);
    }
  });

  it('leaves out the pending 24 November days and notes 2027 unknowns', () => {
    for (const y of years) expect(y.daysOff.some((d) => d.date.endsWith('-11-24'))).toBe(false);
    const notes = byYear.get(2027)?.notes ?? '';
    expect(notes).toContain('Tết');
    expect(notes).toContain('2027-09-01');
    expect(notes).toContain('2027-09-03');
    expect(byYear.get(2027)?.makeUpWorkingDays).toEqual([]);
  });
});
