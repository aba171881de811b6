import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, addMonths, type LocalDate } from '../dates.js';
import { WorkingCalendar, type CalendarYear } from '../calendar/working-days.js';
import {
  checkDeadline,
  computeDeadline,
  deadlineInstants,
  isLate,
  overdueInstant,
  reminderInstant,
  takesEffectInstant,
} from './compute.js';
import { checkTimerSettings, validateTimerSettings } from './settings.js';
import { TIMER_IDS } from './timers.js';

function loadCalendarYears(): CalendarYear[] {
  const dir = path.join(process.cwd(), 'config/calendar');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CalendarYear);
}

const calendar = new WorkingCalendar(loadCalendarYears());

describe('S-1 the ordinary path', () => {
  it('background answer due 30 wd after 2025-03-14 = 2025-04-26', () => {
    const d = computeDeadline('backgroundCheckAnswer', '2025-03-14', { calendar });
    expect(d).toMatchObject({ due: '2025-04-26', overdueFrom: '2025-04-27', unit: 'workingDays', length: 30, status: 'confirmed', calendarYears: [2025] });
    expect(d.extendedDue).toBeNull();
    expect(d.basis).toEqual([{ instrument: 'HD01', section: '§3.4d' }]); // HD06 not yet in force on 2025-03-14, same numbering
    expect(isLate(d, '2025-04-08')).toBe(false);
  });

  it('admission decision due 45 wd after 2025-10-06 = 2025-12-08, extended 2025-12-29', () => {
    const d = computeDeadline('admissionDecision', '2025-10-06', { calendar });
    expect(d).toMatchObject({
      edition: '2025-07',
      length: 45,
      extension: 15,
      due: '2025-12-08',
      extendedDue: '2025-12-29',
      overdueFrom: '2025-12-09',
      extendedOverdueFrom: '2025-12-30',
      status: 'confirmed',
      extendedStatus: 'confirmed',
      onMissed: 'competentSupervisor',
      basis: [{ instrument: 'QĐ294', section: '§4.3.1' }],
    });
    expect(d.reminders).toEqual([
      { date: '2025-11-24', offset: 10, unit: 'workingDays' },
      { date: '2025-12-03', offset: 3, unit: 'workingDays' },
    ]);
    // Decision signed 2025-10-20: on time.
    expect(checkDeadline(d, '2025-10-20')).toMatchObject({ outcome: 'onTime', flagged: false, blocking: false, daysLate: 0 });
  });

  it('ceremony due 30 wd after 2025-10-21 = 2025-12-02; probation ends 2026-11-07', () => {
    const c = computeDeadline('ceremony', '2025-10-21', { calendar });
    expect(c.due).toBe('2025-12-02');
    expect(checkDeadline(c, '2025-11-07').outcome).toBe('onTime');
    const p = computeDeadline('probationEnd', '2025-11-07', { calendar });
    expect(p).toMatchObject({ due: '2026-11-07', unit: 'months', length: 12, status: 'confirmed', calendarYears: [], onMissed: 'opensStep' });
    expect(p.reminders).toEqual([
      { date: '2026-10-08', offset: 30, unit: 'calendarDays' },
      { date: '2026-10-31', offset: 7, unit: 'calendarDays' },
    ]);
    expect(deadlineInstants(p).takesEffectAt).toBe('2026-11-06T17:00:00.000Z');
  });

  it('awareness certificate and dossier stay valid at the cell resolution', () => {
    const cert = computeDeadline('awarenessCertValidity', '2025-02-14', { calendar });
    expect(cert.due).toBe('2030-02-14');
    expect(cert.reminders.map((r) => r.date)).toEqual(['2029-11-16', '2030-01-15']);
    expect(isLate(cert, '2025-10-06')).toBe(false);
    const dossier = computeDeadline('dossierFreshness', '2025-03-03', { calendar });
    expect(dossier.due).toBe('2026-03-03');
    expect(isLate(dossier, '2025-10-06')).toBe(false);
  });
});

describe('S-4 an expired certificate (validity = 60 months, last valid day included)', () => {
  it('2020-09-15 certificate: valid on 2025-09-15, expired on 2025-09-16', () => {
    // The certificate predates the first edition, so the timer has no edition; the month rule itself is plain arithmetic.
    expect(computeDeadline('awarenessCertValidity', '2020-09-15', { calendar }).status).toBe('noEdition');
    expect(addMonths('2020-09-15', 60)).toBe('2025-09-15');
    const cert = computeDeadline('awarenessCertValidity', '2021-09-15', { calendar });
    expect(cert.due).toBe('2026-09-15');
    expect(isLate(cert, '2026-09-15')).toBe(false);
    expect(isLate(cert, '2026-09-16')).toBe(true);
    expect(checkDeadline(cert, '2026-09-16').outcome).toBe('notApplicable');
  });
});

describe('S-6 across a year boundary and Tết', () => {
  it('45 wd after 2025-12-15 = 2026-02-24, extended 2026-03-17, years [2025, 2026]', () => {
    const d = computeDeadline('admissionDecision', '2025-12-15', { calendar });
    expect(d).toMatchObject({ due: '2026-02-24', extendedDue: '2026-03-17', status: 'confirmed', calendarYears: [2025, 2026] });
  });
});

describe('S-7 late recognition still dates from the end of probation', () => {
  it('probation ends 2026-03-14 (a Saturday); cell resolution due 30 wd later = 2026-04-24', () => {
    const end = computeDeadline('probationEnd', '2025-03-14', { calendar });
    expect(end.due).toBe('2026-03-14');
    const cell = computeDeadline('cellRecognitionResolution', end.due as LocalDate, { calendar });
    expect(cell.due).toBe('2026-04-24');
    const check = checkDeadline(cell, '2026-04-28', { calendar });
    expect(check).toMatchObject({ outcome: 'late', flagged: true, blocking: false, responsible: 'CELL', escalateTo: 'base', daysLate: 4, workingDaysLate: 1 });
    expect(check.message.en).toContain('late');
  });
});

describe('S-8 complaint window', () => {
  it('shows 30 wd from receipt; a late complaint is outside the window, not a violation', () => {
    const w = computeDeadline('removalComplaint', '2026-02-10', { calendar });
    expect(w.due).toBe('2026-03-31');
    expect(w.reminders).toEqual([]);
    expect(checkDeadline(w, '2026-04-01')).toMatchObject({ outcome: 'outsideWindow', flagged: false });
  });
});

describe('S-10 the edition of the starting event sets the length', () => {
  it('2025-06-10 (edition 2021-07): 60 wd = 2025-09-04, +30 = 2025-10-16', () => {
    const d = computeDeadline('admissionDecision', '2025-06-10', { calendar });
    expect(d).toMatchObject({ edition: '2021-07', length: 60, extension: 30, due: '2025-09-04', extendedDue: '2025-10-16' });
    expect(d.basis).toEqual([{ instrument: 'QĐ232', correspondsTo: { instrument: 'QĐ294', section: '§4.3.1' } }]);
  });

  it('2025-07-10 (edition 2025-07): 45 wd = 2025-09-15, +15 = 2025-10-06', () => {
    expect(computeDeadline('admissionDecision', '2025-07-10', { calendar })).toMatchObject({
      edition: '2025-07',
      length: 45,
      due: '2025-09-15',
      extendedDue: '2025-10-06',
    });
  });

  it('a start before 2021-07-30 has no edition: explicit status, no throw', () => {
    const d = computeDeadline('admissionDecision', '2021-07-29', { calendar });
    expect(d).toMatchObject({ status: 'noEdition', edition: null, length: null, due: null, extendedDue: null, overdueFrom: null, reminders: [] });
    expect(isLate(d, '2022-01-01')).toBeNull();
    expect(checkDeadline(d, '2022-01-01')).toMatchObject({ outcome: 'undetermined', flagged: false });
    expect(computeDeadline('admissionDecision', '2021-07-30', { calendar }).edition).toBe('2021-07');
  });
});

describe('calendar status of a deadline', () => {
  it('is provisional when it crosses 2027', () => {
    const d = computeDeadline('admissionDecision', '2026-12-01', { calendar });
    expect(d.status).toBe('provisional');
    expect(d.due).not.toBeNull();
    expect(d.provisionalYears).toEqual([2027]);
    expect(d.calendarYears).toEqual([2026, 2027]);
  });

  it('is awaitingCalendar with no due date when it crosses 2028, and never throws', () => {
    const d = computeDeadline('complaintResolution', '2027-09-01', { calendar, level: 'central' });
    expect(d).toMatchObject({ length: 180, due: null, extendedDue: null, overdueFrom: null, status: 'awaitingCalendar', missingYears: [2028], reminders: [] });
    expect(isLate(d, '2028-06-01')).toBeNull();
    expect(deadlineInstants(d)).toEqual({ overdueAt: null, extendedOverdueAt: null, takesEffectAt: null, reminders: [] });
  });

  it('keeps a known due date when only the extension is awaiting data', () => {
    const d = computeDeadline('admissionDecision', '2027-10-15', { calendar });
    expect(d.status).toBe('provisional');
    expect(d.due).not.toBeNull();
    expect(d.extendedDue).toBeNull();
    expect(d.extendedStatus).toBe('awaitingCalendar');
    expect(d.missingYears).toEqual([2028]);
  });

  it('an empty calendar awaits data rather than guessing', () => {
    const d = computeDeadline('ceremony', '2025-10-21', { calendar: new WorkingCalendar([]) });
    expect(d).toMatchObject({ due: null, status: 'awaitingCalendar', missingYears: [2025] });
  });
});

describe('variants, extensions and estimates', () => {
  it('uses 90 wd for verification abroad and 180 wd for a central-level complaint', () => {
    expect(computeDeadline('backgroundCheckAnswer', '2025-03-14', { calendar, abroad: true })).toMatchObject({ length: 90, variant: 'abroad' });
    expect(computeDeadline('complaintResolution', '2025-03-14', { calendar })).toMatchObject({ length: 90, variant: 'default' });
    expect(computeDeadline('complaintResolution', '2025-03-14', { calendar, level: 'central' })).toMatchObject({ length: 180, variant: 'central' });
    // Options that do not concern a timer are ignored.
    expect(computeDeadline('ceremony', '2025-10-21', { calendar, abroad: true })).toMatchObject({ length: 30, variant: 'default' });
  });

  it('marks a deadline counted from a stand-in date as estimated', () => {
    expect(computeDeadline('backgroundCheckAnswer', '2025-03-12', { calendar, estimated: true }).estimated).toBe(true);
  });

  it('judges acts within and beyond the extension', () => {
    const d = computeDeadline('recognitionDecision', '2026-04-28', { calendar });
    expect(d.extension).toBe(15);
    const within = addDays(d.due as LocalDate, 1);
    expect(checkDeadline(d, within)).toMatchObject({ outcome: 'withinExtension', flagged: false, daysLate: 0 });
    expect(checkDeadline(d, within, { extensionGranted: false })).toMatchObject({ outcome: 'late', flagged: true, daysLate: 1 });
    expect(checkDeadline(d, addDays(d.extendedDue as LocalDate, 2))).toMatchObject({ outcome: 'late', flagged: true, daysLate: 2 });
    expect(isLate(d, within)).toBe(true);
    expect(isLate(d, within, { withExtension: true })).toBe(false);
  });

  it('a late ceremony flags and needs the upper committee’s consent', () => {
    const c = computeDeadline('ceremony', '2025-10-21', { calendar });
    expect(checkDeadline(c, '2025-12-03')).toMatchObject({ outcome: 'late', flagged: true, blocking: false, requiresConsent: 'upper', escalateTo: 'upper' });
    expect(checkDeadline(c, '2025-12-02').requiresConsent).toBeNull();
  });
});

describe('organisation settings may only tighten (I-7), per timer and edition', () => {
  it('applies a shorter length, shorter extension and earlier reminders of the same edition', () => {
    const d = computeDeadline('admissionDecision', '2025-10-06', {
      calendar,
      settings: { tightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 30, extension: 10 }], reminders: { admissionDecision: [15, 5, 1] } },
    });
    expect(d).toMatchObject({ length: 30, extension: 10, settingsApplied: true, settingsErrors: [] });
    expect(d.due).toBe(calendar.addWorkingDays('2025-10-06', 30).date);
    expect(d.reminders.map((r) => r.offset)).toEqual([15, 5, 1]);
  });

  it('refuses looser values with an error object and keeps the central rule', () => {
    const d = computeDeadline('admissionDecision', '2025-10-06', {
      calendar,
      settings: { tightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 60, extension: 30 }], reminders: { admissionDecision: [10] } },
    });
    expect(d).toMatchObject({ length: 45, extension: 15, due: '2025-12-08', settingsApplied: false });
    expect(d.settingsErrors.map((e) => [e.code, e.field])).toEqual([
      ['TIMER_SETTINGS.LOOSER', 'length'],
      ['TIMER_SETTINGS.LOOSER', 'extension'],
      ['TIMER_SETTINGS.LOOSER', 'reminders'],
    ]);
    expect(d.reminders.map((r) => r.offset)).toEqual([10, 3]);
  });

  // PROC-DEADLINES (procedure.md §4): "a local setting never replaces an older edition's length";
  // §1: "a timer's length comes from the edition in force on the event that starts it".
  it('a 2025-07 tightening (even a copy of 45 wd) never shortens a timer started under 2021-07', () => {
    const copy = { tightenings: [{ timer: 'admissionDecision' as const, edition: '2025-07' as const, length: 45 }] };
    const old = computeDeadline('admissionDecision', '2025-06-20', { calendar, settings: copy });
    // Calendar 2025: 60 wd after Fri 2025-06-20 (2 and 1 Sep off) is Tue 2025-09-16, not 45 wd = 2025-08-22.
    expect(old).toMatchObject({ edition: '2021-07', length: 60, extension: 30, due: '2025-09-16', settingsApplied: false });
    const fresh = computeDeadline('admissionDecision', '2025-07-01', { calendar, settings: { tightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 40 }] } });
    expect(fresh).toMatchObject({ edition: '2025-07', length: 40, settingsApplied: true });
  });

  it('judges a tightening against its own edition (50 wd tightens 2021-07 only) and saves only the current edition', () => {
    expect(checkTimerSettings({ tightenings: [{ timer: 'admissionDecision', edition: '2021-07', length: 50 }] }, '2021-07').errors).toEqual([]);
    const r = validateTimerSettings({ tightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 50 }] }, '2025-08-01');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'TIMER_SETTINGS.LOOSER', timerId: 'admissionDecision', central: 45, requested: 50 });
    const older = validateTimerSettings({ tightenings: [{ timer: 'admissionDecision', edition: '2021-07', length: 50 }] }, '2025-08-01');
    expect(older.ok).toBe(false);
    if (!older.ok) expect(older.errors).toEqual([expect.objectContaining({ code: 'TIMER_SETTINGS.NOT_CURRENT_EDITION', central: '2025-07', requested: '2021-07' })]);
  });

  it('validates variants, unknown timers, missing editions and malformed values', () => {
    expect(validateTimerSettings({ tightenings: [{ timer: 'backgroundCheckAnswer', edition: '2025-07', variantLengths: { abroad: 60 } }] }, '2025-07-01').ok).toBe(true);
    const r = validateTimerSettings(
      {
        tightenings: [
          { timer: 'backgroundCheckAnswer', edition: '2025-07', variantLengths: { abroad: 120, central: 5 } },
          { timer: 'nope', edition: '2025-07' },
          { timer: 'ceremony', length: 20 },
          { timer: 'ceremony', edition: '2025-07', length: 0 },
        ],
        reminders: { ceremony: [3, 3] },
      },
      '2025-07-01',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.timerId, e.code, e.field])).toEqual([
        ['backgroundCheckAnswer', 'TIMER_SETTINGS.LOOSER', 'variantLengths'],
        ['backgroundCheckAnswer', 'TIMER_SETTINGS.INVALID', 'variantLengths'],
        ['nope', 'TIMER_SETTINGS.INVALID', 'timer'],
        ['ceremony', 'TIMER_SETTINGS.INVALID', 'edition'],
        ['ceremony', 'TIMER_SETTINGS.INVALID', 'length'],
        ['ceremony', 'TIMER_SETTINGS.INVALID', 'reminders'],
      ]);
      expect(r.errors[0]?.message.vi).toContain('chặt hơn');
    }
    expect(validateTimerSettings(undefined, '2025-07-01').ok).toBe(true);
    const abroad = computeDeadline('backgroundCheckAnswer', '2025-03-14', {
      calendar,
      abroad: true,
      settings: { tightenings: [{ timer: 'backgroundCheckAnswer', edition: '2021-07', variantLengths: { abroad: 60 } }] },
    });
    expect(abroad).toMatchObject({ length: 60, settingsApplied: true });
  });

  it('drops reminders that would fall before the start', () => {
    const d = computeDeadline('ceremony', '2025-10-21', { calendar, settings: { tightenings: [{ timer: 'ceremony', edition: '2025-07', length: 5 }] } });
    expect(d.reminders).toEqual([{ date: calendar.addWorkingDays(d.due as LocalDate, -3).date, offset: 3, unit: 'workingDays' }]);
  });
});

describe('instants (Asia/Ho_Chi_Minh)', () => {
  it('overdue at 00:00 the day after due, reminders at 07:00, step timers at 00:00 on their date', () => {
    expect(overdueInstant('2025-12-08')).toBe('2025-12-08T17:00:00.000Z');
    expect(reminderInstant('2025-11-24')).toBe('2025-11-24T00:00:00.000Z');
    expect(takesEffectInstant('2026-11-07')).toBe('2026-11-06T17:00:00.000Z');
    const d = computeDeadline('admissionDecision', '2025-10-06', { calendar });
    expect(deadlineInstants(d)).toEqual({
      overdueAt: '2025-12-08T17:00:00.000Z',
      extendedOverdueAt: '2025-12-29T17:00:00.000Z',
      takesEffectAt: null,
      reminders: [
        { date: '2025-11-24', offset: 10, at: '2025-11-24T00:00:00.000Z' },
        { date: '2025-12-03', offset: 3, at: '2025-12-03T00:00:00.000Z' },
      ],
    });
  });
});

describe('deadline properties', () => {
  const start = fc.integer({ min: 0, max: 2200 }).map((n) => addDays('2021-07-30', n));
  const timerId = fc.constantFrom(...TIMER_IDS);

  it('reminders are always on or after the start and strictly before due; due never falls on a day off', () => {
    fc.assert(
      fc.property(timerId, start, fc.boolean(), (id, s, abroad) => {
        const d = computeDeadline(id, s, { calendar, abroad, level: abroad ? 'central' : 'provincial' });
        if (d.due === null) return d.status === 'awaitingCalendar' && d.reminders.length === 0;
        const remindersOk = d.reminders.every((r) => r.date >= s && r.date < (d.due as LocalDate));
        const dueOk = d.unit !== 'workingDays' || calendar.isWorkingDay(d.due) === true;
        const extOk = d.extendedDue === null || (d.extendedDue > d.due && calendar.isWorkingDay(d.extendedDue) === true);
        return remindersOk && dueOk && extOk && d.overdueFrom === addDays(d.due, 1);
      }),
    );
  });

  it('working-day reminders are the stated number of working days before due', () => {
    fc.assert(
      fc.property(start, (s) => {
        const d = computeDeadline('admissionDecision', s, { calendar });
        return d.due === null || d.reminders.every((r) => calendar.workingDaysBetween(r.date, d.due as LocalDate).days === r.offset);
      }),
    );
  });

  it('month timers clamp at month end', () => {
    fc.assert(
      fc.property(start, (s) => {
        const due = computeDeadline('probationEnd', s, { calendar }).due as LocalDate;
        const [y, m, day] = s.split('-').map(Number) as [number, number, number];
        const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
        return due === `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
      }),
    );
    expect(computeDeadline('probationEnd', '2023-02-28', { calendar }).due).toBe('2024-02-28');
    expect(computeDeadline('probationEnd', '2024-02-29', { calendar }).due).toBe('2025-02-28');
    expect(computeDeadline('dossierFreshness', '2025-08-31', { calendar }).due).toBe('2026-08-31');
  });
});
