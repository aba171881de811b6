import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, UserService, seedDemoOrgs, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

// bcrypt at cost 12: a few hundred milliseconds per login or password change.
jest.setTimeout(120_000);

const PASSWORD = 'first-password-2026';

/** Accounts (issue 15, item 7): own password change, disable/enable and password reset by an administrator, within scope. */
describe('accounts: own password, disable, reset', () => {
  let t: TestApp;
  let ds: DataSource;
  let seed: DemoSeedResult;
  let users: UserService;
  const http = () => request(t.app.getHttpServer());
  const login = (username: string, password: string) => http().post('/api/v1/auth/login').send({ username, password });
  const me = (token: string) => http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const post = (token: string, url: string, body: object = {}) => http().post(url).set('Authorization', `Bearer ${token}`).send(body);
  const tokens = async (username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> => (await login(username, password).expect(200)).body;

  /** A user with one grant (a district admin is scoped to the commune of An Hòa). */
  async function makeUser(username: string, role: string, orgCode: string | null): Promise<string> {
    const id = (await users.create({ username, password: PASSWORD })).id;
    await users.grant({ userId: id, role: role as never, organisationId: orgCode ? seed.organisations[orgCode]! : null, validFrom: '2020-01-01' });
    return id;
  }

  let globalAdmin: string;
  let districtAdmin: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get((await import('typeorm')).DataSource);
    seed = await seedDemoOrgs(ds);
    users = t.app.get(UserService);
    await makeUser('cu.sinhvien', 'cellCommittee', 'DEMO-CB-SINHVIEN');
    await makeUser('cu.tdp1', 'cellCommittee', 'DEMO-CB-TDP1');
    await makeUser('admin.anhoa', 'admin', 'DEMO-XA-AN-HOA');
    await makeUser('od.tinh', 'organisationDepartment', 'DEMO-TU');
    globalAdmin = (await tokens('admin', DEMO_PASSWORD)).accessToken;
    districtAdmin = (await tokens('admin.anhoa', PASSWORD)).accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  const idOf = async (username: string): Promise<string> => (await ds.query(`SELECT id FROM users WHERE username = $1`, [username]))[0].id;

  describe('a user changes their own password', () => {
    it('needs the current password; a wrong one is 400 on that field and counts as a failed login', async () => {
      const s = await tokens('cu.sinhvien', PASSWORD);
      const wrong = await post(s.accessToken, '/api/v1/auth/password', { currentPassword: 'not-the-password', newPassword: 'second-password-2026' }).expect(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      const [row] = await ds.query(`SELECT failed_attempts FROM users WHERE username = 'cu.sinhvien'`);
      expect(row.failed_attempts).toBe(1);
      // Nothing changed: the old password still logs in (and resets the count).
      await login('cu.sinhvien', PASSWORD).expect(200);
      const missing = await post(s.accessToken, '/api/v1/auth/password', { newPassword: 'second-password-2026' }).expect(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['currentPassword']);
      const short = await post(s.accessToken, '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      const same = await post(s.accessToken, '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD }).expect(400);
      expect(same.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      await http().post('/api/v1/auth/password').send({ currentPassword: PASSWORD, newPassword: 'second-password-2026' }).expect(401);
    });

    it('changes it, keeps this session, revokes every other one; the old password stops working', async () => {
      const here = await tokens('cu.sinhvien', PASSWORD);
      const elsewhere = await tokens('cu.sinhvien', PASSWORD);
      await post(here.accessToken, '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'second-password-2026' }).expect(204);
      await me(here.accessToken).expect(200);
      await me(elsewhere.accessToken).expect(401);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: elsewhere.refreshToken }).expect(401);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: here.refreshToken }).expect(200);
      await login('cu.sinhvien', PASSWORD).expect(401);
      await login('cu.sinhvien', 'second-password-2026').expect(200);
      // The password is stored hashed and appears nowhere in the audit trail.
      await t.app.get(AuditService).flush();
      const trail = JSON.stringify(await ds.query(`SELECT * FROM audit_log WHERE action LIKE 'auth.%'`));
      expect(trail).toMatch(/auth\.login/);
      expect(trail).not.toMatch(/second-password-2026/);
      expect(trail).toMatch(/auth\.password/);
    });
  });

  describe('an administrator disables an account', () => {
    it("stops the user's tokens on the next request, refuses login and refresh; enabling lets them log in anew", async () => {
      const victim = await idOf('cu.tdp1');
      const s = await tokens('cu.tdp1', PASSWORD);
      await me(s.accessToken).expect(200);
      const disabled = await post(globalAdmin, `/api/v1/admin/users/${victim}/disable`).expect(200);
      expect(disabled.body).toMatchObject({ id: victim, disabled: true });
      // The very next request with the token already issued: 401.
      await me(s.accessToken).expect(401);
      await http().get('/api/v1/cases').set('Authorization', `Bearer ${s.accessToken}`).expect(401);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
      await login('cu.tdp1', PASSWORD).expect(401);
      const enabled = await post(globalAdmin, `/api/v1/admin/users/${victim}/enable`).expect(200);
      expect(enabled.body.disabled).toBe(false);
      // Old sessions stay revoked; a new login works.
      await me(s.accessToken).expect(401);
      await login('cu.tdp1', PASSWORD).expect(200);
    });

    it('an administrator cannot disable their own account (409)', async () => {
      await post(globalAdmin, `/api/v1/admin/users/${await idOf('admin')}/disable`).expect(409);
      await me(globalAdmin).expect(200);
    });
  });

  describe('an administrator resets a password', () => {
    it('sets it, revokes every session of the user; the old password stops working', async () => {
      const target = await idOf('cu.tdp1');
      const s = await tokens('cu.tdp1', PASSWORD);
      const bad = await post(globalAdmin, `/api/v1/admin/users/${target}/password`, { newPassword: 'short' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      await post(globalAdmin, `/api/v1/admin/users/${target}/password`, { newPassword: 'reset-password-2026' }).expect(204);
      await me(s.accessToken).expect(401);
      await login('cu.tdp1', PASSWORD).expect(401);
      await login('cu.tdp1', 'reset-password-2026').expect(200);
    });
  });

  describe('within the administrator’s scope', () => {
    it('a commune administrator manages a user of its subtree', async () => {
      const inside = await idOf('cu.sinhvien');
      await post(districtAdmin, `/api/v1/admin/users/${inside}/disable`).expect(200);
      await post(districtAdmin, `/api/v1/admin/users/${inside}/enable`).expect(200);
      await post(districtAdmin, `/api/v1/admin/users/${inside}/password`, { newPassword: 'third-password-2026' }).expect(204);
      await login('cu.sinhvien', 'third-password-2026').expect(200);
    });

    it('a user of a sibling branch is 404 (as a missing one); a user reaching beyond the scope is 403; nothing changes', async () => {
      const sibling = await idOf('cu.tdp1');
      const missing = await post(districtAdmin, `/api/v1/admin/users/00000000-0000-4000-8000-000000000000/disable`).expect(404);
      for (const action of ['disable', 'enable']) {
        const res = await post(districtAdmin, `/api/v1/admin/users/${sibling}/${action}`).expect(404);
        expect({ ...res.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
      }
      await post(districtAdmin, `/api/v1/admin/users/${sibling}/password`, { newPassword: 'taken-over-2026' }).expect(404);
      // Granted only above the commune (the province, everywhere): not visible to it at all, 404.
      await post(districtAdmin, `/api/v1/admin/users/${await idOf('od.tinh')}/disable`).expect(404);
      await post(districtAdmin, `/api/v1/admin/users/${await idOf('admin')}/password`, { newPassword: 'taken-over-2026' }).expect(404);
      // Granted inside and outside the commune: visible, but not the commune's to manage, 403.
      const both = await makeUser('cu.both', 'cellCommittee', 'DEMO-CB-SINHVIEN');
      await users.grant({ userId: both, role: 'cellCommittee', organisationId: seed.organisations['DEMO-CB-TDP1']!, validFrom: '2020-01-01' });
      await post(districtAdmin, `/api/v1/admin/users/${both}/disable`).expect(403);
      await post(districtAdmin, `/api/v1/admin/users/${both}/password`, { newPassword: 'taken-over-2026' }).expect(403);
      // Without any grant yet: global administrators only.
      const bare = (await users.create({ username: 'no.grant', password: PASSWORD })).id;
      await post(districtAdmin, `/api/v1/admin/users/${bare}/disable`).expect(403);
      const rows = await ds.query(`SELECT username FROM users WHERE disabled_at IS NOT NULL`);
      expect(rows).toEqual([]);
      await login('cu.tdp1', 'reset-password-2026').expect(200);
      await login('cu.both', PASSWORD).expect(200);
      await login('admin', DEMO_PASSWORD).expect(200);
    });

    it('other roles may not manage accounts (403), without a token 401', async () => {
      const s = await tokens('od.tinh', PASSWORD);
      const target = await idOf('cu.sinhvien');
      await post(s.accessToken, `/api/v1/admin/users/${target}/disable`).expect(403);
      await post(s.accessToken, `/api/v1/admin/users/${target}/password`, { newPassword: 'taken-over-2026' }).expect(403);
      await http().post(`/api/v1/admin/users/${target}/disable`).expect(401);
    });
  });
});
