import { type LocalDate } from '../dates.js';
import { type CaseEvent, type TimerId } from '../events/case-event.event.js';
import { type Body, type CaseFacts, type CaseVariant, type OrgProfile, type PersonFacts } from '../rules/case-facts.js';
import { type OrgSettings } from '../rules/org-settings.js';
import { type Bilingual, type RuleId } from '../rules/rule.types.js';

/** Bumped whenever a persisted snapshot's shape changes; migrateSnapshot upgrades older ones. */
export const MACHINE_VERSION = 1;

/** What the application passes with every event: time and the organisation's settings. */
export interface EngineEnv {
  asOf: LocalDate;
  /** Today's Vietnam local date (PROC-DATES refuses acts dated after it); absent in pure tests without a clock. */
  today?: LocalDate;
  settings: OrgSettings;
  /** Due dates the application stored for open deadlines, by key (to flag late acts). */
  dueDates?: Readonly<Record<string, LocalDate>>;
}

export interface AdmissionInput {
  caseId: string;
  person: PersonFacts;
  organisation: OrgProfile;
  variant?: CaseVariant;
  identifiedOn: LocalDate;
}

/** Intents for the application to carry out after it saved the next snapshot. */
export type Intent =
  | { type: 'scheduleDeadline'; timerId: TimerId; start: LocalDate; key: string; variant?: 'abroad' | 'central'; estimated?: boolean }
  /** metOn: the act the deadline waits for was recorded, dated so (the timer is met, not merely cancelled). */
  | { type: 'cancelDeadline'; key: string; metOn?: LocalDate }
  | { type: 'notify'; to: Body; template: string }
  | { type: 'openViolation'; ruleId: RuleId; step: string; reason?: Bilingual }
  | { type: 'closeViolation'; ruleId: RuleId; step: string };

export type IntentType = Intent['type'];
export const INTENT_TYPES: readonly IntentType[] = ['scheduleDeadline', 'cancelDeadline', 'notify', 'openViolation', 'closeViolation'];

export interface AdmissionContext {
  machineVersion: number;
  facts: CaseFacts;
  /** Deadline keys this case scheduled and has not cancelled, with their timer. */
  openDeadlines: Record<string, TimerId>;
  /** The organisation settings of the last accepted event (eventless transitions read them). */
  settings: OrgSettings;
}

/** Inside the machine every event carries the env, so guards can evaluate the rules. */
export type MachineEvent = CaseEvent & { env?: EngineEnv };
