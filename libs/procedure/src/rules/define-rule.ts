import { type LocalDate } from '../dates.js';
import { CHARTER, editionOn, GUIDANCE, INSTRUMENTS, type Instrument, instrumentOn, INTERPRETATION, REGULATIONS, WORKING_GUIDE } from '../editions.js';
import { type CaseFacts, type CompetentBodyRef, type VoteRecord } from './case-facts.js';
import { type DateProblem } from '../machine/date-order.js';
import { type OrgSettings } from './org-settings.js';
import {
  type Bilingual,
  type Citation,
  type CitationSpec,
  type PredicateOutcome,
  type RuleId,
  type RuleKind,
  type RuleResult,
} from './rule.types.js';

/** What the event under evaluation adds to the facts (the rule reads it, the facts do not hold it yet). */
export interface RuleSubject {
  eventType?: string;
  /** Which side of a step is checked: recording a part, the vote, or the decision. */
  phase?: 'record' | 'cellVote' | 'baseVote' | 'decision';
  vote?: VoteRecord;
  /** Whether the current stage accepts the event at all (PROC-ORDER). */
  stateAccepts?: boolean;
  /** The act's date, for order and deadline checks. */
  actDate?: LocalDate;
  /** A deadline the act closes, with the due date the application stored for it. */
  deadline?: { key: string; timerId: string; dueDate?: LocalDate };
  decidedBy?: CompetentBodyRef;
  helper?: { memberStatus: string; memberId: string };
  ceremonyOrganisationId?: string;
  cancellation?: {
    defect: 'substantive' | 'procedural';
    redoFrom?: string;
    proposedBy: string;
    decidedBy: string;
    higherConsentOn?: LocalDate;
  };
  /** Extra prerequisite facts the caller computed (PROC-ORDER). */
  missingPrerequisites?: Bilingual[];
  /** PROC-DATES: dates after today or before an act they depend on, with both dates (I-12). */
  dateProblems?: DateProblem[];
}

export interface Rule {
  id: RuleId;
  kind: RuleKind;
  blocking: boolean;
  vi: string;
  en: string;
  citations: readonly CitationSpec[];
  /** The predicate: facts + the measuring date + org settings (+ the event's subject). */
  check(facts: CaseFacts, on: LocalDate, settings: OrgSettings, subject: RuleSubject): PredicateOutcome;
  evaluate(facts: CaseFacts, on: LocalDate, settings: OrgSettings, subject?: RuleSubject): RuleResult;
}

export type RuleDefinition = Omit<Rule, 'evaluate'>;

const FIXED: Record<string, Instrument> = { charter: CHARTER, interpretation: INTERPRETATION, ...INSTRUMENTS };

function familyOf(spec: CitationSpec): readonly Instrument[] {
  if ('fixed' in spec) return [FIXED[spec.fixed] ?? { code: spec.fixed, title: spec.fixed, from: '1930-01-01' }];
  return spec.family === 'regulation' ? REGULATIONS : spec.family === 'guidance' ? GUIDANCE : WORKING_GUIDE;
}

/** The instruments in force on the step date (the earliest of the family for earlier dates). */
export function resolveCitations(specs: readonly CitationSpec[], on: LocalDate): Citation[] {
  return specs.map((spec) => {
    const family = familyOf(spec);
    const inForce = instrumentOn(on, family) ?? (on < family[0]!.from ? family[0]! : family[family.length - 1]!);
    return { instrument: inForce.code, section: spec.section, title: inForce.title };
  });
}

/** Citation text for generated docs: the current instrument and its predecessors. */
export function describeCitation(spec: CitationSpec): string {
  const family = familyOf(spec);
  const current = family[family.length - 1]!;
  if (family.length === 1) return `${current.code} ${spec.section}`;
  const earlier = family.slice(0, -1).map((i) => i.code).join('/');
  return `${current.code} ${spec.section} (${earlier} before ${current.from})`;
}

export function defineRule(definition: RuleDefinition): Rule {
  return {
    ...definition,
    evaluate(facts, on, settings, subject = {}) {
      const outcome = definition.check(facts, on, settings, subject);
      const result: RuleResult = {
        id: definition.id,
        kind: definition.kind,
        blocking: definition.blocking,
        vi: definition.vi,
        en: definition.en,
        citation: resolveCitations(definition.citations, on),
        on,
        ...outcome,
      };
      try {
        result.edition = editionOn(on).id;
      } catch {
        // Before the first edition a step can only be imported history: audited without an edition.
      }
      return result;
    },
  };
}

export const pass = (facts: Record<string, unknown> = {}, notApplicable = false): PredicateOutcome =>
  notApplicable ? { passed: true, facts, notApplicable } : { passed: true, facts };

export const fail = (facts: Record<string, unknown>, vi: string, en: string, missing = false): PredicateOutcome =>
  missing ? { passed: false, facts, reason: { vi, en }, missing } : { passed: false, facts, reason: { vi, en } };
