import { describe, expect, it } from '@jest/globals';
import { INSTRUMENTS } from '../editions.js';
import { TIMERS, TIMER_IDS, basisOn, citationOn, editionForStart, timerParams } from './timers.js';

describe('timer table (procedure.md §7)', () => {
  it('has exactly the §7 timers', () => {
    expect([...TIMER_IDS].sort()).toEqual(
      [
        'backgroundCheckAnswer',
        'awarenessCertValidity',
        'dossierFreshness',
        'admissionDecision',
        'ceremony',
        'memberRecord',
        'probationEnd',
        'cellRecognitionResolution',
        'recognitionDecision',
        'transferForward',
        'transferDecide',
        'transferReview',
        'removalComplaint',
        'complaintResolution',
      ].sort(),
    );
    for (const id of TIMER_IDS) expect(TIMERS[id].id).toBe(id);
  });

  it('holds the §7 lengths, extensions and reminders', () => {
    const summary = Object.fromEntries(
      TIMER_IDS.map((id) => {
        const t = TIMERS[id];
        const p = t.params['2025-07'];
        return [id, [t.unit, p.length, p.extension, p.variants ?? {}, t.reminders.unit, [...t.reminders.offsets], t.onMissed]];
      }),
    );
    expect(summary).toEqual({
      backgroundCheckAnswer: ['workingDays', 30, 0, { abroad: 90 }, 'workingDays', [10, 3], 'base'],
      awarenessCertValidity: ['months', 60, 0, {}, 'calendarDays', [90, 30], 'expires'],
      dossierFreshness: ['months', 12, 0, {}, 'calendarDays', [60, 14], 'expires'],
      admissionDecision: ['workingDays', 45, 15, {}, 'workingDays', [10, 3], 'competentSupervisor'],
      ceremony: ['workingDays', 30, 0, {}, 'workingDays', [10, 3], 'upper'],
      memberRecord: ['workingDays', 30, 0, {}, 'workingDays', [5], 'base'],
      probationEnd: ['months', 12, 0, {}, 'calendarDays', [30, 7], 'opensStep'],
      cellRecognitionResolution: ['workingDays', 30, 0, {}, 'workingDays', [10, 3], 'base'],
      recognitionDecision: ['workingDays', 30, 15, {}, 'workingDays', [10, 3], 'competentSupervisor'],
      transferForward: ['workingDays', 15, 0, {}, 'workingDays', [5], 'competentSupervisor'],
      transferDecide: ['workingDays', 30, 0, {}, 'workingDays', [10, 3], 'competentSupervisor'],
      transferReview: ['workingDays', 60, 0, {}, 'workingDays', [10], 'competentSupervisor'],
      removalComplaint: ['workingDays', 30, 0, {}, 'workingDays', [], 'none'],
      complaintResolution: ['workingDays', 90, 0, { central: 180 }, 'workingDays', [10], 'upper'],
    });
  });

  it('edition 2021-07 equals 2025-07 except the admission decision (60 + 30)', () => {
    for (const id of TIMER_IDS) {
      if (id === 'admissionDecision') continue;
      expect([id, TIMERS[id].params['2021-07']]).toEqual([id, TIMERS[id].params['2025-07']]);
    }
    expect(TIMERS.admissionDecision.params['2021-07']).toEqual({ length: 60, extension: 30 });
    expect(timerParams('admissionDecision', '2021-07')).toEqual({ edition: '2021-07', variant: 'default', length: 60, extension: 30 });
  });

  it('has labels in Vietnamese and English and a basis from known instruments', () => {
    const known = new Set<string>([...Object.values(INSTRUMENTS).map((i) => i.code), 'Điều lệ Đảng']);
    for (const id of TIMER_IDS) {
      const t = TIMERS[id];
      for (const l of [t.label, t.countedFrom, t.consequence]) {
        expect(l.vi.length).toBeGreaterThan(0);
        expect(l.en.length).toBeGreaterThan(0);
      }
      expect(t.basis.length).toBeGreaterThan(0);
      for (const c of t.basis) expect(known.has(c.instrument)).toBe(true);
    }
    expect(TIMERS.admissionDecision.basis).toEqual([{ instrument: 'QĐ294', section: '§4.3.1' }]);
    expect(TIMERS.admissionDecision.label.vi).toBe('Quyết định kết nạp');
  });
});

describe('editions and citations by date', () => {
  it('takes the edition in force on the start date, null before 2021-07-30', () => {
    expect(editionForStart('2021-07-29')).toBeNull();
    expect(editionForStart('2021-07-30')).toBe('2021-07');
    expect(editionForStart('2025-06-30')).toBe('2021-07');
    expect(editionForStart('2025-07-01')).toBe('2025-07');
  });

  it('cites the text in force: HD01 keeps the section, older regulations point to the current one', () => {
    expect(citationOn({ instrument: 'HD06', section: '§3.4d' }, '2025-06-08')).toEqual({ instrument: 'HD01', section: '§3.4d' });
    expect(citationOn({ instrument: 'HD06', section: '§3.4d' }, '2025-06-09')).toEqual({ instrument: 'HD06', section: '§3.4d' });
    expect(citationOn({ instrument: 'QĐ294', section: '§4.3.1' }, '2023-01-01')).toEqual({
      instrument: 'QĐ24',
      correspondsTo: { instrument: 'QĐ294', section: '§4.3.1' },
    });
    expect(citationOn({ instrument: 'HD38', section: '§I.2.2' }, '2025-09-28')).toEqual({
      instrument: 'HD12',
      correspondsTo: { instrument: 'HD38', section: '§I.2.2' },
    });
    expect(basisOn('probationEnd', '2022-01-01')).toEqual([{ instrument: 'Điều lệ Đảng', section: 'Điều 5.1' }]);
    expect(basisOn('ceremony', '2025-10-21')).toEqual([
      { instrument: 'QĐ294', section: '§4.1' },
      { instrument: 'HD06', section: '§3.8' },
    ]);
  });
});
