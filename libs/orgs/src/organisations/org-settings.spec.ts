import { describe, expect, it } from '@jest/globals';
import { applySettings, centralSettings, validateSettings } from './org-settings.js';

describe('local settings (I-7: tighten only)', () => {
  it('accepts a shorter timer and refuses a longer one than the law', () => {
    const central = centralSettings();
    expect(validateSettings({ timerLimits: { ceremony: 20 } }, central)).toEqual({
      settings: { timerLimits: { ceremony: 20 } },
      problems: [],
    });
    const loose = validateSettings({ timerLimits: { ceremony: 31 } }, central);
    expect(loose.problems).toEqual([expect.objectContaining({ field: 'timerLimits.ceremony', kind: 'loosens' })]);
  });

  it('refuses loosening what an ancestor tightened, and never lets a deeper value loosen it in the merge', () => {
    const inherited = applySettings(centralSettings(), { timerLimits: { admissionDecision: 40 } });
    expect(validateSettings({ timerLimits: { admissionDecision: 42 } }, inherited).problems[0]?.kind).toBe('loosens');
    expect(applySettings(inherited, { timerLimits: { admissionDecision: 44 } }).timerLimits.admissionDecision).toBe(40);
  });

  it('bounds the Youth Union official age between 30 and 35 years (I-3)', () => {
    const central = centralSettings();
    expect(validateSettings({ youthAgeOfficialMonths: 400 }, central).problems).toEqual([]);
    expect(validateSettings({ youthAgeOfficialMonths: 421 }, central).problems[0]?.kind).toBe('loosens');
    expect(validateSettings({ youthAgeOfficialMonths: 300 }, central).problems[0]?.kind).toBe('invalid');
  });

  it('refuses unknown keys, timers that cannot be set locally and malformed reminders', () => {
    const { problems } = validateSettings(
      { colour: 'red', timerLimits: { probationEnd: 6 }, reminderOffsets: { ceremony: [0] }, localDefaults: { nope: true } },
      centralSettings(),
    );
    expect(problems.map((p) => [p.field, p.kind])).toEqual([
      ['colour', 'invalid'],
      ['reminderOffsets.ceremony', 'invalid'],
      ['localDefaults.nope', 'invalid'],
      ['timerLimits.probationEnd', 'invalid'],
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
