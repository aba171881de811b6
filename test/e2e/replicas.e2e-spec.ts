import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { verifyAuditAt } from '../../libs/audit/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { startReplicas, type Replicas } from '../support/processes.js';
import { importedAtProbation, recordAll } from '../support/scenarios.js';
import { eventually } from '../support/worker.js';

/**
 * More than one of each (issue 21): two API processes and two worker processes of the production
 * build on one database and one Redis. Sessions are valid on both APIs and a logout on one ends
 * them on the other; the write limit is one budget across both; each due deadline fires exactly
 * once and each notification is written once; the audit chain verifies.
 */
describe('two APIs and two workers on one database and one Redis', () => {
  let t: TestApp;
  let db: DataSource;
  let apis: Replicas;
  const N = 12;
  const WRITE_LIMIT = 5;

  beforeAll(async () => {
    // The cases are prepared in-process (no worker runs there): N probations that end on 14/03/2026.
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    const admin: Client = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-06-01T03:00:00Z' }).expect(200);
    for (let i = 0; i < N; i++) {
      const c = await openDemoCase(t.app, admin, seeded);
      const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
      await recordAll(admin, c.caseId, c.version, [importedAtProbation('2025-03-14', '2025-06-01', view.body.facts.org.competentBody)]);
    }
    await admin.post('/api/v1/admin/clock', { to: '2026-03-14T03:00:00Z' }).expect(200);

    apis = await startReplicas(t, {
      apis: 2,
      workers: 2,
      env: {
        RATE_LIMIT_PREFIX: `${t.config.QUEUE_PREFIX}-replicas`,
        RATE_LIMIT_WRITES_PER_MINUTE: String(WRITE_LIMIT),
        CLOCK_CONTROL: 'true',
        QUEUE_LOCK_DURATION_MS: '2000',
        QUEUE_STALLED_INTERVAL_MS: '2000',
      },
    });
  }, 240_000);

  afterAll(async () => {
    await apis?.stop();
    await t?.close();
  }, 60_000);

  it('a session opened on one API works on the other, and a logout on one ends it on both', async () => {
    const token = await apis.signIn(0, 'chiuy');
    expect((await apis.call(1, 'GET', '/api/v1/cases', token)).status).toBe(200);
    expect((await apis.call(1, 'POST', '/api/v1/auth/logout', token)).status).toBeLessThan(300);
    expect((await apis.call(0, 'GET', '/api/v1/cases', token)).status).toBe(401);
    expect((await apis.call(1, 'GET', '/api/v1/cases', token)).status).toBe(401);
  });

  it('the write limit is one budget across both APIs', async () => {
    const token = await apis.signIn(0, 'bantochuc');
    const statuses: number[] = [];
    for (let k = 0; k < WRITE_LIMIT + 2; k++) statuses.push((await apis.call(k % 2, 'POST', '/api/v1/notifications/read-all', token)).status);
    expect(statuses.slice(0, WRITE_LIMIT).every((s) => s < 300)).toBe(true);
    expect(statuses.slice(WRITE_LIMIT)).toEqual([429, 429]);
  });

  it('each due deadline fires exactly once, each notification is written once, the audit chain verifies', async () => {
    const fired = async () => Number((await db.query(`SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline.fired'`))[0].n);
    await eventually(async () => (await fired()) >= N, 90_000, 200);
    // Give a duplicate the chance to appear (two workers, short locks: stalled jobs re-run).
    await new Promise((r) => setTimeout(r, 4_000));
    const perCase: { fired: number }[] = await db.query(
      `SELECT count(*)::int AS fired FROM case_events WHERE type = 'deadline.fired' GROUP BY case_id`,
    );
    expect(perCase).toHaveLength(N);
    for (const row of perCase) expect(row.fired).toBe(1);
    const deadlines = await db.query(`SELECT status, count(*)::int AS n FROM deadlines WHERE timer_id = 'probationEnd' GROUP BY status`);
    expect(deadlines).toEqual([{ status: 'fired', n: N }]);

    const notes: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(notes[0]!.n).toBeGreaterThan(0);
    const twice = await db.query(`SELECT user_id, idempotency_key, count(*)::int AS n FROM notifications GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(twice).toEqual([]);

    const verification = await verifyAuditAt(t.config.DATABASE_URL);
    expect(verification.ok).toBe(true);
  }, 150_000);
});
