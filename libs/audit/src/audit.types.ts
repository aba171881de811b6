/** What happened to the request or command the row records. */
export type AuditOutcome = 'ok' | 'refused' | 'error';
export const AUDIT_OUTCOMES = ['ok', 'refused', 'error'] as const satisfies readonly AuditOutcome[];

/** JSON values allowed in `details`: ids and codes, never personal data values. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/** One audit entry as a caller records it; the service adds the time, chain position and hashes. */
export interface AuditEntry {
  /** Dot-namespaced verb: 'case.event', 'case.read', 'case.create', 'auth.login', 'export.personalData'. */
  action: string;
  outcome: AuditOutcome;
  actorUserId?: string | null;
  actorRole?: string | null;
  sessionId?: string | null;
  ip?: string | null;
  /** Truncated to 256 characters. */
  userAgent?: string | null;
  requestId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  /** Anything about a case goes to the case's chain. */
  caseId?: string | null;
  statusCode?: number | null;
  /** Ids and codes only; keys that name personal data (fullName, citizenId, ...) are dropped. */
  details?: Record<string, AuditJson>;
  /**
   * Defaults to 'case:<caseId>' when caseId is set, else 'session:<sessionId>', else
   * 'user:<actorUserId>', else 'system'.
   */
  chain?: string;
}

/** The fields a row's hash covers: everything but the database id and the hash itself. */
export interface HashedRowFields {
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  caseId: string | null;
  outcome: AuditOutcome;
  statusCode: number | null;
  details: Record<string, AuditJson>;
  chain: string;
  chainSeq: number;
  prevHash: string;
}

/** A stored row, as the verifier and the listing see it. */
export interface AuditRecord extends HashedRowFields {
  id: string;
  hash: string;
}

export type AuditProblemKind = 'hash mismatch' | 'gap' | 'broken link' | 'tail removed after anchor' | 'anchor mismatch';

/** The first bad row of a chain (chain 'anchors' for the anchor chain itself). */
export interface AuditProblem {
  chain: string;
  seq: number;
  /** The row's id; null when the row is missing. */
  id: string | null;
  problem: AuditProblemKind;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  chainsChecked: number;
  rowsChecked: number;
  anchorsChecked: number;
  latestAnchor: { id: string; seq: number; createdAt: string; hash: string } | null;
  /** The first problem found (chains in name order), or null. */
  firstProblem: AuditProblem | null;
  /** At most one per chain, at most 100 in all. */
  problems: AuditProblem[];
}

/** Heads recorded by an anchor: chain -> last seq + hash at that time. */
export type AnchorHeads = Record<string, { seq: number; hash: string }>;

export interface AuditAnchor {
  id: string;
  seq: number;
  createdAt: Date;
  heads: AnchorHeads;
  prevHash: string;
  hash: string;
}
