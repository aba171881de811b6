import { describe, expect, it } from '@jest/globals';
import { applySettings, centralSettings, timerSettingsOf, validateSettings } from './org-settings.js';

describe('local settings (I-7: tighten only)', () => {
  // I-7 and PROC-DEADLINES: "an organisation may shorten a timer locally, never lengthen it, and a local
  // setting never replaces an older edition's length". The law's lengths come from libs/procedure.
  it('accepts a shorter timer of the current edition and refuses a longer one than the law', () => {
    const central = centralSettings();
    expect(central.timerTightenings).toEqual([]);
    expect(validateSettings({ timerTightenings: [{ timer: 'ceremony', edition: '2025-07', length: 20 }] }, central, '2025-08-01')).toEqual({
      settings: { timerTightenings: [{ timer: 'ceremony', edition: '2025-07', length: 20 }] },
      problems: [],
    });
    const loose = validateSettings({ timerTightenings: [{ timer: 'ceremony', edition: '2025-07', length: 31 }] }, central, '2025-08-01');
    expect(loose.problems).toEqual([expect.objectContaining({ field: 'timerTightenings[0].length', kind: 'loosens' })]);
  });

  it('refuses a tightening of an older edition (a setting of 2025-08 cannot rewrite 2021-07)', () => {
    const { problems } = validateSettings({ timerTightenings: [{ timer: 'admissionDecision', edition: '2021-07', length: 50 }] }, centralSettings(), '2025-08-01');
    expect(problems).toEqual([expect.objectContaining({ field: 'timerTightenings[0].edition', kind: 'loosens' })]);
    // In 2024, 2021-07 was the edition in force: 50 of its 60 wd is a lawful tightening then.
    expect(validateSettings({ timerTightenings: [{ timer: 'admissionDecision', edition: '2021-07', length: 50 }] }, centralSettings(), '2024-03-01').problems).toEqual([]);
  });

  it('refuses loosening what an ancestor tightened, and never lets a deeper value loosen it in the merge', () => {
    const t = (length: number) => [{ timer: 'admissionDecision' as const, edition: '2025-07' as const, length }];
    const inherited = applySettings(centralSettings(), { timerTightenings: t(40) });
    expect(validateSettings({ timerTightenings: t(42) }, inherited, '2025-08-01').problems[0]?.kind).toBe('loosens');
    expect(applySettings(inherited, { timerTightenings: t(44) }).timerTightenings).toEqual(t(40));
    expect(timerSettingsOf(applySettings(inherited, { timerTightenings: t(35) }))).toEqual({ tightenings: t(35), reminders: {} });
  });

  it('bounds the Youth Union official age between 30 and 35 years (I-3)', () => {
    const central = centralSettings();
    expect(validateSettings({ youthAgeOfficialMonths: 400 }, central, '2025-08-01').problems).toEqual([]);
    expect(validateSettings({ youthAgeOfficialMonths: 421 }, central, '2025-08-01').problems[0]?.kind).toBe('loosens');
    expect(validateSettings({ youthAgeOfficialMonths: 300 }, central, '2025-08-01').problems[0]?.kind).toBe('invalid');
  });

  it('refuses unknown keys, timers that cannot be set locally and malformed reminders', () => {
    const { problems } = validateSettings(
      { colour: 'red', timerTightenings: [{ timer: 'probationEnd', edition: '2025-07', length: 6 }], reminderOffsets: { ceremony: [0] }, localDefaults: { nope: true } },
      centralSettings(),
      '2025-08-01',
    );
    expect(problems.map((p) => [p.field, p.kind])).toEqual([
      ['colour', 'invalid'],
      ['reminderOffsets.ceremony', 'invalid'],
      ['localDefaults.nope', 'invalid'],
      ['timerTightenings[0].timer', 'invalid'],
    ]);
  });

  it('merges reminders and local defaults key by key', () => {
    const a = applySettings(centralSettings(), { reminderOffsets: { ceremony: [10, 3] }, localDefaults: { onePersonPerDecision: false } });
    const b = applySettings(a, { reminderOffsets: { admissionDecision: [5] } });
    expect(b.reminderOffsets).toEqual({ ceremony: [10, 3], admissionDecision: [5] });
    expect(b.localDefaults.onePersonPerDecision).toBe(false);
    expect(b.localDefaults.awarenessCourseBefore18).toBe(true);
  });
});
