import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { QueueGateway } from '../../libs/scheduling/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { s1Events } from '../support/scenarios.js';
import { eventually, startTestWorker } from '../support/worker.js';

interface DeadlineRow {
  id: string;
  case_id: string;
  key: string;
  fence: number;
  status: string;
  due_date: string | null;
  extended_due_date: string | null;
  extended_to: string | null;
  reminders: unknown[];
}

/**
 * "One delayed job per pending deadline" (issue 15): after a mixed run (deadlines settled by acts,
 * extended, fired by the sweeper, reminders sent, Redis flushed and re-armed) and once the outbox
 * relay has drained, Redis holds exactly one delayed wake-up per pending deadline, for its current
 * fence, and none for a settled one. Real API, worker, PostgreSQL and Redis; the clock is moved.
 */
describe('deadline jobs in Redis', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Client;
  let db: DataSource;
  let runner: DeadlineRunner;
  let queue: QueueGateway;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  let competentBody: { id: string; kind: string };
  const setClock = (iso: string) => admin.post('/api/v1/admin/clock', { to: iso }).expect(200);
  const events = () => s1Events(competentBody) as { type: string }[];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    await topUpRoll(db, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    await flushRedis();
    // The relay runs every 100 ms; the sweeper only when the test calls it.
    worker = await startTestWorker(t.config, { relayMs: 100, sweepMs: 3_600_000 });
    runner = worker.get(DeadlineRunner);
    queue = worker.get(QueueGateway);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** FLUSHDB on this Jest worker's own Redis database (never FLUSHALL). */
  const flushRedis = async () => {
    const r = new Redis(t.config.REDIS_URL);
    try {
      await r.flushdb();
    } finally {
      r.disconnect();
    }
  };

  /** The relay has taken every outbox row and the worker has run every due job. */
  const drained = () =>
    eventually(
      async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`);
        const c = await queue.counts();
        return n === 0 && c.waiting === 0 && c.active === 0;
      },
      60_000,
      100,
    );

  /** Delayed deadline jobs by deadline id, with their fences. */
  const delayedByDeadline = async () => {
    const byDeadline = new Map<string, number[]>();
    const ids = await queue.delayedJobIds('dl:');
    for (const id of ids) {
      const [, deadlineId, fence] = id.split(':');
      byDeadline.set(deadlineId!, [...(byDeadline.get(deadlineId!) ?? []), Number(fence)]);
    }
    return { total: ids.length, byDeadline };
  };

  /** The invariant: the delayed jobs are exactly one per pending deadline, each for the row's fence. */
  const expectOneJobPerPendingDeadline = async () => {
    await drained();
    const pending: DeadlineRow[] = await db.query(`SELECT * FROM deadlines WHERE status = 'pending' ORDER BY id`);
    // Every pending deadline of these cases has a date, so each has a next wake.
    expect(pending.every((d) => d.due_date !== null)).toBe(true);
    const { total, byDeadline } = await delayedByDeadline();
    const wrong = pending.filter((d) => JSON.stringify(byDeadline.get(d.id) ?? []) !== JSON.stringify([d.fence]));
    const orphans = [...byDeadline.keys()].filter((id) => !pending.some((d) => d.id === id));
    expect({ wrong: wrong.map((d) => `${d.key}:${d.fence}→${byDeadline.get(d.id)}`), orphans }).toEqual({ wrong: [], orphans: [] });
    expect(total).toBe(pending.length);
    return { pending: pending.length, delayed: total };
  };

  const statusCounts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await db.query(`SELECT status, count(*)::int AS n FROM deadlines GROUP BY status`)).map((r: { status: string; n: number }) => [r.status, r.n]),
    );

  const settled = (counts: Record<string, number>) => (counts.met ?? 0) + (counts.cancelled ?? 0);

  /** Records the S-1 events up to `upTo` (exclusive) for each case, moving the clock to each act's date. */
  async function recordTimeline(cases: { caseId: string; version: number; upTo: number; from?: number }[], sweepEachStep: boolean) {
    const all = events();
    const max = Math.max(...cases.map((c) => c.upTo));
    for (let i = Math.min(...cases.map((c) => c.from ?? 0)); i < max; i++) {
      const e = all[i] as Record<string, unknown>;
      const date = actDate(e);
      await setClock(`${date}T03:00:00Z`);
      if (sweepEachStep) await runner.sweep();
      for (const c of cases) {
        if (i < (c.from ?? 0) || i >= c.upTo) continue;
        const res = await admin.post(`/api/v1/cases/${c.caseId}/events`, e, { 'If-Match': `"${c.version}"` });
        if (res.status !== 200) throw new Error(`${e.type}: ${res.status} ${JSON.stringify(res.body).slice(0, 800)}`);
        c.version = res.body.version;
      }
    }
  }

  it('after settle, extend, fire, reminders and re-arm after FLUSHDB: one delayed job per pending deadline', async () => {
    await setClock('2025-01-05T03:00:00Z');
    const first = await openDemoCase(t.app, admin, seeded);
    competentBody = (await admin.get(`/api/v1/cases/${first.caseId}`).expect(200)).body.facts.org.competentBody;
    // Sixteen cases, two stopping at each of eight steps of S-1: each act settles some deadlines and opens others.
    const stops = [2, 4, 6, 8, 11, 12, 14, 16];
    const cases = [{ ...first, upTo: stops[0]! }];
    for (const [i, upTo] of [...stops, ...stops].entries()) if (i > 0) cases.push({ ...(await openDemoCase(t.app, admin, seeded)), upTo });
    await recordTimeline(cases, true);
    const afterActs = await statusCounts();
    // Settled: met (the act the deadline waited for was recorded) or cancelled (no longer applies).
    expect(afterActs.met).toBeGreaterThan(0);
    expect(settled(afterActs)).toBeGreaterThan(0);
    expect(afterActs.pending).toBeGreaterThan(0);
    await expectOneJobPerPendingDeadline();

    // Extensions within the legal maximum (each bumps the fence and re-arms).
    const extendable: DeadlineRow[] = await db.query(
      `SELECT * FROM deadlines WHERE status = 'pending' AND extended_due_date > due_date AND extended_to IS NULL ORDER BY id`,
    );
    expect(extendable.length).toBeGreaterThan(0);
    for (const d of extendable) {
      await admin.post(`/api/v1/cases/${d.case_id}/deadlines/${d.key}/extend`, { to: d.extended_due_date!, reason: 'Gia hạn để kiểm thử / extended for the test' }).expect(200);
    }
    await expectOneJobPerPendingDeadline();

    // Redis loses everything; the sweeper re-arms from PostgreSQL.
    await flushRedis();
    const [{ n: pendingNow }] = await db.query(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'pending'`);
    const { rearmed } = await runner.sweep();
    expect(rearmed).toBe(pendingNow);
    await expectOneJobPerPendingDeadline();

    // After the re-arm, without the sweeper's backstop: acts settle deadlines, an extension moves
    // one, and deadlines are fired (as the sweeper fires them: wake() on overdue rows whose job has
    // not come due). Only the relay keeps Redis in line.
    await setClock('2025-01-05T03:00:00Z');
    const late = [{ ...(await openDemoCase(t.app, admin, seeded)), upTo: 10 }];
    const before = settled(await statusCounts());
    await recordTimeline(late, false);
    // Cases that stopped early continue one step (settling what their next act meets).
    const resumed = cases.filter((c) => c.upTo <= 6).map((c) => ({ ...c, from: c.upTo, upTo: c.upTo + 1 }));
    await recordTimeline(resumed, false);
    expect(settled(await statusCounts())).toBeGreaterThan(before);
    const more: DeadlineRow[] = await db.query(
      `SELECT * FROM deadlines WHERE status = 'pending' AND extended_due_date > due_date AND extended_to IS NULL ORDER BY id LIMIT 1`,
    );
    for (const d of more) await admin.post(`/api/v1/cases/${d.case_id}/deadlines/${d.key}/extend`, { to: d.extended_due_date!, reason: 'Gia hạn sau khi nạp lại / after the re-arm' }).expect(200);

    // Reminders and the end of probation of the cases that reached it; everything else overdue is fired.
    await setClock('2026-11-06T17:00:30Z');
    const overdue: { id: string }[] = await db.query(
      `SELECT id FROM deadlines WHERE status = 'pending'
          AND (COALESCE(extended_to, due_date) < DATE '2026-11-07' OR (timer_id = 'probationEnd' AND due_date <= DATE '2026-11-07'))
        ORDER BY id`,
    );
    expect(overdue.length).toBeGreaterThan(0);
    const firedBefore = (await statusCounts()).fired ?? 0;
    let done = 0;
    for (const { id } of overdue) {
      // Firing one (the end of probation) may settle others of its case: wake each at its current fence.
      const [row] = await db.query(`SELECT fence, status FROM deadlines WHERE id = $1`, [id]);
      if (row.status === 'pending' && (await runner.wake(id, row.fence)) === 'done') done++;
    }
    expect(done).toBeGreaterThan(0);
    expect((await statusCounts()).fired).toBeGreaterThan(firedBefore);
    const final = await expectOneJobPerPendingDeadline();
    // The backstop finds nothing to do: the relay alone kept one job per pending deadline.
    expect(await runner.reconcileJobs()).toEqual({ removed: 0, armed: 0 });

    // The figure for docs/operations.md.
    const all = await statusCounts();
    process.stdout.write(
      `deadline jobs: ${final.delayed} delayed jobs for ${final.pending} pending deadlines (${(final.delayed / Math.max(1, final.pending)).toFixed(2)} per pending deadline); deadlines ${JSON.stringify(all)}\n`,
    );
  }, 300_000);

  it('the sweeper is the backstop: it removes jobs of settled or moved deadlines and arms a pending one that lost its job', async () => {
    await drained();
    const pending: DeadlineRow[] = await db.query(`SELECT * FROM deadlines WHERE status = 'pending' ORDER BY id LIMIT 2`);
    const settled: DeadlineRow[] = await db.query(`SELECT * FROM deadlines WHERE status <> 'pending' ORDER BY id LIMIT 1`);
    expect(pending).toHaveLength(2);
    expect(settled).toHaveLength(1);
    const [kept, lost] = pending as [DeadlineRow, DeadlineRow];
    // What a crash between commit and relay, or two relays racing, could leave behind:
    await queue.add('deadline.wake', { deadlineId: settled[0]!.id, fence: settled[0]!.fence }, { jobId: `dl:${settled[0]!.id}:${settled[0]!.fence}:2030-01-01T00:00:00.000Z`, delayMs: 3_600_000 });
    await queue.add('deadline.wake', { deadlineId: kept.id, fence: kept.fence - 1 }, { jobId: `dl:${kept.id}:${kept.fence - 1}:2030-01-01T00:00:00.000Z`, delayMs: 3_600_000 });
    await queue.add('deadline.wake', { deadlineId: kept.id, fence: kept.fence }, { jobId: `dl:${kept.id}:${kept.fence}:2030-01-02T00:00:00.000Z`, delayMs: 3_600_000 });
    expect(await queue.removeKeyed('deadline.wake', lost.id)).toBe(true);
    const { total } = await delayedByDeadline();

    const { removed, armed } = await runner.sweep({ reconcile: true });
    expect({ removed, armed }).toEqual({ removed: 3, armed: 1 });
    expect((await delayedByDeadline()).total).toBe(total - 3 + 1);
    await expectOneJobPerPendingDeadline();
  }, 120_000);
});

/** The date an S-1 act happens on (the clock is set to it before recording). */
function actDate(e: Record<string, unknown>): string {
  for (const k of ['resolutionDate', 'issuedOn', 'decisionDate', 'date', 'receivedOn', 'answeredOn', 'signedOn', 'heldOn']) {
    if (typeof e[k] === 'string') return e[k] as string;
  }
  const vote = e.vote as { meetingDate?: string } | undefined;
  if (vote?.meetingDate) return vote.meetingDate;
  if (typeof e.letterDate === 'string') return e.letterDate;
  throw new Error(`no date in ${String(e.type)}`);
}
