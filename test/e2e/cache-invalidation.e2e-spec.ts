import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { todayInVietnam } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { seedDemo } from '../support/http.js';
import { startReplicas, type Replicas } from '../support/processes.js';
import { eventually } from '../support/worker.js';

/**
 * Sessions, grants, organisation settings and roll-up are cached in each API process (issue 20,
 * item 3) and dropped on every instance at once through Redis when they change. Two API processes
 * of the production build share one database and one Redis; the caches' TTL is set to 10 minutes,
 * so whatever stops working below stops because the invalidation reached the other instance, not
 * because an entry expired. A change written behind the services' back (plain SQL, no message)
 * is shown NOT to be seen while cached: the caches are really in use.
 */
describe('caches dropped on every API instance at once', () => {
  let t: TestApp;
  let db: DataSource;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  let caseId: string;
  let apis: Replicas;

  const scopesOf = async (i: number, token: string): Promise<{ role: string; organisationId: string | null }[]> => {
    const r = await apis.call(i, 'GET', '/api/v1/auth/me', token);
    expect(r.status).toBe(200);
    return ((await r.json()) as { scopes: { role: string; organisationId: string | null }[] }).scopes;
  };

  /** A fresh user holding the cell committee role over the case's cell, created through API 0. */
  const newCellUser = async (admin: string, name: string): Promise<{ id: string; grantId: string; password: string }> => {
    const password = 'cache-test-password-2026';
    const u = await apis.call(0, 'POST', '/api/v1/admin/users', admin, { username: name, password });
    expect(u.status).toBe(201);
    const id = ((await u.json()) as { id: string }).id;
    const g = await apis.call(0, 'POST', `/api/v1/admin/users/${id}/grants`, admin, {
      role: 'cellCommittee',
      organisationId: seeded.organisations['DEMO-CB-SINHVIEN'],
      validFrom: '2020-01-01',
    });
    expect(g.status).toBe(201);
    return { id, grantId: ((await g.json()) as { id: string }).id, password };
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    const { login } = await import('../support/http.js');
    const admin = await login(t.app, 'admin');
    caseId = (await openDemoCase(t.app, admin, seeded)).caseId;

    apis = await startReplicas(t, {
      apis: 2,
      env: {
        RATE_LIMIT_PREFIX: `${t.config.QUEUE_PREFIX}-cache`,
        RATE_LIMIT_WRITES_PER_MINUTE: '100000',
        // Far longer than the test: only an invalidation can make a change visible.
        CACHE_TTL_SECONDS: '600',
      },
    });
    // Both subscribed: a cached session answers on API 1 (warm it, then change it behind its back).
    const probe = await apis.signIn(0, 'admin');
    await eventually(async () => (await apis.call(1, 'GET', '/api/v1/auth/me', probe)).status === 200, 10_000, 100);
  }, 240_000);

  afterAll(async () => {
    await apis?.stop();
    await t?.close();
  }, 60_000);

  it('a grant ended on one instance stops working at once on the other', async () => {
    const admin = await apis.signIn(0, 'admin');
    const u = await newCellUser(admin, 'cache-grant');
    const token = await apis.signIn(1, 'cache-grant', u.password);
    // Warm API 1's cache: the grant is in force and the cell's case is visible.
    expect(await scopesOf(1, token)).toHaveLength(1);
    expect((await apis.call(1, 'GET', `/api/v1/cases/${caseId}`, token)).status).toBe(200);

    // Behind the services' back (no message): API 1 keeps answering from its cache.
    await db.query(`UPDATE role_grants SET valid_to = '2020-06-01' WHERE id = $1`, [u.grantId]);
    expect(await scopesOf(1, token)).toHaveLength(1);
    await db.query(`UPDATE role_grants SET valid_to = NULL WHERE id = $1`, [u.grantId]);

    // Through the API on instance 0: instance 1 drops it before the next request.
    expect((await apis.call(0, 'POST', `/api/v1/admin/users/grants/${u.grantId}/end`, admin, { validTo: todayInVietnam() })).status).toBe(201);
    expect(await scopesOf(1, token)).toEqual([]);
    expect((await apis.call(1, 'GET', `/api/v1/cases/${caseId}`, token)).status).toBe(404);

    // A new grant is seen at once too.
    const again = await apis.call(0, 'POST', `/api/v1/admin/users/${u.id}/grants`, admin, {
      role: 'cellCommittee',
      organisationId: seeded.organisations['DEMO-CB-SINHVIEN'],
      validFrom: '2020-01-01',
    });
    expect(again.status).toBe(201);
    expect((await apis.call(1, 'GET', `/api/v1/cases/${caseId}`, token)).status).toBe(200);
  });

  it('a user disabled on one instance is signed out at once on the other', async () => {
    const admin = await apis.signIn(0, 'admin');
    const u = await newCellUser(admin, 'cache-disable');
    const token = await apis.signIn(0, 'cache-disable', u.password);
    for (const i of [0, 1]) expect((await apis.call(i, 'GET', `/api/v1/cases/${caseId}`, token)).status).toBe(200);

    // Disabled by plain SQL (no message): still served from the cache on both.
    await db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [u.id]);
    expect((await apis.call(1, 'GET', '/api/v1/auth/me', token)).status).toBe(200);
    await db.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [u.id]);

    expect((await apis.call(0, 'POST', `/api/v1/admin/users/${u.id}/disable`, admin)).status).toBe(200);
    expect((await apis.call(1, 'GET', '/api/v1/auth/me', token)).status).toBe(401);
    expect((await apis.call(0, 'GET', '/api/v1/auth/me', token)).status).toBe(401);
  });

  it('a logout on one instance ends the session on the other, and only that session', async () => {
    const admin = await apis.signIn(0, 'admin');
    const u = await newCellUser(admin, 'cache-logout');
    const token = await apis.signIn(0, 'cache-logout', u.password);
    const other = await apis.signIn(1, 'cache-logout', u.password);
    for (const i of [0, 1]) {
      expect((await apis.call(i, 'GET', '/api/v1/auth/me', token)).status).toBe(200);
      expect((await apis.call(i, 'GET', '/api/v1/auth/me', other)).status).toBe(200);
    }
    expect((await apis.call(0, 'POST', '/api/v1/auth/logout', token)).status).toBeLessThan(300);
    expect((await apis.call(1, 'GET', '/api/v1/auth/me', token)).status).toBe(401);
    expect((await apis.call(0, 'GET', '/api/v1/auth/me', token)).status).toBe(401);
    // The user's other session goes on.
    expect((await apis.call(1, 'GET', '/api/v1/auth/me', other)).status).toBe(200);
  });

  it('organisation settings changed on one instance are in force at once on the other', async () => {
    const admin = await apis.signIn(0, 'admin');
    const cell = seeded.organisations['DEMO-CB-SINHVIEN']!;
    const read = async (i: number) => {
      const r = await apis.call(i, 'GET', `/api/v1/admin/organisations/${cell}/settings?asOf=2026-01-01`, admin);
      expect(r.status).toBe(200);
      return (await r.json()) as { tradeUnionPathPastYouth: boolean };
    };
    expect((await read(1)).tradeUnionPathPastYouth).toBe(false);
    // Plain SQL, no message: API 1 still answers from its cache.
    await db.query(`INSERT INTO organisation_settings (organisation_id, valid_from, settings) VALUES ($1, '2024-01-01', '{"tradeUnionPathPastYouth": true}'::jsonb)`, [cell]);
    expect((await read(1)).tradeUnionPathPastYouth).toBe(false);
    await db.query(`DELETE FROM organisation_settings WHERE organisation_id = $1 AND valid_from = '2024-01-01'`, [cell]);

    const put = await apis.call(0, 'PUT', `/api/v1/admin/organisations/${cell}/settings`, admin, {
      validFrom: '2025-01-01',
      settings: { tradeUnionPathPastYouth: true },
    });
    expect(put.status).toBe(200);
    expect((await read(1)).tradeUnionPathPastYouth).toBe(true);
  });
});
