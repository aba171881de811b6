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

  it('edition 2021-07 equals 2025-07 except the two decision timers (one clause, QĐ24 §4.3)', () => {
    for (const id of TIMER_IDS) {
      if (id === 'admissionDecision' || id === 'recognitionDecision') continue;
      expect([id, TIMERS[id].params['2021-07']]).toEqual([id, TIMERS[id].params['2025-07']]);
    }
    expect(TIMERS.admissionDecision.params['2021-07']).toEqual({ length: 60, extension: 30 });
    expect(timerParams('admissionDecision', '2021-07')).toEqual({ edition: '2021-07', variant: 'default', length: 60, extension: 30 });
  });

  // PROC-DEADLINES, procedure.md §7 "Recognition decision": "`2021-07`: one clause (QĐ24 §4.3) sets the
  // admission and the recognition deadlines together, with a 30 wd extension". The clause (QĐ 29-QĐ/TW §4.3.1,
  // carried into QĐ 24 and QĐ 232 §4.3.1, which opens with the same words): "Trong thời hạn 60 ngày làm việc kể từ
  // ngày chi bộ có nghị quyết đề nghị kết nạp; trong thời hạn 30 ngày làm việc kể từ ngày chi bộ có nghị quyết đề
  // nghị công nhận đảng viên chính thức, thì cấp ủy có thẩm quyền phải xem xét, quyết định; trường hợp đặc biệt,
  // có thể gia hạn tối đa 30 ngày làm việc."
  it('QĐ24 §4.3 (PROC-DEADLINES): the 2021-07 recognition decision is 30 wd "gia hạn tối đa 30 ngày làm việc"; 2025-07 keeps +15', () => {
    expect(timerParams('recognitionDecision', '2021-07')).toEqual({ edition: '2021-07', variant: 'default', length: 30, extension: 30 });
    expect(timerParams('recognitionDecision', '2025-07')).toEqual({ edition: '2025-07', variant: 'default', length: 30, extension: 15 });
    expect(basisOn('recognitionDecision', '2024-05-02')).toEqual([{ instrument: 'QĐ24', correspondsTo: { instrument: 'QĐ294', section: '§4.3.1' } }]);
  });

  // PROC-DEADLINES, procedure.md §7 "Complaint resolution": "90 wd (provincial committees and the direct upper
  // committee of a base organisation), 180 wd (central level)" (QĐ294 §8.2.2). Which body resolves is recorded
  // with the complaint (removal.complaintLodged.level).
  it('QĐ294 §8.2.2 (PROC-DEADLINES): complaint resolution 90 wd for a provincial or direct upper committee, 180 wd at central level', () => {
    expect(timerParams('complaintResolution', '2025-07', { level: 'provincial' })).toMatchObject({ variant: 'default', length: 90 });
    expect(timerParams('complaintResolution', '2025-07', { level: 'upperCommittee' })).toMatchObject({ variant: 'default', length: 90 });
    expect(timerParams('complaintResolution', '2025-07', { level: 'central' })).toMatchObject({ variant: 'central', length: 180 });
    expect(TIMERS.complaintResolution.basis).toEqual([{ instrument: 'QĐ294', section: '§8.2.2' }]);
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
