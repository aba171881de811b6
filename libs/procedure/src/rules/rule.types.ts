import { type LocalDate } from '../dates.js';
import { type EditionId } from '../editions.js';

export const RULE_IDS = [
  'CRIT-AGE',
  'CRIT-EDUCATION',
  'CRIT-POLITICAL',
  'CRIT-CITIZEN',
  'COND-AWARENESS-CERT',
  'COND-APPLICATION',
  'COND-BACKGROUND',
  'COND-INTRODUCERS',
  'COND-DOSSIER-FRESH',
  'COND-OPINIONS',
  'COND-ADMISSION-DOSSIER',
  'COND-NEW-MEMBER-CERT',
  'COND-SELF-REVIEW-AFTER-END',
  'COND-RECOGNITION-DOSSIER',
  'PROC-CELL-VOTE',
  'PROC-BASE-VOTE',
  'PROC-COMPETENT-VOTE',
  'PROC-ORDER',
  'PROC-DATES',
  'PROC-DEADLINES',
  'PROC-HELPER',
  'PROC-PROBATION-LENGTH',
  'PROC-COMPETENT-BODY',
  'PROC-CEREMONY-CONSENT',
  'PROC-TRANSFER',
  'PROC-CANCELLATION',
  'COND-PROVINCE-CONSENT',
  'COND-READMISSION',
  'COND-SPECIAL-CATEGORY',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type RuleKind = 'criterion' | 'condition' | 'procedure';

export interface Bilingual {
  vi: string;
  en: string;
}

/** A resolved citation: the instrument code in force on the step date and the section. */
export interface Citation {
  instrument: string;
  section: string;
  title?: string;
}

/**
 * How a rule names its legal basis. `family` resolves to the text in force on the step date
 * (HD01 vs HD06, HD12 vs HD38, QĐ24/QĐ232 vs QĐ294); `fixed` names one instrument.
 */
export type CitationSpec =
  | { family: 'regulation' | 'guidance' | 'workingGuide'; section: string }
  | { fixed: string; section: string };

/** What a predicate returns before the rule wraps it with its metadata. */
export interface PredicateOutcome {
  passed: boolean;
  facts: Record<string, unknown>;
  reason?: Bilingual;
  /** The rule failed because evidence is not recorded yet (the checklist shows "missing"). */
  missing?: boolean;
  /** The rule does not concern this case (e.g. re-admission rules for a first admission). */
  notApplicable?: boolean;
  /** Vote rules: the record itself is unusable (roster mismatch, impossible counts): refuse it. */
  invalidRecord?: boolean;
  /** Accepted but flagged: a compliance violation opens (e.g. a roster mismatch with its reason). */
  flag?: Bilingual;
}

export interface RuleResult extends PredicateOutcome {
  id: RuleId;
  kind: RuleKind;
  blocking: boolean;
  vi: string;
  en: string;
  citation: Citation[];
  /** The measuring date the rule was evaluated at. */
  on: LocalDate;
  /** The rulebook edition in force on the measuring date; absent before 2021-07-30 (imported history). */
  edition?: EditionId;
}

/** What the API returns for a refused step (inside problem+json). */
export interface RuleFailure {
  id: RuleId;
  kind: RuleKind;
  blocking: boolean;
  vi: string;
  en: string;
  citation: Citation[];
  reason?: Bilingual;
  /** PROC-DATES: each offending date with the one it was compared with (ISO and dd/mm/yyyy). */
  dates?: unknown[];
}

export function toFailure(result: RuleResult): RuleFailure {
  const failure: RuleFailure = {
    id: result.id,
    kind: result.kind,
    blocking: result.blocking,
    vi: result.vi,
    en: result.en,
    citation: result.citation,
  };
  if (result.reason) failure.reason = result.reason;
  if (result.id === 'PROC-DATES' && Array.isArray(result.facts['problems'])) failure.dates = result.facts['problems'] as unknown[];
  return failure;
}
