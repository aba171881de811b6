import { Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntitySubscriberInterface } from 'typeorm';
import { AuditChainer } from './audit.chainer.js';
import { sanitizeDetails } from './audit.details.js';
import { recordRequestAudit, type RequestAuditOptions } from './audit.request-context.js';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditRecord } from './audit.types.js';

export const USER_AGENT_MAX = 256;

/** The chain an entry belongs to when the caller does not name one. */
export function chainFor(entry: Pick<AuditEntry, 'chain' | 'caseId' | 'sessionId' | 'actorUserId'>): string {
  if (entry.chain) return entry.chain;
  if (entry.caseId) return `case:${entry.caseId}`;
  if (entry.sessionId) return `session:${entry.sessionId}`;
  if (entry.actorUserId) return `user:${entry.actorUserId}`;
  return 'system';
}

export interface AuditListFilter {
  caseId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  /** The entity an entry is about (e.g. resourceType 'violations' and its id). */
  resourceType?: string;
  resourceId?: string;
  /** The candidate of the entry's case, by name (diacritics and case ignored, part of the name). */
  person?: string;
  /** The acting user, by user name or the name of the person behind the account (diacritics ignored). */
  actor?: string;
  /** The action, or a family of actions by its prefix ('case.' matches 'case.event.recorded'). */
  action?: string;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit?: number;
  /** What the reader may see; absent: every row (operator tools only, never an HTTP reader). */
  scope?: AuditScope;
}

/**
 * A partial reader's view of the trail (docs/security.md, "audit scoping"): rows of a case whose
 * organisation is in the reader's subtree, and rows of no case that name an organisation in it
 * (details.organisationId, e.g. report exports). Rows of no case and no organisation (logins,
 * operators' actions) are not in any partial view: readers whose scope covers every organisation
 * list without a scope.
 */
export interface AuditScope {
  /** A condition restricting an organisation-id column, parameters numbered from `firstParam`. */
  organisations(column: string, firstParam: number): { sql: string; params: unknown[] };
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

export interface RecordedAudit {
  /** The id the entry keeps in audit_log once chained (taken from audit_log's sequence). */
  id: string;
  chain: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OUTBOX_COLUMNS = `occurred_at, actor_user_id, actor_role, session_id, ip, user_agent, request_id, action, resource_type,
         resource_id, case_id, outcome, status_code, details, chain`;

/** An entry's audit_outbox values in OUTBOX_COLUMNS order, checked (a TypeError on a malformed entry). */
function outboxValues(entry: AuditEntry): { params: unknown[]; chain: string } {
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(entry.outcome)) throw new TypeError(`audit: unknown outcome ${String(entry.outcome)}`);
  if (!entry.action) throw new TypeError('audit: action is required');
  if (entry.caseId && !UUID.test(entry.caseId)) throw new TypeError('audit: caseId must be a uuid');
  if (entry.actorUserId && !UUID.test(entry.actorUserId)) throw new TypeError('audit: actorUserId must be a uuid');
  const chain = chainFor(entry);
  const params = [
    new Date(),
    entry.actorUserId ?? null,
    entry.actorRole ?? null,
    entry.sessionId ?? null,
    entry.ip ?? null,
    entry.userAgent ? entry.userAgent.slice(0, USER_AGENT_MAX) : null,
    entry.requestId ?? null,
    entry.action,
    entry.resourceType ?? null,
    entry.resourceId ?? null,
    entry.caseId ?? null,
    entry.outcome,
    entry.statusCode ?? null,
    JSON.stringify(sanitizeDetails(entry.details)),
    chain,
  ];
  return { params, chain };
}

const OUTBOX_CASTS = ['timestamptz', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'uuid', 'text', 'int', 'jsonb', 'text'];

/**
 * The entry as one part of a caller's writable CTE (`name AS (INSERT INTO audit_outbox … SELECT …
 * FROM <from>)`), so that a command written as ONE autocommitted statement carries its own audit
 * entry: it exists exactly when the rows selected from `from` were written. `bind` adds a parameter
 * to the caller's statement and returns its placeholder. The caller wakes the chainer after it
 * committed (`AuditService.committed`).
 */
export function auditOutboxPart(name: string, entry: AuditEntry, from: string, bind: (value: unknown) => string): string {
  const { params } = outboxValues(entry);
  const values = params.map((v, i) => `${bind(v)}::${OUTBOX_CASTS[i]}`).join(', ');
  return `${name} AS (INSERT INTO audit_outbox (${OUTBOX_COLUMNS}) SELECT ${values} FROM ${from})`;
}

/** Marks a transaction whose commit should wake the chainer (see AuditService.record). */
const KICK_AFTER_COMMIT = 'audit.kickAfterCommit';

/**
 * Appends entries to the audit trail: one INSERT into audit_outbox, committed with the command it
 * records when the caller passes its EntityManager. The AuditChainer (one at a time across every
 * process) then gives each entry its place in its chain (chain_seq, prev_hash, hash) in audit_log,
 * which is all that readers, the verifier and the anchors see.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly pending = new Set<Promise<unknown>>();
  private readonly chainer: AuditChainer;

  constructor(@InjectDataSource() private readonly ds: DataSource, @Optional() chainer?: AuditChainer) {
    this.chainer = chainer ?? new AuditChainer(ds);
    // A transaction that recorded an entry wakes the chainer once it has committed.
    if (!ds.subscribers.some((s) => (s as { [KICK_AFTER_COMMIT]?: true })[KICK_AFTER_COMMIT])) {
      const kick: EntitySubscriberInterface & { [KICK_AFTER_COMMIT]: true } = {
        [KICK_AFTER_COMMIT]: true,
        afterTransactionCommit: (event) => {
          const data = event.queryRunner.data as Record<string, unknown>;
          const callbacks = data[KICK_AFTER_COMMIT] as (() => void)[] | undefined;
          if (callbacks) {
            delete data[KICK_AFTER_COMMIT];
            for (const cb of callbacks) cb();
            this.chainer.kick();
          }
        },
        afterTransactionRollback: (event) => {
          delete (event.queryRunner.data as Record<string, unknown>)[KICK_AFTER_COMMIT];
        },
      };
      ds.subscribers.push(kick);
    }
  }

  /**
   * Record one entry: a single INSERT into audit_outbox. With `manager` (a transactional
   * EntityManager) the entry commits or rolls back with the caller's transaction; without one it
   * is its own statement (autocommit). Throws when the row cannot be written.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<RecordedAudit> {
    return this.insert(entry, manager);
  }

  /** `record`, calling `onCommit` once the entry is committed (at once without a transaction). */
  async insert(entry: AuditEntry, manager?: EntityManager, onCommit?: () => void): Promise<RecordedAudit> {
    const { params, chain } = outboxValues(entry);
    const sql = `INSERT INTO audit_outbox (${OUTBOX_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15)
       RETURNING id`;
    const runner = manager?.queryRunner;
    if (runner?.isTransactionActive) {
      const [row] = (await manager!.query(sql, params)) as { id: string }[];
      const data = runner.data as Record<string, unknown>;
      const callbacks = (data[KICK_AFTER_COMMIT] as (() => void)[] | undefined) ?? [];
      if (onCommit) callbacks.push(onCommit);
      data[KICK_AFTER_COMMIT] = callbacks;
      return { id: String(row!.id), chain };
    }
    const [row] = (await this.ds.query(sql, params)) as { id: string }[];
    onCommit?.();
    this.chainer.kick();
    return { id: String(row!.id), chain };
  }

  /** An entry written by a caller's own statement (`auditOutboxPart`) has committed: wake the chainer. */
  committed(): void {
    this.chainer.kick();
  }

  /**
   * Fire-and-forget recording for the HTTP edge (refusals and failures, after the response): never
   * throws, logs a failure, and is awaited at shutdown so no row is lost when the process stops.
   */
  recordInBackground(entry: AuditEntry): void {
    const p = this.record(entry)
      .catch((err: unknown) => this.logger.error({ msg: 'audit row not written', action: entry.action, err: err instanceof Error ? err.message : String(err) }))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /**
   * The current HTTP request's entry (a successful command), written inside `manager` so it
   * commits with the command; the request's after-response entry is then not written. Outside an
   * HTTP request (the worker, the CLI) it does nothing. See AuditHttpRecorder.
   */
  async recordRequest(manager: EntityManager, options: RequestAuditOptions = {}): Promise<void> {
    await recordRequestAudit(manager, options);
  }

  /** Resolves when every background write has finished and every committed entry is chained. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.chainer.drain();
  }

  /** Chain what is pending now (the chainer's drain): the CLI and tests. */
  drain(options?: { batch?: number; timeoutMs?: number }): Promise<number> {
    return this.chainer.drain(options);
  }

  async beforeApplicationShutdown(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    // What this process recorded is chained before it stops; if that fails the entries stay
    // pending (committed) and the next chainer of any process takes them.
    await this.chainer.drain({ timeoutMs: 5_000 }).catch((err: unknown) =>
      this.logger.warn({ msg: 'audit entries left pending at shutdown', err: err instanceof Error ? err.message : String(err) }),
    );
  }

  /** Newest first, filtered by case, user and period; keyset pagination on id. */
  async list(filter: AuditListFilter): Promise<AuditPage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace(/\?1?/g, `$${params.length}`));
    };
    if (filter.caseId) add('case_id = ?', filter.caseId);
    if (filter.userId) add('actor_user_id = ?', filter.userId);
    if (filter.resourceType) add('resource_type = ?', filter.resourceType);
    if (filter.resourceId) add('resource_id = ?', filter.resourceId);
    if (filter.person)
      add(
        `case_id IN (SELECT pc.id FROM cases pc JOIN people pp ON pp.id = pc.person_id WHERE pp.name_search LIKE '%' || immutable_unaccent(lower(?)) || '%')`,
        filter.person,
      );
    if (filter.actor)
      add(
        `actor_user_id IN (SELECT au.id FROM users au LEFT JOIN people ap ON ap.id = au.person_id
           WHERE immutable_unaccent(lower(au.username)) LIKE '%' || immutable_unaccent(lower(?1)) || '%' OR ap.name_search LIKE '%' || immutable_unaccent(lower(?1)) || '%')`,
        filter.actor,
      );
    if (filter.action) add(`(action = ? OR starts_with(action, ?1 || '.'))`, filter.action);
    if (filter.scope) {
      const cases = filter.scope.organisations('c.organisation_id', params.length + 1);
      params.push(...cases.params);
      const orgs = filter.scope.organisations('o.id', params.length + 1);
      params.push(...orgs.params);
      where.push(
        `(case_id IN (SELECT c.id FROM cases c WHERE ${cases.sql})` +
          ` OR (case_id IS NULL AND details->>'organisationId' IN (SELECT o.id::text FROM organisations o WHERE ${orgs.sql})))`,
      );
    }
    if (filter.from) add('occurred_at >= ?', filter.from);
    if (filter.to) add('occurred_at < ?', filter.to);
    if (filter.cursor) add('id < ?', decodeCursor(filter.cursor));
    params.push(limit + 1);
    const rows = (await this.ds.query(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as AuditRow[];
    const items = rows.slice(0, limit).map(toRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}

export class AuditCursorError extends Error {
  readonly code = 'AUDIT.CURSOR';
}

function encodeCursor(id: string): string {
  return Buffer.from(`a:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^a:(\d{1,19})$/.exec(text);
  if (!m) throw new AuditCursorError('invalid audit cursor');
  return m[1]!;
}

/** audit_log as pg returns it. */
export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  case_id: string | null;
  outcome: AuditRecord['outcome'];
  status_code: number | null;
  details: AuditRecord['details'];
  chain: string;
  chain_seq: number;
  prev_hash: string;
  hash: string;
}

export function toRecord(r: AuditRow): AuditRecord {
  return {
    id: String(r.id),
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    sessionId: r.session_id,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    caseId: r.case_id,
    outcome: r.outcome,
    statusCode: r.status_code,
    details: r.details,
    chain: r.chain,
    chainSeq: r.chain_seq,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
