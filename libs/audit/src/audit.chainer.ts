import { AsyncResource } from 'node:async_hooks';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, rowHash } from './audit.hash.js';
import type { AuditJson, AuditOutcome, HashedRowFields } from './audit.types.js';

/** One chainer at a time across every API and worker process (transaction-scoped advisory lock). */
export const CHAINER_LOCK_KEY = 'audit:chainer';
export const CHAIN_BATCH = 500;
/** How often a process looks for entries other processes recorded (its own writes kick it at once). */
export const CHAIN_POLL_MS = 1000;
/**
 * Batches start at most this often per process: a kick within it of the last batch's start waits
 * for the rest of it, so that under load one batch (five statements) chains the entries of many
 * commands instead of one each. A kick on an idle chainer runs at once.
 */
export const CHAIN_COALESCE_MS = 100;

interface OutboxRow {
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
  outcome: AuditOutcome;
  status_code: number | null;
  details: Record<string, AuditJson>;
  chain: string;
}

export interface ChainRun {
  /** False: another process held the chainer's lock; nothing was done. */
  locked: boolean;
  chained: number;
  /** The batch was full: more entries may be pending. */
  more?: boolean;
}

export class AuditChainTimeoutError extends Error {
  readonly code = 'AUDIT.UNAVAILABLE';
}

const COLUMNS = `id bigint, occurred_at timestamptz, actor_user_id uuid, actor_role text, session_id text, ip text, user_agent text,
  request_id text, action text, resource_type text, resource_id text, case_id uuid, outcome text, status_code int, details jsonb,
  chain text, chain_seq int, prev_hash text, hash text`;

/**
 * Moves recorded entries from audit_outbox into the hash-chained audit_log (docs/security.md,
 * "Audit trail"). Per batch, in one transaction: take the chainer's advisory lock (or leave: someone
 * else is chaining), read the oldest pending entries by id, read the heads of their chains, compute
 * chain_seq / prev_hash / hash in id order exactly as the verifier recomputes them, insert the rows,
 * move the heads and delete the entries. A process killed mid-batch leaves the batch pending, whole;
 * the next chainer redoes it from the same heads.
 */
@Injectable()
export class AuditChainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditChainer');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastStart = 0;
  private delayed: NodeJS.Timeout | null = null;
  /**
   * Runs a function in the context the chainer was made in (start-up), not in the request that woke
   * it: a batch chains many requests' entries and belongs to none of them (its statements and spans
   * are not the request's, and it holds no request's async context alive).
   */
  private readonly detached = AsyncResource.bind((fn: () => void) => fn());

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every process that records runs the loop (the API and the worker), so entries never wait on one. */
  onApplicationBootstrap(): void {
    this.start();
  }

  start(pollMs = CHAIN_POLL_MS): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.delayed) clearTimeout(this.delayed);
    this.timer = this.delayed = null;
    await this.running;
  }

  /** Chain soon (after a local write committed); coalesces kicks while a run is going on or waiting (CHAIN_COALESCE_MS). */
  kick(): void {
    this.detached(() => this.kickHere());
  }

  private kickHere(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.delayed) return;
    const wait = this.lastStart + CHAIN_COALESCE_MS - Date.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = null;
        if (!this.stopped) this.kickHere();
      }, wait);
      this.delayed.unref();
      return;
    }
    this.again = false;
    this.running = (async () => {
      try {
        for (;;) {
          this.lastStart = Date.now();
          const r = await this.runBatch();
          if (!r.more) break;
        }
      } catch (err) {
        if (!this.stopped) this.logger.error({ msg: 'audit chaining failed', err: err instanceof Error ? err.message : String(err) });
      } finally {
        this.running = null;
        // Entries committed meanwhile: the next batch, after the coalescing wait.
        if (this.again && !this.stopped) this.kickHere();
      }
    })();
  }

  /**
   * Chains until nothing committed is pending (tests, the CLI, shutdown). Waits for another process
   * holding the lock; throws after `timeoutMs` without progress.
   */
  async drain(options: { batch?: number; timeoutMs?: number } = {}): Promise<number> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    await this.running;
    let chained = 0;
    let deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.runBatch(options.batch);
      if (r.locked) {
        chained += r.chained;
        if (!r.more) return chained;
        deadline = Date.now() + timeoutMs;
        continue;
      }
      if (Date.now() > deadline) throw new AuditChainTimeoutError('audit chainer lock not obtained in time');
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }

  /**
   * One batch in one transaction of three statements: the chainer's lock; the oldest entries and
   * their chains' heads; then the rows, the heads and the removal in one writable-CTE statement. The
   * heads need no row lock: only the holder of the chainer's lock writes them. The lock is its own
   * statement on purpose: under READ COMMITTED a statement reads the snapshot taken when it began,
   * so a read in the statement that waited for the lock could still see the entries the previous
   * holder had just chained (seen as a duplicate audit_log id with several chainers under load).
   */
  async runBatch(batch = CHAIN_BATCH): Promise<ChainRun> {
    return this.ds.transaction('READ COMMITTED', async (m) => {
      const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [CHAINER_LOCK_KEY])) as { ok: boolean }[];
      if (!lock?.ok) return { locked: false, chained: 0 };
      const found = (await m.query(
        `SELECT o.*, h.last_seq AS head_seq, h.last_hash AS head_hash
         FROM (SELECT * FROM audit_outbox ORDER BY id LIMIT $1) o
         LEFT JOIN audit_chain_heads h ON h.chain = o.chain
         ORDER BY o.id`,
        [batch],
      )) as (OutboxRow & { head_seq: number | null; head_hash: string | null })[];
      const pending = found.filter((p) => p.id !== null);
      if (pending.length === 0) return { locked: true, chained: 0, more: false };
      const heads = new Map<string, { seq: number; hash: string }>();
      for (const p of pending) if (!heads.has(p.chain)) heads.set(p.chain, { seq: p.head_seq ?? 0, hash: p.head_hash ?? GENESIS_HASH });
      const rows = pending.map((p) => {
        const head = heads.get(p.chain)!;
        const fields: HashedRowFields = {
          occurredAt: p.occurred_at,
          actorUserId: p.actor_user_id,
          actorRole: p.actor_role,
          sessionId: p.session_id,
          ip: p.ip,
          userAgent: p.user_agent,
          requestId: p.request_id,
          action: p.action,
          resourceType: p.resource_type,
          resourceId: p.resource_id,
          caseId: p.case_id,
          outcome: p.outcome,
          statusCode: p.status_code,
          details: p.details,
          chain: p.chain,
          chainSeq: head.seq + 1,
          prevHash: head.hash,
        };
        const hash = rowHash(fields);
        heads.set(p.chain, { seq: fields.chainSeq, hash });
        return {
          id: String(p.id),
          occurred_at: p.occurred_at.toISOString(),
          actor_user_id: p.actor_user_id,
          actor_role: p.actor_role,
          session_id: p.session_id,
          ip: p.ip,
          user_agent: p.user_agent,
          request_id: p.request_id,
          action: p.action,
          resource_type: p.resource_type,
          resource_id: p.resource_id,
          case_id: p.case_id,
          outcome: p.outcome,
          status_code: p.status_code,
          details: p.details,
          chain: p.chain,
          chain_seq: fields.chainSeq,
          prev_hash: fields.prevHash,
          hash,
        };
      });
      const chains = [...heads.keys()];
      await m.query(
        `WITH logged AS (
           INSERT INTO audit_log (id, occurred_at, actor_user_id, actor_role, session_id, ip, user_agent, request_id, action, resource_type,
             resource_id, case_id, outcome, status_code, details, chain, chain_seq, prev_hash, hash)
           SELECT id, occurred_at, actor_user_id, actor_role, session_id, ip, user_agent, request_id, action, resource_type,
             resource_id, case_id, outcome, status_code, details, chain, chain_seq, prev_hash, hash
           FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS}) ORDER BY chain, chain_seq
           RETURNING id
         ), moved AS (
           INSERT INTO audit_chain_heads AS h (chain, last_seq, last_hash) SELECT * FROM unnest($2::text[], $3::int[], $4::text[])
           ON CONFLICT (chain) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash, updated_at = now()
           RETURNING 1
         )
         DELETE FROM audit_outbox WHERE id IN (SELECT id FROM logged)`,
        [JSON.stringify(rows), chains, chains.map((c) => heads.get(c)!.seq), chains.map((c) => heads.get(c)!.hash)],
      );
      return { locked: true, chained: rows.length, more: rows.length === batch };
    });
  }

  /** Pending entries and the age of the oldest (the backlog gauges). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [r] = (await this.ds.query(
      `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS s FROM audit_outbox`,
    )) as { n: number; s: number }[];
    return { pending: r?.n ?? 0, oldestAgeSeconds: r?.s ?? 0 };
  }
}
