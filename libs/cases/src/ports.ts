import type { LocalDate, RuleFailure, RuleResult } from '#procedure';
import type { DeadlineIntent } from './deadlines/deadline-planner.js';

import type { AuthenticatedUser } from '#orgs';

/** Who is acting: an authenticated user, or the engine itself (the deadline worker). */
export type Actor = { kind: 'user'; userId: string; user: AuthenticatedUser } | { kind: 'system'; userId: null };

export const SYSTEM_ACTOR: Actor = { kind: 'system', userId: null };
export const userActor = (user: AuthenticatedUser): Actor => ({ kind: 'user', userId: user.id, user });

export interface ProcedureEnv {
  asOf: LocalDate;
  /** Today's Vietnam local date: acts dated after it are refused (PROC-DATES). */
  today?: LocalDate;
  settings?: unknown;
  /** Due dates of the case's pending deadlines, by key (late acts are flagged). */
  dueDates?: Record<string, LocalDate>;
}

export interface CaseOpening {
  caseId: string;
  person: Record<string, unknown>;
  org: Record<string, unknown>;
  /** Case-specific attributes of the candidate (Youth Union member, area exception, ...). */
  candidate?: Record<string, unknown>;
  variant?: Record<string, unknown>;
  openedOn: LocalDate;
}

export interface NotifyIntent {
  to: string;
  template: string;
  params?: Record<string, unknown>;
}

export interface ViolationIntent {
  ruleId: string;
  step: string;
  details?: Record<string, unknown>;
}

export type EngineResult =
  | {
      accepted: true;
      snapshot: unknown;
      state: string;
      stage: string;
      closed: boolean;
      outcome?: string;
      ruleResults: RuleResult[];
      deadlines: DeadlineIntent[];
      notifications: NotifyIntent[];
      violations: ViolationIntent[];
      resolvedViolations: { ruleId: string; step: string }[];
    }
  | { accepted: false; reason: 'rules' | 'notAllowed' | 'invalid'; failures: RuleFailure[]; message?: string };

export interface Checklist {
  asOf?: LocalDate;
  /** The stage(s) the case is in, labelled. */
  stage?: { vi: string; en: string }[];
  allowed: string[];
  blocked: { type: string; failures: RuleFailure[] }[];
  /** The next steps with their requirements, as the machine reports them. */
  nextSteps?: unknown[];
  requirements: {
    id: string;
    step?: string;
    label: { vi: string; en: string };
    status: 'passed' | 'missing' | 'failed';
    blocking?: boolean;
    citation?: unknown[];
    reason?: { vi: string; en: string };
  }[];
}

/** The pure procedure, as the case lifecycle uses it (implemented over libs/procedure). */
export interface ProcedurePort {
  readonly machineVersion: number;
  open(opening: CaseOpening): { snapshot: unknown; state: string; stage: string; deadlines: DeadlineIntent[] };
  apply(snapshot: unknown, event: { type: string } & Record<string, unknown>, env: ProcedureEnv): EngineResult;
  checklist(snapshot: unknown, env: ProcedureEnv): Checklist;
  facts(snapshot: unknown): Record<string, unknown>;
  /** Roles allowed to record the event; undefined for an unknown type. */
  rolesFor(type: string): string[] | undefined;
  /** SYSTEM-acted with no user role (deadline.fired): refused to every user, administrators included. */
  engineOnly(type: string): boolean;
  /** The legal date of the event (meeting, signing, ceremony...), used as the measuring date. */
  eventDate(event: Record<string, unknown>): LocalDate | undefined;
  /** The acting body of the event (CELL, BASE, COMPETENT...). */
  actingBody(type: string): string | undefined;
  migrate(snapshot: unknown, fromVersion: number): unknown;
  /**
   * Whether a closed case takes the event: only what the texts allow after the end (the cancellation of a
   * wrongful admission or recognition, procedure.md §6.5), never a further step of the path.
   */
  acceptsAfterClose(snapshot: unknown, type: string): boolean;
  /** Votes and decisions the event records, for the reporting tables. */
  recordsOf(event: Record<string, unknown>, ruleResults: RuleResult[]): { votes: VoteRecordRow[]; decisions: DecisionRecordRow[] };
}

export interface VoteRecordRow {
  body: string;
  motion: 'admit' | 'recognise' | 'remove';
  meetingDate: LocalDate;
  eligible: number;
  for: number;
  against: number;
  required: number | null;
  passed: boolean;
  rosterEligible?: number;
  mismatchReason?: string;
}

export interface DecisionRecordRow {
  kind: 'admission' | 'recognition' | 'removal' | 'cancellation' | 'other';
  body: string;
  number?: string;
  signedOn: LocalDate;
  receivedOn?: LocalDate;
  outcome: string;
  /** A receipt (decision.receivedByCell, removal.decisionReceived): sets received_on on the case's latest decision of this kind, inserts nothing. */
  receipt?: true;
}

export const PROCEDURE_PORT = Symbol('PROCEDURE_PORT');
