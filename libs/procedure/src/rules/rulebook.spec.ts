import { describe, expect, it } from '@jest/globals';
import { RULE_IDS } from './rule.types.js';
import { getRule, RULES, UnknownRuleError } from './rulebook.js';

describe('rulebook', () => {
  it('defines every rule id of procedure.md §4 once, in order', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
  });
  it('flags only the deadline and late-ceremony rules', () => {
    expect(RULES.filter((r) => !r.blocking).map((r) => r.id)).toEqual(['PROC-DEADLINES', 'PROC-CEREMONY-CONSENT']);
  });
  it('has Vietnamese with diacritics, English and a citation for every rule', () => {
    for (const r of RULES) {
      expect(r.vi).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
      expect(r.en.length).toBeGreaterThan(10);
      expect(r.citations.length).toBeGreaterThan(0);
    }
  });
  it('refuses an unknown rule id with a stable code', () => {
    expect(() => getRule('CRIT-NOPE')).toThrow(UnknownRuleError);
  });
});
