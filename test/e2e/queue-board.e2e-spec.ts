import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureServerBuilt } from '../support/dist.js';
import { seedDemo } from '../support/http.js';
import { eventually } from '../support/worker.js';

/**
 * Bull Board cannot load inside Jest (CommonJS requiring the ESM-only Nest; stack.md), so this test
 * runs what production runs: the compiled API (`dist/apps/api/src/main.js`) on a migrated test
 * database, which mounts the board at /api/v1/admin/queues behind queue-board-auth.ts.
 */
describe('Bull Board in the compiled API', () => {
  let t: TestApp;
  let child: ChildProcess;
  let base: string;
  const BOARD = '/api/v1/admin/queues';

  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
  const signIn = async (username: string): Promise<string> => {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    expect(r.status).toBe(200);
    const { accessToken } = (await r.json()) as { accessToken?: string };
    expect(accessToken).toEqual(expect.any(String));
    return accessToken!;
  };
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    const entry = ensureServerBuilt('dist/apps/api/src/main.js');
    t = await startTestApp();
    await seedDemo(t.app);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        ENV_FILE: '/nonexistent',
        PORT: String(port),
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        RATE_LIMIT_PREFIX: `${t.config.QUEUE_PREFIX}-board`,
        AUTH_TOKEN_SECRET: t.config.AUTH_TOKEN_SECRET,
        DATA_ENCRYPTION_KEY: t.config.DATA_ENCRYPTION_KEY,
        IDENTITY_HMAC_KEY: t.config.IDENTITY_HMAC_KEY,
        LOG_LEVEL: 'error',
        METRICS_PORT: '0',
        // As in every test (test/support/config.ts): no second factor, so the admin signs in with a password.
        MFA_REQUIRED_ROLES: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await eventually(() => get('/health/ready').then((r) => r.ok, () => false), 60_000, 250);
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await t?.close();
  }, 60_000);

  it('answers readiness from the compiled build in the same shape (terminus under CommonJS)', async () => {
    const r = await get('/health/ready');
    expect(await r.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } });
  });

  it('answers 401 problem+json without a token or with a forged one, pages and assets alike', async () => {
    for (const path of [BOARD, `${BOARD}/`, `${BOARD}/api/queues`, `${BOARD}/static/js/main.js`]) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 401]);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(await r.json()).toMatchObject({ status: 401, titleEn: 'Not authenticated' });
    }
    expect((await get(BOARD, { Authorization: 'Bearer not.a.token' })).status).toBe(401);
  });

  it('answers 403 to a signed-in user who is not a global administrator', async () => {
    const token = await signIn('chiuy');
    expect((await get(BOARD, { Authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it('serves the board to a global administrator, by header or by the board cookie, with the queue listed', async () => {
    const token = await signIn('admin');
    const page = await get(`${BOARD}/`, { Authorization: `Bearer ${token}` });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toMatch(/<html/i);
    const api = await get(`${BOARD}/api/queues`, { Cookie: `kn_board_token=${token}` });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.length).toBeGreaterThan(0);
    expect(body.queues.every((q) => typeof q.name === 'string')).toBe(true);
  });
});
