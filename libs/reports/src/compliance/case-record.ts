import type { EntityManager } from 'typeorm';
import {
  type CaseFacts,
  type ComplianceDeadlineRow,
  type ComplianceDecisionRow,
  type ComplianceEventRow,
  type ComplianceRecord,
  type ComplianceVoteRow,
  type OrgSettings,
  type OrgSettingsInput,
  validateOrgSettings,
} from '#procedure';

/**
 * Everything the compliance checks read about one case, loaded in one go from the tables the
 * lifecycle writes (cases, case_events, votes, decisions, deadlines). The shape is libs/procedure's
 * ComplianceRecord: the catalogue that judges it is there.
 */
export type CaseRecord = ComplianceRecord;
export type CaseEventRow = ComplianceEventRow;
export type VoteRow = ComplianceVoteRow;
export type DecisionRow = ComplianceDecisionRow;
export type DeadlineRow = ComplianceDeadlineRow;

/**
 * The one place that reads the machine's snapshot: the facts live in `snapshot.context.facts`
 * (libs/procedure/src/machine/case-engine.ts CaseSnapshot). Anything else answers null and the
 * snapshot-reading checks then find nothing (they never guess).
 */
export function readCaseFacts(snapshot: unknown): CaseFacts | null {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const context = (snapshot as { context?: unknown }).context;
  if (!context || typeof context !== 'object') return null;
  const facts = (context as { facts?: unknown }).facts;
  if (!facts || typeof facts !== 'object') return null;
  const f = facts as Partial<CaseFacts>;
  if (!f.evidence || typeof f.evidence !== 'object') return null;
  // Tolerate imported snapshots that omit empty lists.
  const e = f.evidence;
  return {
    caseId: f.caseId ?? '',
    person: f.person ?? ({} as CaseFacts['person']),
    org: f.org ?? ({} as CaseFacts['org']),
    variant: f.variant ?? {},
    evidence: {
      ...e,
      helpers: e.helpers ?? [],
      checks: e.checks ?? [],
      introducers: e.introducers ?? [],
      localDocuments: e.localDocuments ?? [],
      consents: e.consents ?? [],
      attestations: e.attestations ?? [],
      specialEvidence: e.specialEvidence ?? [],
      cancellations: e.cancellations ?? [],
    },
    votes: f.votes ?? [],
    transfers: f.transfers ?? [],
  };
}

/**
 * The organisation settings the engine used on the case's last transition (snapshot.context.settings),
 * merged on the central defaults; null when the snapshot carries none or they do not validate.
 */
export function readCaseSettings(snapshot: unknown): OrgSettings | null {
  const context = snapshot && typeof snapshot === 'object' ? (snapshot as { context?: unknown }).context : undefined;
  const settings = context && typeof context === 'object' ? (context as { settings?: unknown }).settings : undefined;
  if (!settings || typeof settings !== 'object' || Object.keys(settings).length === 0) return null;
  try {
    return validateOrgSettings(settings as OrgSettingsInput);
  } catch {
    return null;
  }
}

interface CaseRowDb {
  id: string;
  organisation_id: string;
  status: 'open' | 'closed';
  stage: string;
  state: string;
  decision_date: string | null;
  ceremony_date: string | null;
  recognition_date: string | null;
  snapshot: unknown;
}

/** Loads the records of the given cases (any order; missing ids are skipped). */
export async function loadCaseRecords(m: EntityManager, caseIds: readonly string[]): Promise<CaseRecord[]> {
  if (caseIds.length === 0) return [];
  const ids = [...caseIds];
  // Sequential: inside a transaction the manager has one connection (no concurrent queries on it).
  const cases = (await m.query(
    `SELECT id, organisation_id, status, stage, state, decision_date::text, ceremony_date::text, recognition_date::text, snapshot
         FROM cases WHERE id = ANY($1::uuid[])`,
    [ids],
  )) as CaseRowDb[];
  const events = (await m.query(
    `SELECT case_id, seq, type, event_date::text AS event_date, payload FROM case_events WHERE case_id = ANY($1::uuid[]) AND corrected_by_seq IS NULL ORDER BY case_id, seq`,
    [ids],
  )) as {
    case_id: string;
    seq: number;
    type: string;
    event_date: string | null;
    payload: Record<string, unknown>;
  }[];
  const votes = (await m.query(
    `SELECT id::text, case_id, body, motion, meeting_date::text AS meeting_date, eligible, votes_for, votes_against, required, passed
         FROM votes WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, meeting_date, id`,
    [ids],
  )) as {
    id: string;
    case_id: string;
    body: string;
    motion: VoteRow['motion'];
    meeting_date: string;
    eligible: number;
    votes_for: number;
    votes_against: number;
    required: number | null;
    passed: boolean;
  }[];
  const decisions = (await m.query(
    `SELECT id::text, case_id, kind, body, signed_on::text AS signed_on, received_on::text AS received_on, outcome
         FROM decisions WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, signed_on, id`,
    [ids],
  )) as { id: string; case_id: string; kind: string; body: string; signed_on: string; received_on: string | null; outcome: string }[];
  const deadlines = (await m.query(
    // The extension's record (when, why) comes from the operations log in the same statement.
    `SELECT d.case_id, d.key, d.timer_id, d.start_date::text AS start_date, d.due_date::text AS due_date, d.extended_to::text AS extended_to,
            d.status, d.responsible, d.edition, x.details AS extension
       FROM deadlines d
       LEFT JOIN LATERAL (
         SELECT o.details FROM operations_log o
          WHERE d.extended_to IS NOT NULL AND o.case_id = d.case_id AND o.action = 'deadline.extended' AND o.details->>'key' = d.key
          ORDER BY o.id DESC LIMIT 1) x ON true
      WHERE d.case_id = ANY($1::uuid[]) ORDER BY d.case_id, d.key`,
    [ids],
  )) as {
    case_id: string;
    key: string;
    timer_id: string;
    start_date: string;
    due_date: string | null;
    extended_to: string | null;
    status: DeadlineRow['status'];
    responsible: string | null;
    edition: string | null;
    extension: { to?: string; reason?: string; recordedOn?: string } | null;
  }[];
  const byCase = new Map<string, CaseRecord>();
  for (const c of cases) {
    byCase.set(c.id, {
      id: c.id,
      organisationId: c.organisation_id,
      status: c.status,
      stage: c.stage,
      state: c.state,
      decisionDate: c.decision_date,
      ceremonyDate: c.ceremony_date,
      recognitionDate: c.recognition_date,
      facts: readCaseFacts(c.snapshot),
      settings: readCaseSettings(c.snapshot),
      events: [],
      votes: [],
      decisions: [],
      deadlines: [],
    });
  }
  for (const e of events)
    byCase.get(e.case_id)?.events.push({ seq: e.seq, type: e.type, eventDate: e.event_date, payload: e.payload ?? {} });
  for (const v of votes)
    byCase.get(v.case_id)?.votes.push({
      id: v.id,
      body: v.body,
      motion: v.motion,
      meetingDate: v.meeting_date,
      eligible: v.eligible,
      for: v.votes_for,
      against: v.votes_against,
      required: v.required,
      passed: v.passed,
    });
  for (const d of decisions)
    byCase
      .get(d.case_id)
      ?.decisions.push({ id: d.id, kind: d.kind, body: d.body, signedOn: d.signed_on, receivedOn: d.received_on, outcome: d.outcome });
  for (const d of deadlines)
    byCase.get(d.case_id)?.deadlines.push({
      key: d.key,
      timerId: d.timer_id,
      startDate: d.start_date,
      dueDate: d.due_date,
      extendedTo: d.extended_to,
      status: d.status,
      responsible: d.responsible,
      edition: d.edition,
      extension:
        d.extended_to && d.extension
          ? {
              to: d.extended_to,
              ...(d.extension.recordedOn !== undefined ? { recordedOn: d.extension.recordedOn } : {}),
              ...(d.extension.reason !== undefined ? { reason: d.extension.reason } : {}),
            }
          : null,
    });
  return ids.map((id) => byCase.get(id)).filter((r): r is CaseRecord => r !== undefined);
}
