import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { OrganisationService, UserService, createJwtService } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct-horse-battery';

// bcrypt at cost 12 takes a few hundred milliseconds per login.
jest.setTimeout(60_000);

describe('authentication: login, lockout, tokens', () => {
  let t: TestApp;
  let ds: DataSource;
  let userId: string;
  const http = () => request(t.app.getHttpServer());
  const login = (username: string, password: string) => http().post('/api/v1/auth/login').send({ username, password });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get((await import('typeorm')).DataSource);
    const orgs = t.app.get(OrganisationService);
    const users = t.app.get(UserService);
    const province = await orgs.create({ code: 'T', name: 'Tỉnh ủy', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    const cell = await orgs.create({ code: 'CB', name: 'Chi bộ cơ sở', kind: 'baseCell', parentId: province.id, validFrom: '2020-01-01' });
    userId = (await users.create({ username: 'Alice', password: PASSWORD })).id;
    await users.grant({ userId, role: 'cellCommittee', organisationId: cell.id, validFrom: '2020-01-01' });
    await users.create({ username: 'bob', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in and answers /auth/me with roles and scopes', async () => {
    const res = await login('alice', PASSWORD).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.user).toEqual({ id: userId, username: 'alice', personId: null });
    expect(me.body.roles).toEqual(['cellCommittee']);
    expect(me.body.scopes).toEqual([
      expect.objectContaining({ role: 'cellCommittee', organisationCode: 'CB', organisationName: 'Chi bộ cơ sở', validTo: null }),
    ]);
    // Username is case-insensitive.
    await login('ALICE', PASSWORD).expect(200);
  });

  it('answers a wrong password and an unknown user alike (401, same body)', async () => {
    const wrong = await login('bob', 'wrong-password-1').expect(401);
    const unknown = await login('nobody', 'wrong-password-1').expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(JSON.stringify(wrong.body)).not.toMatch(/bob|wrong-password/);
  });

  it('refuses a malformed login with field messages (400)', async () => {
    const res = await http().post('/api/v1/auth/login').send({ username: 'bob', extra: 1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'password']);
  });

  it('locks the account after 5 failures for 15 minutes, without revealing it', async () => {
    await ds.query(`UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = 'bob'`);
    for (let i = 0; i < 5; i++) await login('bob', `wrong-password-${i}`).expect(401);
    const [row] = await ds.query(
      `SELECT failed_attempts, locked_until > now() + interval '14 minutes' AS locked FROM users WHERE username = 'bob'`,
    );
    expect(row).toEqual({ failed_attempts: 5, locked: true });
    // Even the right password is refused while locked, with the same answer as a wrong one.
    const locked = await login('bob', PASSWORD).expect(401);
    const unknown = await login('nobody', PASSWORD).expect(401);
    expect(locked.body.detail).toBe(unknown.body.detail);
    // Fifteen minutes later (moved back in the database), the right password works and resets the count.
    await ds.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'bob'`);
    await login('bob', PASSWORD).expect(200);
    const [after] = await ds.query(`SELECT failed_attempts, locked_until FROM users WHERE username = 'bob'`);
    expect(after).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = (await login('alice', PASSWORD).expect(200)).body;
    const second = (await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
    // The stored value is a hash, never the token.
    const stored = await ds.query(`SELECT token_hash FROM refresh_tokens WHERE token_hash = $1 OR token_hash = $2`, [
      first.refreshToken,
      second.refreshToken,
    ]);
    expect(stored).toEqual([]);

    // Reuse of the first token: refused, and the whole session dies (the second token and its access token too).
    await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
    // Other sessions of the same user live on.
    const other = (await login('alice', PASSWORD).expect(200)).body;
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${other.accessToken}`).expect(200);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    await http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(401);
    const pair = (await login('alice', PASSWORD).expect(200)).body;
    await ds.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId],
    );
    await http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
  });

  it('logs out: the access and refresh tokens of the session stop working', async () => {
    const pair = (await login('alice', PASSWORD).expect(200)).body;
    await http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${pair.accessToken}`).expect(204);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${pair.accessToken}`).expect(401);
    await http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
  });

  it('refuses expired, forged and malformed access tokens', async () => {
    const pair = (await login('alice', PASSWORD).expect(200)).body;
    const [{ family_id: sid }] = await ds.query(
      `SELECT family_id FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [userId],
    );
    const jwt = createJwtService(t.config);
    const now = Math.floor(Date.now() / 1000);
    const expired = await jwt.signAsync({ sub: userId, sid, typ: 'access', iat: now - 1000, exp: now - 100 });
    const valid = await jwt.signAsync({ sub: userId, sid, typ: 'access' }, { expiresIn: 60 });
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${valid}`).expect(200);
    const res = await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body).toMatchObject({ status: 401, title: 'Chưa xác thực', code: 'AUTH.INVALID_TOKEN' });

    const forged = await createJwtService({ AUTH_TOKEN_SECRET: 'another-secret-another-secret-another' }).signAsync({
      sub: userId,
      sid,
      typ: 'access',
    });
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
    const [h, p] = pair.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${none}`).expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${h}.${p}.AAAA`).expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', pair.accessToken).expect(401);
    // A refresh token is not an access token.
    await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${pair.refreshToken}`).expect(401);
  });

  it('answers 401 without a token on every route but health and the login steps (walking the OpenAPI document)', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const PUBLIC = new Set([
      'GET /health',
      'GET /health/ready',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      // The login methods, the SSO steps and the TOTP step of a login (test/e2e/oidc.e2e-spec.ts).
      'GET /api/v1/auth/methods',
      'GET /api/v1/auth/oidc/login',
      'GET /api/v1/auth/oidc/callback',
      'POST /api/v1/auth/oidc/exchange',
      'POST /api/v1/auth/mfa',
      'POST /api/v1/auth/mfa/enrol',
    ]);
    const seen: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path}`;
        if (PUBLIC.has(key)) continue;
        seen.push(key);
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await (http() as unknown as Record<string, (u: string) => request.Test>)[method]!(url).send({});
        expect({ key, status: res.status }).toEqual({ key, status: 401 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    expect(seen.length).toBeGreaterThan(15);
    expect(seen).toContain('GET /api/v1/auth/me');
    expect(seen).toContain('POST /api/v1/admin/people');
  });
});
