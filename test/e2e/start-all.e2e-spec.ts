import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { testRedisUrl } from '../support/config.js';
import { ensureServerBuilt } from '../support/dist.js';
import { PG_ADMIN_URL, assertTestDatabase, runId, withDatabase } from '../support/env.js';
import { freePort, stopProcesses } from '../support/processes.js';

/**
 * The local path of the README (issue 21): `npm run start:all` on a machine with PostgreSQL and
 * Redis, no `.env` and no database: it writes `.env` with fresh secrets, creates and migrates the
 * database, seeds the demo data and starts api + worker; a demo user then logs in.
 */
describe('npm run start:all on a bare machine', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kn-start-all-'));
  const envFile = path.join(dir, '.env');
  const dbName = `kn_test_${runId()}_startall_${randomBytes(3).toString('hex')}`;
  const dbUrl = withDatabase(PG_ADMIN_URL, dbName);
  let port = 0;
  let child: ChildProcess | undefined;
  let output = '';

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    return {
      ...e,
      ENV_FILE: envFile,
      NODE_ENV: 'development',
      DATABASE_URL: dbUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `test-startall-${randomBytes(3).toString('hex')}`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...extra,
    };
  };

  beforeAll(async () => {
    assertTestDatabase(dbName);
    ensureServerBuilt('dist/apps/cli/src/main.js');
    port = await freePort();
  }, 300_000);

  afterAll(async () => {
    if (child) await stopProcesses([child]);
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  }, 60_000);

  it('says which service is missing, where, and how to start it, and creates nothing', async () => {
    const r = spawnSync(process.execPath, ['scripts/start-all.mjs', '--no-build', '--check'], {
      env: env({ REDIS_URL: 'redis://127.0.0.1:1/0' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1/0');
    expect(r.stderr).toMatch(/redis-server|docker compose up -d postgres redis/);
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    const found = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName]);
    await c.end();
    expect(found.rowCount).toBe(0);
    rmSync(envFile, { force: true });
  });

  it('creates .env, the database and the demo data, starts, and a demo user logs in', async () => {
    expect(existsSync(envFile)).toBe(false);
    child = spawn(process.execPath, ['scripts/start-all.mjs', '--no-build'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`start:all exited ${child.exitCode}:\n${output}`);
      ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready).toBe(true);
    expect(output).toContain(`created database "${dbName}"`);
    expect(output).toContain('chiuy');

    const written = readFileSync(envFile, 'utf8');
    for (const key of ['AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY', 'IDENTITY_HMAC_KEY']) {
      expect(written).toMatch(new RegExp(`^${key}=[A-Za-z0-9+/]{43}=$`, 'm'));
    }

    // Demo data: no second factor, so even the administrator's demo login is one step (docs/security.md).
    expect(written).toMatch(/^MFA_REQUIRED_ROLES=$/m);
    const admin = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-password-2026' }),
    });
    expect(((await admin.json()) as { accessToken?: string }).accessToken).toEqual(expect.any(String));

    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'chiuy', password: 'demo-password-2026' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string };
    const cases = await fetch(`${base}/api/v1/cases`, { headers: { Authorization: `Bearer ${body.accessToken}` } });
    expect(cases.status).toBe(200);
    const list = (await cases.json()) as { items: unknown[] };
    expect(list.items.length).toBeGreaterThan(0);

    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));

    // A second run keeps the .env and does not seed a database that has data.
    const again = spawnSync(process.execPath, ['scripts/start-all.mjs', '--no-build', '--check'], { env: env(), encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe(written);
    expect(again.stdout).toContain('demo data not seeded');
  }, 180_000);
});
