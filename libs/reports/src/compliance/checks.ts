import { type Bilingual, type RuleId, COMPLIANCE_CHECKS, RULES_BY_ID, describeCitation } from '#procedure';

/**
 * The compliance catalogue itself lives in libs/procedure (src/compliance): the same rules,
 * timers and settings that guard the transitions decide what is late, missing or cured. This
 * library stores, lists, explains and reports what it finds; it decides nothing.
 */
export {
  COMPLIANCE_CHECKS,
  COMPLIANCE_CHECKS_BY_ID,
  NEGATIVE_OUTCOMES,
  auditRecord,
  isPositiveOutcome,
  ownedByCatalogue,
  runChecks,
  type ComplianceCheck,
  type Finding,
} from '#procedure';

/** The catalogue for the API and docs: each check with its rule's explanation and citations (current instruments). */
export function complianceCatalogue(): {
  id: string;
  ruleId: RuleId;
  title: Bilingual;
  looksAt: string;
  steps: readonly string[];
  rule: Bilingual;
  citation: string[];
}[] {
  return COMPLIANCE_CHECKS.map((c) => {
    const rule = RULES_BY_ID[c.ruleId];
    return {
      id: c.id,
      ruleId: c.ruleId,
      title: c.title,
      looksAt: c.looksAt,
      steps: c.steps,
      rule: { vi: rule.vi, en: rule.en },
      citation: rule.citations.map(describeCitation),
    };
  });
}
