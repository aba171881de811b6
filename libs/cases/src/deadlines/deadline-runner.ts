import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ClockService, Metrics } from '#platform';
import { getTimer, localDateInVietnam, overdueInstant, reminderInstant, takesEffectInstant, type LocalDate, type TimerId } from '#procedure';
import { QueueGateway } from '#scheduling';
import { CaseCommands } from '../commands/case-commands.service.js';
import { CaseRepository } from '../persistence/case.repository.js';
import { ARM_TOPIC } from './deadline-planner.js';

interface PendingDeadline {
  id: string;
  case_id: string;
  key: string;
  timer_id: TimerId;
  due_date: LocalDate | null;
  extended_to: LocalDate | null;
  reminders: { date: LocalDate; offset: number; unit: string }[];
  reminders_sent: LocalDate[];
  fence: number;
  status: string;
  responsible: string | null;
  organisation_id: string;
}

type Wake = { kind: 'reminder'; date: LocalDate; at: string } | { kind: 'due'; at: string };

/** Redis key whose absence means Redis lost its jobs (flush, failover): re-arm everything. */
const ARMED_MARKER = 'deadlines-armed';

/**
 * The worker's half of every legal timer. PostgreSQL's deadline rows are the truth and Redis only
 * the wake-up: a job carries (deadline, fence) and does nothing if the fence moved; firing and
 * reminding flip a row under a condition, so a job delivered twice has one effect; the sweeper
 * catches up from the database whatever Redis lost.
 */
@Injectable()
export class DeadlineRunner {
  private readonly logger = new Logger('Deadlines');
  private nextReconcileAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueGateway,
    private readonly clock: ClockService,
    private readonly commands: CaseCommands,
    private readonly cases: CaseRepository,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** The next thing this deadline must do, at or after nothing: reminders first, then the limit. */
  nextWake(d: Pick<PendingDeadline, 'timer_id' | 'due_date' | 'extended_to' | 'reminders' | 'reminders_sent'>): Wake | null {
    const sent = new Set(d.reminders_sent);
    const reminder = d.reminders.filter((r) => !sent.has(r.date)).sort((a, b) => (a.date < b.date ? -1 : 1))[0];
    if (reminder) return { kind: 'reminder', date: reminder.date, at: reminderInstant(reminder.date) };
    const limit = d.extended_to ?? d.due_date;
    if (!limit) return null;
    const kind = getTimer(d.timer_id).kind;
    return { kind: 'due', at: kind === 'milestone' ? takesEffectInstant(limit) : overdueInstant(limit) };
  }

  /** Relay outbox rows (claimed with SKIP LOCKED, never a high-water mark) to Bull. */
  async relayOutbox(batch = 200): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: { id: string; topic: string; payload: Record<string, unknown> }[] = await m.query(
        `SELECT id, topic, payload FROM outbox WHERE processed_at IS NULL AND available_at <= now()
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      for (const r of rows) {
        if (r.topic === ARM_TOPIC) await this.arm(String(r.payload.deadlineId), m);
        else if (r.topic === 'notify') await this.queue.add('case.notify', r.payload as never, { jobId: `notify:${r.id}` });
      }
      if (rows.length) await m.query(`UPDATE outbox SET processed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /**
   * Bring Redis in line with one deadline row (what every `deadline.arm` outbox row asks): a
   * pending deadline gets exactly one delayed job for its next wake, which replaces the job armed
   * for its previous version; a settled one (met, cancelled, fired) or one without a date loses its
   * job. So Redis holds one job per pending deadline, not one per version it ever had.
   * `again` arms a wake that fired early under a new id (the early job itself is still running).
   */
  async arm(deadlineId: string, m: EntityManager | DataSource = this.db, again = false): Promise<boolean> {
    const rows: PendingDeadline[] = await m.query(
      `SELECT d.*, c.organisation_id FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.id = $1 AND d.status = 'pending'`,
      [deadlineId],
    );
    const d = rows[0];
    const wake = d ? this.nextWake(d) : null;
    if (!d || !wake) {
      await this.queue.removeKeyed('deadline.wake', deadlineId);
      return false;
    }
    const now = (await this.clock.now()).getTime();
    await this.queue.replaceKeyed(
      'deadline.wake',
      d.id,
      { deadlineId: d.id, fence: d.fence },
      { jobId: `${wakeJobId(d, wake)}${again ? `:again-${now}` : ''}`, delayMs: Math.max(0, Date.parse(wake.at) - now) },
    );
    return true;
  }

  /**
   * A wake-up: do what is due now for this deadline (idempotently), then arm the next wake.
   * A stale fence (moved or cancelled deadline) does nothing.
   */
  async wake(deadlineId: string, fence: number): Promise<'stale' | 'early' | 'done'> {
    const now = await this.clock.now();
    const today = localDateInVietnam(now);
    const outcome = await this.db.transaction(async (m) => {
      // Lock order: the case row first, then its deadline, as a transition does (it updates the case,
      // then plans deadlines). The other order deadlocked a user's step against the worker's firing.
      await m.query(`SELECT c.id FROM cases c JOIN deadlines d ON d.case_id = c.id WHERE d.id = $1 FOR UPDATE OF c`, [deadlineId]);
      const rows: PendingDeadline[] = await m.query(
        `SELECT d.*, c.organisation_id FROM deadlines d JOIN cases c ON c.id = d.case_id
          WHERE d.id = $1 AND d.fence = $2 AND d.status = 'pending' FOR UPDATE OF d`,
        [deadlineId, fence],
      );
      const d = rows[0];
      if (!d) return 'stale' as const;
      let acted = false;
      // Reminders whose time has come (catching up several after an outage: one notification each).
      const sent = new Set(d.reminders_sent);
      for (const r of d.reminders) {
        if (sent.has(r.date) || Date.parse(reminderInstant(r.date)) > now.getTime()) continue;
        if (d.due_date && Date.parse(overdueInstant(d.extended_to ?? d.due_date)) <= now.getTime()) {
          // Past the limit already: a reminder would be noise; record it as skipped.
          await m.query(`UPDATE deadlines SET reminders_sent = reminders_sent || to_jsonb($2::text) WHERE id = $1`, [d.id, r.date]);
          continue;
        }
        await m.query(`UPDATE deadlines SET reminders_sent = reminders_sent || to_jsonb($2::text), updated_at = now() WHERE id = $1`, [d.id, r.date]);
        await this.outboxNotify(m, {
          caseId: d.case_id,
          to: 'CELL',
          template: 'deadline.reminder',
          params: { timerId: d.timer_id, due: d.extended_to ?? d.due_date, reminderDate: r.date, key: d.key },
          dedupe: `reminder:${d.id}:${r.date}`,
        });
        acted = true;
      }
      const limit = d.extended_to ?? d.due_date;
      const kind = getTimer(d.timer_id).kind;
      const dueAt = limit ? Date.parse(kind === 'milestone' ? takesEffectInstant(limit) : overdueInstant(limit)) : Infinity;
      if (dueAt <= now.getTime()) {
        await m.query(`UPDATE deadlines SET status = 'fired', fired_at = now(), fence = fence + 1, updated_at = now() WHERE id = $1`, [d.id]);
        this.metrics?.deadlineLateness.observe({ timer: d.timer_id }, Math.max(0, (now.getTime() - dueAt) / 1000));
        if (kind === 'milestone' || kind === 'window') {
          await this.commands.applySystemEvent(m, d.case_id, { type: 'deadline.fired', timerId: d.timer_id, key: d.key, dueDate: limit! });
        }
        if (kind === 'deadline') {
          await this.cases.openViolation(m, {
            caseId: d.case_id,
            organisationId: d.organisation_id,
            ruleId: 'PROC-DEADLINES',
            step: d.key,
            responsible: d.responsible,
            dueDate: limit,
            actualDate: null,
            details: { timerId: d.timer_id, overdueSince: today, escalated: true },
          });
          await m.query(`UPDATE deadlines SET escalated_at = now() WHERE id = $1`, [d.id]);
          await this.outboxNotify(m, {
            caseId: d.case_id,
            to: 'SUPERVISOR',
            template: 'deadline.escalation',
            params: { timerId: d.timer_id, due: limit, key: d.key, responsible: d.responsible },
            dedupe: `escalation:${d.id}`,
          });
        }
        if (kind === 'validity') {
          await this.outboxNotify(m, {
            caseId: d.case_id,
            to: 'CELL',
            template: 'deadline.expired',
            params: { timerId: d.timer_id, due: limit, key: d.key },
            dedupe: `expired:${d.id}`,
          });
        }
        await this.cases.refreshNextDue(m, d.case_id, today);
        // Settled: the relay removes its job (the sweeper may have fired it before the job came due).
        await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: d.id })]);
        return 'done' as const;
      }
      if (acted) {
        await m.query(`UPDATE deadlines SET fence = fence + 1 WHERE id = $1`, [d.id]);
        await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2)`, [ARM_TOPIC, JSON.stringify({ deadlineId: d.id })]);
        return 'done' as const;
      }
      return 'early' as const;
    });
    // Woken before its time (clocks apart): arm again under a new id, as this job still runs under the old one.
    if (outcome === 'early') await this.arm(deadlineId, this.db, true);
    return outcome;
  }

  private async outboxNotify(
    m: EntityManager,
    n: { caseId: string; to: string; template: string; params: Record<string, unknown>; dedupe: string },
  ): Promise<void> {
    await m.query(`INSERT INTO outbox (topic, payload) VALUES ('notify', $1)`, [JSON.stringify(n)]);
  }

  /**
   * The sweeper: fire every pending deadline whose moment has come (in due-date order), whether or
   * not a job did; when Redis has lost its jobs, re-arm every pending deadline; and, at most every
   * RECONCILE_EVERY_MS (or when asked), reconcile the delayed jobs with the pending deadlines.
   */
  async sweep(options: { batch?: number; reconcile?: boolean } = {}): Promise<{ woken: number; rearmed: number; removed: number; armed: number }> {
    const batch = options.batch ?? 500;
    const now = await this.clock.now();
    const today = localDateInVietnam(now);
    let woken = 0;
    for (;;) {
      const due: { id: string; fence: number }[] = await this.db.query(
        `SELECT id, fence FROM deadlines d
          WHERE status = 'pending' AND (
                COALESCE(extended_to, due_date) < $1::date
             OR (timer_id IN (SELECT unnest($2::text[])) AND COALESCE(extended_to, due_date) <= $1::date)
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(d.reminders) r
                         WHERE (r->>'date')::date <= $1::date AND NOT d.reminders_sent ? (r->>'date')))
          ORDER BY COALESCE(extended_to, due_date) NULLS LAST, id
          LIMIT $3`,
        [today, milestoneTimers(), batch],
      );
      let progressed = 0;
      for (const d of due) if ((await this.wake(d.id, d.fence)) === 'done') progressed++;
      woken += progressed;
      if (due.length < batch || progressed === 0) break;
    }
    let rearmed = 0;
    if (!(await this.queue.hasMarker(ARMED_MARKER))) {
      rearmed = await this.rearmAll();
      await this.queue.setMarker(ARMED_MARKER);
    }
    await this.relayOutbox();
    let removed = 0;
    let armed = 0;
    if (options.reconcile ?? Date.now() >= this.nextReconcileAt) {
      this.nextReconcileAt = Date.now() + RECONCILE_EVERY_MS;
      ({ removed, armed } = await this.reconcileJobs());
    }
    return { woken, rearmed, removed, armed };
  }

  /**
   * The backstop of "one delayed job per pending deadline", whatever the relay missed (a crash
   * between commit and relay, two relays racing, a job that failed and waits for its retry):
   * every delayed wake-up whose deadline is no longer pending, or whose fence moved, or that
   * duplicates its deadline's job, is removed; every pending deadline with a wake but no job is
   * armed. Reads Bull's delayed set (ids only) and the deadlines those ids name.
   */
  async reconcileJobs(batch = 5000): Promise<{ removed: number; armed: number }> {
    const ids = await this.queue.delayedJobIds(JOB_ID_PREFIX);
    const byDeadline = new Map<string, { jobId: string; fence: number }[]>();
    for (const jobId of ids) {
      const parsed = parseWakeJobId(jobId);
      if (!parsed) continue;
      const list = byDeadline.get(parsed.deadlineId) ?? [];
      list.push({ jobId, fence: parsed.fence });
      byDeadline.set(parsed.deadlineId, list);
    }
    let removed = 0;
    const kept = new Set<string>();
    const deadlineIds = [...byDeadline.keys()];
    for (let i = 0; i < deadlineIds.length; i += batch) {
      const chunk = deadlineIds.slice(i, i + batch);
      const pending: { id: string; fence: number }[] = await this.db.query(
        `SELECT id, fence FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
        [chunk],
      );
      const fences = new Map(pending.map((p) => [p.id, p.fence]));
      const indexed = await this.queue.keyedJobIds('deadline.wake', chunk);
      for (const [k, deadlineId] of chunk.entries()) {
        const fence = fences.get(deadlineId);
        const jobs = byDeadline.get(deadlineId)!;
        const current = jobs.filter((j) => j.fence === fence);
        // The one to keep: the job the index names, else the last armed of the current fence.
        const keep = current.find((j) => j.jobId === indexed[k]) ?? current[current.length - 1];
        for (const j of jobs) {
          if (j === keep) continue;
          if (await this.queue.removeJob(j.jobId)) removed++;
        }
        if (keep) {
          kept.add(deadlineId);
          if (indexed[k] !== keep.jobId) await this.queue.setKeyedJobId('deadline.wake', deadlineId, keep.jobId);
        }
      }
    }
    // Pending deadlines with a wake but no live job (neither delayed nor waiting/running).
    let armed = 0;
    for await (const rows of this.pendingInBatches(batch)) {
      const missing = rows.filter((d) => !kept.has(d.id) && this.nextWake(d) !== null);
      if (!missing.length) continue;
      const indexed = await this.queue.keyedJobIds('deadline.wake', missing.map((d) => d.id));
      for (const [k, d] of missing.entries()) {
        const jobId = indexed[k];
        if (jobId && parseWakeJobId(jobId)?.fence === d.fence && (await this.queue.hasJob(jobId))) continue;
        if (await this.arm(d.id)) armed++;
      }
    }
    if (removed || armed) this.logger.log({ msg: 'deadline jobs reconciled', removed, armed });
    return { removed, armed };
  }

  /** Re-arm one wake-up job per pending deadline (deterministic ids: already-armed ones are kept). */
  async rearmAll(batch = 5000): Promise<number> {
    const nowMs = (await this.clock.now()).getTime();
    let total = 0;
    for await (const rows of this.pendingInBatches(batch)) {
      const jobs = rows
        .map((d) => ({ d, wake: this.nextWake(d) }))
        .filter((x): x is { d: PendingDeadline; wake: Wake } => x.wake !== null)
        .map(({ d, wake }) => ({
          key: d.id,
          data: { deadlineId: d.id, fence: d.fence },
          options: { jobId: wakeJobId(d, wake), delayMs: Math.max(0, Date.parse(wake.at) - nowMs) },
        }));
      await this.queue.replaceKeyedBulk('deadline.wake', jobs);
      total += jobs.length;
    }
    this.logger.log({ msg: 'deadlines re-armed', count: total });
    return total;
  }

  /** Every pending deadline, `batch` at a time in id order (keyset pages, so no row is read twice). */
  private async *pendingInBatches(batch: number): AsyncGenerator<PendingDeadline[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: PendingDeadline[] = await this.db.query(
        `SELECT id, timer_id, due_date, extended_to, reminders, reminders_sent, fence FROM deadlines
          WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT $2`,
        [after, batch],
      );
      if (!rows.length) return;
      after = rows[rows.length - 1].id;
      yield rows;
    }
  }
}

const JOB_ID_PREFIX = 'dl:';

/**
 * How often the sweeper reconciles jobs with deadlines: it reads every delayed wake-up and every
 * pending deadline (about 70 µs per pending deadline on the 2-core machine, 3.5 s for 50,000), so
 * not on every 30-second sweep; the relay keeps the count exact in between.
 */
const RECONCILE_EVERY_MS = 10 * 60_000;

/** `dl:<deadline>:<fence>:<instant>`: deterministic, so arming the same wake twice keeps one job. */
function wakeJobId(d: Pick<PendingDeadline, 'id' | 'fence'>, wake: Wake): string {
  return `${JOB_ID_PREFIX}${d.id}:${d.fence}:${wake.at}`;
}

function parseWakeJobId(jobId: string): { deadlineId: string; fence: number } | null {
  const m = /^dl:([0-9a-f-]{36}):(\d+):/.exec(jobId);
  return m ? { deadlineId: m[1]!, fence: Number(m[2]) } : null;
}

function milestoneTimers(): string[] {
  return ['probationEnd'];
}
