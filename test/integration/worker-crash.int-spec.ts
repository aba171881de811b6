import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { ensureServerBuilt } from '../support/dist.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { WORKER_ENTRY, spawnProduction, stopProcesses } from '../support/processes.js';
import { importedAtProbation, recordAll } from '../support/scenarios.js';
import { eventually } from '../support/worker.js';

/**
 * The worker process is killed with SIGKILL while it fires due deadlines; after a restart every
 * due deadline has produced exactly one case event (firing and the event commit together).
 */
describe('a worker killed while firing', () => {
  let t: TestApp;
  let admin: Client;
  let db: DataSource;
  const children: ChildProcess[] = [];
  const N = 40;

  beforeAll(async () => {
    ensureServerBuilt();
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-06-01T03:00:00Z' }).expect(200);
    for (let i = 0; i < N; i++) {
      const c = await openDemoCase(t.app, admin, seeded);
      const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
      await recordAll(admin, c.caseId, c.version, [importedAtProbation('2025-03-14', '2025-06-01', view.body.facts.org.competentBody)]);
    }
    // Every probation ended at 00:00 on 14 March 2026 (Hà Nội).
    await admin.post('/api/v1/admin/clock', { to: '2026-03-14T03:00:00Z' }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await stopProcesses(children, 'SIGKILL');
    await t?.close();
  });

  const startWorkerProcess = (): ChildProcess => {
    const child = spawnProduction(WORKER_ENTRY, t.config, {
      CLOCK_CONTROL: 'true',
      QUEUE_LOCK_DURATION_MS: '1000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    });
    children.push(child);
    return child;
  };

  const firedEvents = async (): Promise<number> =>
    Number((await db.query(`SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline.fired'`))[0].n);

  it('fires each due deadline exactly once across a SIGKILL and a restart', async () => {
    const first = startWorkerProcess();
    // Kill it in the middle: some deadlines fired, others not yet.
    await eventually(async () => (await firedEvents()) >= 3, 60_000, 20);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await firedEvents();
    expect(atKill).toBeLessThan(N);

    startWorkerProcess();
    await eventually(async () => (await firedEvents()) >= N, 60_000, 100);
    // Give a duplicate the chance to appear (stalled jobs re-run after the short lock).
    await new Promise((r) => setTimeout(r, 2_500));
    const perCase = await db.query(
      `SELECT c.id, count(e.id)::int AS fired FROM cases c
         LEFT JOIN case_events e ON e.case_id = c.id AND e.type = 'deadline.fired'
        WHERE c.state LIKE '%recognition%' OR e.id IS NOT NULL GROUP BY c.id`,
    );
    expect(perCase).toHaveLength(N);
    for (const row of perCase) expect(row.fired).toBe(1);
    const deadlines = await db.query(`SELECT status, count(*)::int AS n FROM deadlines WHERE timer_id = 'probationEnd' GROUP BY status`);
    expect(deadlines).toEqual([{ status: 'fired', n: N }]);
  }, 150_000);
});
