import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { verifyAuditAt } from '../../libs/audit/src/index.js';
import { DEMO_PASSWORD } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { ensureServerBuilt } from '../support/dist.js';
import { login, seedDemo, type Client } from '../support/http.js';
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
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const N = 12;
  const WRITE_LIMIT = 5;

  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });

  const spawnProcess = (entry: string, extra: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        ENV_FILE: '/nonexistent',
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        RATE_LIMIT_PREFIX: `${t.config.QUEUE_PREFIX}-replicas`,
        RATE_LIMIT_WRITES_PER_MINUTE: String(WRITE_LIMIT),
        AUTH_TOKEN_SECRET: t.config.AUTH_TOKEN_SECRET,
        DATA_ENCRYPTION_KEY: t.config.DATA_ENCRYPTION_KEY,
        IDENTITY_HMAC_KEY: t.config.IDENTITY_HMAC_KEY,
        CLOCK_CONTROL: 'true',
        LOG_LEVEL: 'error',
        // The demo logins sign in with a password alone (no second factor), as in the demo data.
        MFA_REQUIRED_ROLES: '',
        METRICS_PORT: '0',
        WORKER_METRICS_PORT: '0',
        QUEUE_LOCK_DURATION_MS: '2000',
        QUEUE_STALLED_INTERVAL_MS: '2000',
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };

  const api = (i: number) => `http://127.0.0.1:${ports[i]}`;
  const call = (i: number, method: string, path: string, token?: string, body?: object) =>
    fetch(`${api(i)}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const signIn = async (i: number, username: string): Promise<string> => {
    const r = await call(i, 'POST', '/api/v1/auth/login', undefined, { username, password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    return ((await r.json()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    ensureServerBuilt('dist/apps/api/src/main.js');
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

    ports.push(await freePort(), await freePort());
    for (const port of ports) spawnProcess('dist/apps/api/src/main.js', { PORT: String(port) });
    for (let k = 0; k < 2; k++) spawnProcess('dist/apps/worker/src/main.js', {});
    for (let i = 0; i < 2; i++) {
      await eventually(() => call(i, 'GET', '/health/ready').then((r) => r.ok, () => false), 60_000, 250);
    }
  }, 240_000);

  afterAll(async () => {
    for (const c of children) {
      if (c.exitCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => c.once('exit', r));
      }
    }
    await t?.close();
  }, 60_000);

  it('a session opened on one API works on the other, and a logout on one ends it on both', async () => {
    const token = await signIn(0, 'chiuy');
    expect((await call(1, 'GET', '/api/v1/cases', token)).status).toBe(200);
    expect((await call(1, 'POST', '/api/v1/auth/logout', token)).status).toBeLessThan(300);
    expect((await call(0, 'GET', '/api/v1/cases', token)).status).toBe(401);
    expect((await call(1, 'GET', '/api/v1/cases', token)).status).toBe(401);
  });

  it('the write limit is one budget across both APIs', async () => {
    const token = await signIn(0, 'bantochuc');
    const statuses: number[] = [];
    for (let k = 0; k < WRITE_LIMIT + 2; k++) statuses.push((await call(k % 2, 'POST', '/api/v1/notifications/read-all', token)).status);
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
