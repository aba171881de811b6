import { type LocalDate } from '../dates.js';
import { type CaseFacts } from './case-facts.js';
import { CONDITIONS } from './conditions.rule.js';
import { CRITERIA } from './criteria.rule.js';
import { type Rule, type RuleSubject } from './define-rule.js';
import { type OrgSettings } from './org-settings.js';
import { PROCEDURES } from './procedures.rule.js';
import { RULE_IDS, type RuleId, type RuleResult } from './rule.types.js';
import { SPECIAL_CASES } from './special-cases.rule.js';

const ALL: readonly Rule[] = [...CRITERIA, ...CONDITIONS, ...PROCEDURES, ...SPECIAL_CASES];

/** Every rule of procedure.md §4, in the order of the document. */
export const RULES: readonly Rule[] = RULE_IDS.map((id) => {
  const rule = ALL.find((r) => r.id === id);
  if (!rule) throw new Error(`rule ${id} is not defined`);
  return rule;
});

export const RULES_BY_ID: Readonly<Record<RuleId, Rule>> = Object.fromEntries(RULES.map((r) => [r.id, r])) as Record<RuleId, Rule>;

export class UnknownRuleError extends Error {
  readonly code = 'RULEBOOK.UNKNOWN_RULE';
  constructor(readonly ruleId: string) {
    super(`Không có quy tắc ${ruleId} / unknown rule ${ruleId}`);
  }
}

export function getRule(id: string): Rule {
  const rule = (RULES_BY_ID as Record<string, Rule | undefined>)[id];
  if (!rule) throw new UnknownRuleError(id);
  return rule;
}

export function evaluateRule(id: RuleId, facts: CaseFacts, on: LocalDate, settings: OrgSettings, subject: RuleSubject = {}): RuleResult {
  return getRule(id).evaluate(facts, on, settings, subject);
}
