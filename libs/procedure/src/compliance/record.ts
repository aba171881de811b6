import { type LocalDate } from '../dates.js';
import { type CaseFacts } from '../rules/case-facts.js';
import { type OrgSettings } from '../rules/org-settings.js';

/**
 * Everything the compliance audit reads about one case: the tables the lifecycle writes (cases,
 * case_events, votes, decisions, deadlines) as plain values, dates as ISO strings. The adapter
 * that loads it lives in libs/reports; the judgement lives here.
 */
export interface ComplianceRecord {
  id: string;
  organisationId: string;
  status: 'open' | 'closed';
  stage: string;
  state: string;
  decisionDate: LocalDate | null;
  ceremonyDate: LocalDate | null;
  recognitionDate: LocalDate | null;
  /** The machine's facts (snapshot.context.facts), or null when the snapshot carries none. */
  facts: CaseFacts | null;
  /** The organisation settings the engine used on the last transition (snapshot), when known. */
  settings?: OrgSettings | null;
  events: ComplianceEventRow[];
  votes: ComplianceVoteRow[];
  decisions: ComplianceDecisionRow[];
  deadlines: ComplianceDeadlineRow[];
}

export interface ComplianceEventRow {
  seq: number;
  type: string;
  eventDate: LocalDate | null;
  payload: Record<string, unknown>;
}

export interface ComplianceVoteRow {
  id: string;
  body: string;
  motion: 'admit' | 'recognise' | 'remove';
  meetingDate: LocalDate;
  eligible: number;
  for: number;
  against: number;
  required: number | null;
  passed: boolean;
}

export interface ComplianceDecisionRow {
  id: string;
  kind: string;
  body: string;
  signedOn: LocalDate;
  receivedOn: LocalDate | null;
  outcome: string;
}

/** How an extension was recorded (operations log): when, and why. Absent fields are unknown. */
export interface ExtensionRecord {
  to: LocalDate;
  recordedOn?: LocalDate | null;
  reason?: string | null;
}

export interface ComplianceDeadlineRow {
  key: string;
  timerId: string;
  startDate: LocalDate;
  dueDate: LocalDate | null;
  extendedTo: LocalDate | null;
  /** The record of the extension behind `extendedTo`, when one is known. */
  extension?: ExtensionRecord | null;
  status: 'pending' | 'met' | 'fired' | 'cancelled';
  responsible: string | null;
  edition: string | null;
}
