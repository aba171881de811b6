import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedDemo } from '../support/http.js';
import { startReplicas, type Replicas } from '../support/processes.js';

/**
 * Bull Board cannot load inside Jest (CommonJS requiring the ESM-only Nest; stack.md), so this test
 * runs what production runs: the compiled API (`dist/apps/api/src/main.js`) on a migrated test
 * database, which mounts the board at /api/v1/admin/queues behind queue-board-auth.ts.
 */
describe('Bull Board in the compiled API', () => {
  let t: TestApp;
  let api: Replicas;
  const BOARD = '/api/v1/admin/queues';

  const signIn = (username: string) => api.signIn(0, username);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url(0)}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    api = await startReplicas(t, { apis: 1, env: { RATE_LIMIT_PREFIX: `${t.config.QUEUE_PREFIX}-board` } });
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
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
