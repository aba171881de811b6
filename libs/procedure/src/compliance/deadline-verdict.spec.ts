import { describe, expect, it } from '@jest/globals';
import { checkExtension, judgeDeadlineAct } from './deadline-verdict.js';

// procedure.md §4 PROC-DEADLINES: "An act done before its due date never opens a violation";
// §7 "It is overdue from 00:00 (Asia/Ho_Chi_Minh) on the day after its due date".
describe('judgeDeadlineAct (PROC-DEADLINES, one judgement for the engine, the worker and the re-audit)', () => {
  const due = '2025-05-13';

  it('an act the day before, on, and the day after the due date: on time, on time, late', () => {
    expect(judgeDeadlineAct({ dueDate: due, actualDate: '2025-05-12', today: '2026-01-01' })).toMatchObject({ outcome: 'onTime', violation: false });
    expect(judgeDeadlineAct({ dueDate: due, actualDate: '2025-05-13', today: '2026-01-01' })).toMatchObject({ outcome: 'onTime', violation: false });
    expect(judgeDeadlineAct({ dueDate: due, actualDate: '2025-05-14', today: '2026-01-01' })).toMatchObject({
      outcome: 'late',
      violation: true,
      limit: due,
    });
  });

  it('no act yet: pending on the due date, overdue from the day after', () => {
    expect(judgeDeadlineAct({ dueDate: due, actualDate: null, today: '2025-05-13' })).toMatchObject({ outcome: 'pending', violation: false });
    expect(judgeDeadlineAct({ dueDate: due, actualDate: null, today: '2025-05-14' })).toMatchObject({ outcome: 'overdue', violation: true });
  });

  it('an act recorded after the worker fired but dated before the due date is on time, with the reason it is cleared', () => {
    // The deadline row is 'fired' (the worker saw no act by the due date); the act's own date decides.
    const v = judgeDeadlineAct({ dueDate: due, status: 'fired', actualDate: '2025-05-02', today: '2025-06-20' });
    expect(v).toMatchObject({ outcome: 'onTime', violation: false });
    expect(v.clearedBy?.en).toBe('Done on 2025-05-02, within the limit 2025-05-13');
  });

  it('a cancelled timer with no act is not applicable; an unknown due date is undetermined', () => {
    expect(judgeDeadlineAct({ dueDate: due, status: 'cancelled', actualDate: null, today: '2026-01-01' }).outcome).toBe('notApplicable');
    expect(judgeDeadlineAct({ dueDate: null, actualDate: '2025-05-20', today: '2026-01-01' })).toMatchObject({ outcome: 'undetermined', violation: false });
  });

  it('a cure (the upper committee’s consent to a late ceremony) closes a late act and an overdue one, whenever it was recorded', () => {
    const cure = { on: '2025-05-01', what: { vi: 'Cấp ủy cấp trên đồng ý', en: 'Upper committee consented' } };
    expect(judgeDeadlineAct({ dueDate: due, actualDate: '2025-06-01', today: '2026-01-01', cure })).toMatchObject({
      outcome: 'late',
      cured: true,
      violation: false,
    });
    expect(judgeDeadlineAct({ dueDate: due, actualDate: null, today: '2025-06-01', cure })).toMatchObject({ outcome: 'overdue', cured: true, violation: false });
    // A cure does not turn an on-time act into anything else.
    expect(judgeDeadlineAct({ dueDate: due, actualDate: '2025-05-10', today: '2026-01-01', cure })).toMatchObject({ outcome: 'onTime', cured: false });
  });

  // QĐ294 §4.3.1: extension "trong trường hợp đặc biệt"; procedure.md: "An act inside the extension
  // window is on time only when the extension was recorded before the base deadline passed, with its reason".
  describe('extensions', () => {
    const decisionDue = '2025-12-08';
    const act = '2025-12-20';
    it('recorded on the base due date with a reason: the act inside the window is on time', () => {
      expect(
        judgeDeadlineAct({ dueDate: decisionDue, extension: { to: '2025-12-29', recordedOn: '2025-12-08', reason: 'Cấp ủy họp bổ sung' }, actualDate: act, today: '2026-01-10' }),
      ).toMatchObject({ outcome: 'onTime', limit: '2025-12-29', extensionCounts: true });
    });
    it('recorded the day after the base due date: it does not count, the act is late against the base due date', () => {
      const v = judgeDeadlineAct({ dueDate: decisionDue, extension: { to: '2025-12-29', recordedOn: '2025-12-09', reason: 'muộn' }, actualDate: act, today: '2026-01-10' });
      expect(v).toMatchObject({ outcome: 'late', limit: decisionDue, extensionCounts: false, violation: true });
      expect(v.extensionProblems.map((p) => p.en)).toEqual(['Extension recorded on 2025-12-09, after the due date 2025-12-08']);
    });
    it('without a reason: it does not count', () => {
      expect(judgeDeadlineAct({ dueDate: decisionDue, extension: { to: '2025-12-29', recordedOn: '2025-12-01', reason: '  ' }, actualDate: act, today: '2026-01-10' }).outcome).toBe('late');
    });
    it('an act after the extended date is late against it', () => {
      expect(
        judgeDeadlineAct({ dueDate: decisionDue, extension: { to: '2025-12-15', recordedOn: '2025-12-01', reason: 'x' }, actualDate: act, today: '2026-01-10' }),
      ).toMatchObject({ outcome: 'late', limit: '2025-12-15' });
    });
    it('checkExtension refuses one beyond the legal maximum, or on a timer without extension', () => {
      expect(checkExtension(decisionDue, { to: '2025-12-30', recordedOn: '2025-12-01', reason: 'x' }, '2025-12-29').counts).toBe(false);
      expect(checkExtension(decisionDue, { to: '2025-12-29', recordedOn: '2025-12-01', reason: 'x' }, '2025-12-29').counts).toBe(true);
      expect(checkExtension(decisionDue, { to: '2025-12-10', recordedOn: '2025-12-01', reason: 'x' }, null).counts).toBe(false);
      expect(checkExtension(decisionDue, { to: '2025-12-08', recordedOn: '2025-12-01', reason: 'x' }).counts).toBe(false);
    });
  });
});
