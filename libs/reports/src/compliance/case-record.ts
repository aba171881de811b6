import {
  type CaseFacts,
  type ComplianceDeadlineRow,
  type ComplianceDecisionRow,
  type ComplianceEventRow,
  type ComplianceRecord,
  type ComplianceVoteRow,
  type OrgSettings,
  type OrgSettingsInput,
  type StoredViolation,
  validateOrgSettings,
} from '#procedure';

/**
 * Everything the compliance checks read about one case, loaded in one go from the tables the
 * lifecycle writes (cases, case_events, votes, decisions, deadlines). The shape is libs/procedure's
 * ComplianceRecord: the catalogue that judges it is there. Acts a correction superseded
 * (`corrected_by_seq`, docs/corrections.md) are left out: the correction row stands in their place.
 */
export type CaseRecord = ComplianceRecord;
export type CaseEventRow = ComplianceEventRow;
export type VoteRow = ComplianceVoteRow;
export type DecisionRow = ComplianceDecisionRow;
export type DeadlineRow = ComplianceDeadlineRow;

/** Anything that runs SQL: a transaction's EntityManager or the DataSource. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

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

export interface CaseRowDb {
  id: string;
  organisation_id: string;
  status: 'open' | 'closed';
  stage: string;
  state: string;
  decision_date: string | null;
  ceremony_date: string | null;
  recognition_date: string | null;
  snapshot: unknown;
  events: { seq: number; type: string; eventDate: string | null; requestId?: unknown }[];
  votes: {
    id: string;
    body: string;
    motion: VoteRow['motion'];
    meetingDate: string;
    eligible: number;
    for: number;
    against: number;
    required: number | null;
    passed: boolean;
  }[];
  decisions: { id: string; kind: string; body: string; signedOn: string; receivedOn: string | null; outcome: string }[];
  deadlines: {
    key: string;
    timerId: string;
    startDate: string;
    dueDate: string | null;
    extendedTo: string | null;
    status: DeadlineRow['status'];
    responsible: string | null;
    edition: string | null;
    extension: { reason?: string; recordedOn?: string } | null;
  }[];
}

/** A stored violation of a case as the reconciliation reads it (libs/procedure StoredViolation). */
export type CaseViolationRow = StoredViolation;

/**
 * The aggregated columns of a case's compliance record, as sub-selects on the cases row aliased
 * `c` (one round trip): events (type, date, and the request id of the one event type the checks
 * read it from, so the payloads are not detoasted), votes, decisions, deadlines, and with
 * `violations` every violation of the case (the reconciliation's `existing`).
 */
export function caseRecordColumnsSql(opts: { violations?: boolean } = {}): string {
  return `COALESCE((SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'eventDate', e.event_date::text,
                                                     'requestId', CASE WHEN e.type = 'backgroundCheck.answered' THEN e.payload->'requestId' END)
                                      ORDER BY e.seq)
                        FROM case_events e WHERE e.case_id = c.id AND e.corrected_by_seq IS NULL), '[]'::json) AS events,
            COALESCE((SELECT json_agg(json_build_object('id', v.id::text, 'body', v.body, 'motion', v.motion, 'meetingDate', v.meeting_date::text,
                                                        'eligible', v.eligible, 'for', v.votes_for, 'against', v.votes_against,
                                                        'required', v.required, 'passed', v.passed) ORDER BY v.meeting_date, v.id)
                        FROM votes v WHERE v.case_id = c.id), '[]'::json) AS votes,
            COALESCE((SELECT json_agg(json_build_object('id', d.id::text, 'kind', d.kind, 'body', d.body, 'signedOn', d.signed_on::text,
                                                        'receivedOn', d.received_on::text, 'outcome', d.outcome) ORDER BY d.signed_on, d.id)
                        FROM decisions d WHERE d.case_id = c.id), '[]'::json) AS decisions,
            -- The extension's record (when, why) comes from the operations log.
            COALESCE((SELECT json_agg(json_build_object('key', d.key, 'timerId', d.timer_id, 'startDate', d.start_date::text, 'dueDate', d.due_date::text,
                                                        'extendedTo', d.extended_to::text, 'status', d.status, 'responsible', d.responsible,
                                                        'edition', d.edition, 'extension', x.details) ORDER BY d.key)
                        FROM deadlines d
                        LEFT JOIN LATERAL (
                          SELECT o.details FROM operations_log o
                           WHERE d.extended_to IS NOT NULL AND o.case_id = d.case_id AND o.action = 'deadline.extended' AND o.details->>'key' = d.key
                           ORDER BY o.id DESC LIMIT 1) x ON true
                       WHERE d.case_id = c.id), '[]'::json) AS deadlines${
                         opts.violations
                           ? `,
            COALESCE((SELECT json_agg(json_build_object('id', v.id::text, 'ruleId', v.rule_id, 'step', v.step, 'status', v.status,
                                                        'checkId', v.check_id, 'clearedByAudit', v.cleared_by_audit,
                                                        'dueDate', v.due_date::text, 'actualDate', v.actual_date::text) ORDER BY v.opened_at, v.id)
                        FROM violations v WHERE v.case_id = c.id), '[]'::json) AS violations`
                           : ''
                       }`;
}

/** The compliance record of a row read with `caseRecordColumnsSql` (plus the case's own columns). */
export function caseRecordOf(c: CaseRowDb): CaseRecord {
  return {
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
    events: c.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      eventDate: e.eventDate,
      payload: typeof e.requestId === 'string' ? { requestId: e.requestId } : {},
    })),
    votes: c.votes,
    decisions: c.decisions,
    deadlines: c.deadlines.map((d) => ({
      key: d.key,
      timerId: d.timerId,
      startDate: d.startDate,
      dueDate: d.dueDate,
      extendedTo: d.extendedTo,
      status: d.status,
      responsible: d.responsible,
      edition: d.edition,
      extension:
        d.extendedTo && d.extension
          ? {
              to: d.extendedTo,
              ...(d.extension.recordedOn !== undefined ? { recordedOn: d.extension.recordedOn } : {}),
              ...(d.extension.reason !== undefined ? { reason: d.extension.reason } : {}),
            }
          : null,
    })),
  };
}

/** What a transition reads of its case, in ONE statement: the row, its compliance record and its violations. */
export interface CaseState {
  /** Every column of the cases row (`SELECT c.*`), dates as the driver returns them. */
  row: Record<string, unknown>;
  record: CaseRecord;
  violations: CaseViolationRow[];
}

/**
 * The case row with everything the transition decides on (pending deadlines, votes, decisions,
 * events for the checks, every violation) in one statement. `lock`: FOR UPDATE of the case row
 * (a caller that already holds a transaction, e.g. the worker's timers).
 */
export async function loadCaseState(
  m: Queryable,
  caseId: string,
  opts: { lock?: boolean; extra?: { columns: string; params: unknown[] } } = {},
): Promise<CaseState | null> {
  // `extra`: the caller's own columns of the same row (e.g. the command's idempotency record), parameters from $2.
  const rows = (await m.query(
    `SELECT c.*, ${caseRecordColumnsSql({ violations: true })}${opts.extra ? `, ${opts.extra.columns}` : ''}
       FROM cases c WHERE c.id = $1${opts.lock ? ' FOR UPDATE OF c' : ''}`,
    [caseId, ...(opts.extra?.params ?? [])],
  )) as (Record<string, unknown> & { events: unknown; votes: unknown; decisions: unknown; deadlines: unknown; violations: CaseViolationRow[] })[];
  const r = rows[0];
  if (!r) return null;
  // Dates come back as text (the DATE type parser, libs/platform data-source).
  const { events, votes, decisions, deadlines, violations, ...row } = r;
  const record = caseRecordOf({ ...row, events, votes, decisions, deadlines } as unknown as CaseRowDb);
  return { row, record, violations };
}

/**
 * Loads the records of the given cases (any order; missing ids are skipped) in one statement: the
 * case row with its events (type, date, request id only), votes, decisions and deadlines aggregated,
 * so a transition pays one round trip for its compliance check.
 */
export async function loadCaseRecords(m: Queryable, caseIds: readonly string[]): Promise<CaseRecord[]> {
  if (caseIds.length === 0) return [];
  const rows = (await m.query(
    `SELECT c.id, c.organisation_id, c.status, c.stage, c.state, c.decision_date::text AS decision_date, c.ceremony_date::text AS ceremony_date,
            c.recognition_date::text AS recognition_date, c.snapshot, ${caseRecordColumnsSql()}
       FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [[...caseIds]],
  )) as CaseRowDb[];
  const byCase = new Map<string, CaseRecord>();
  for (const c of rows) byCase.set(c.id, caseRecordOf(c));
  return caseIds.map((id) => byCase.get(id)).filter((r): r is CaseRecord => r !== undefined);
}
