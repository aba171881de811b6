import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createJwtService, seedDemoOrgs, totpCode, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, started here on
 * 127.0.0.1 with an ephemeral port, a static client and accounts whose claims carry grants), and
 * the TOTP second factor for the roles of MFA_REQUIRED_ROLES (its default here), by the local
 * login and by SSO alike. The browser is played with fetch: redirects followed by hand, cookies
 * kept per origin, the provider's login and consent forms submitted.
 */

jest.setTimeout(120_000);

const CLIENT_ID = 'ket-nap-e2e';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
/** The API's callback as registered; the test hands what the provider sends there to supertest. */
const REDIRECT_URI = 'http://127.0.0.1:3999/api/v1/auth/oidc/callback';
const PASSWORD = 'local-password-2026';

/** Accounts of the identity provider: subject → claims. */
const accounts: Record<string, Record<string, unknown>> = {
  'sub-cell-1': { preferred_username: 'sso.chiuy', name: 'Chi ủy SSO', ket_nap_grants: ['cellCommittee@DEMO-CB-SINHVIEN', 'nonsense', 'cellCommittee@NO-SUCH-ORG'] },
  'sub-inspect-1': { preferred_username: 'sso.kiemtra', ket_nap_grants: ['inspection@DEMO-XA-AN-HOA'] },
};

interface Provided {
  issuer: string;
  close(): Promise<void>;
}

async function startProvider(): Promise<Provided> {
  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (_q, s) => s.end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // The provider's own notices (Node 20 runtime, in-memory adapter, dev interactions) are expected here.
  const quiet = [jest.spyOn(console, 'warn').mockImplementation(() => undefined), jest.spyOn(console, 'info').mockImplementation(() => undefined)];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [REDIRECT_URI],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'e2e', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name', 'ket_nap_grants'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, sub) =>
      accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) } : undefined,
  });
  handler = provider.callback();
  const restore = () => quiet.forEach((q) => q.mockRestore());
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        restore();
        server.close(() => resolve());
      }),
  };
}

/** A browser's cookie jar for the provider's origin (fetch does not keep cookies). */
class Browser {
  private readonly jar = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }

  /**
   * From the provider's authorization URL to the redirect at our callback: follows redirects,
   * signs in as `login` on the login form and confirms the consent form.
   */
  async authorize(authorizationUrl: string, login: string): Promise<URL> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 12; hop++) {
      const res = await this.go(url);
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, url);
        if (next.href.startsWith(REDIRECT_URI)) return next;
        url = next.href;
        continue;
      }
      const html = await res.text();
      expect(res.status).toBe(200);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt: prompt ?? 'consent' };
      const posted = await this.go(new URL(action, url).href, { method: 'POST', form });
      expect([302, 303]).toContain(posted.status);
      const next = new URL(posted.headers.get('location')!, url);
      if (next.href.startsWith(REDIRECT_URI)) return next;
      url = next.href;
    }
    throw new Error('too many hops at the identity provider');
  }
}

describe('single sign-on (OIDC) with a TOTP second factor', () => {
  let idp: Provided;
  let t: TestApp;
  let ds: DataSource;
  let seed: DemoSeedResult;
  let caseIn: string;
  let caseOut: string;

  const server = () => t.app.getHttpServer();
  // Each test is its own client address (through a trusted proxy), so the login rate limits of one do not spill into the next.
  let client = 0;
  beforeEach(() => {
    client++;
  });
  const api = {
    get: (path: string) => request(server()).get(path).set('X-Forwarded-For', `10.21.6.${client}`),
    post: (path: string) => request(server()).post(path).set('X-Forwarded-For', `10.21.6.${client}`),
  };

  /** An access token for a user, made as the login makes them (for fixtures only). */
  async function tokenOf(userId: string): Promise<string> {
    const sid = randomUUID();
    await ds.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      userId,
      sid,
      createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex'),
    ]);
    return createJwtService(t.config).signAsync({ sub: userId, sid, typ: 'access' }, { expiresIn: 600 });
  }

  /** The whole browser journey: our login route → the provider → our callback → the web app's login page with a one-time code → the exchange. */
  async function ssoLogin(login: string): Promise<request.Response> {
    const start = await api.get('/api/v1/auth/oidc/login');
    expect(start.status).toBe(302);
    const cookie = start.headers['set-cookie'] as unknown as string[];
    expect(cookie[0]).toMatch(/^kn_oidc=.+; Path=\/api\/v1\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax/);
    const authUrl = new URL(start.headers.location!);
    expect(authUrl.origin).toBe(idp.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const back = await new Browser().authorize(authUrl.href, login);
    expect(back.searchParams.get('code')).toBeTruthy();
    const callback = await api
      .get(`${back.pathname}${back.search}`)
      .set('Cookie', cookie[0]!.split(';')[0]!);
    expect(callback.status).toBe(302);
    const landing = new URL(callback.headers.location!);
    expect(landing.hash).toMatch(/^#\/login\?sso=/);
    // Never a token in the URL: only the one-time code.
    expect(callback.headers.location).not.toMatch(/accessToken|refreshToken|eyJ/);
    const code = new URLSearchParams(landing.hash.slice('#/login?'.length)).get('sso')!;
    const exchanged = await api.post('/api/v1/auth/oidc/exchange').send({ code });
    // The code works once.
    const again = await api.post('/api/v1/auth/oidc/exchange').send({ code });
    expect(again.status).toBe(401);
    return exchanged;
  }

  beforeAll(async () => {
    idp = await startProvider();
    t = await startTestApp({
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      MFA_REQUIRED_ROLES: 'admin,inspection,organisationDepartment',
      TRUSTED_PROXIES: 'loopback',
    });
    ds = t.app.get(DataSource);
    seed = await seedDemoOrgs(ds);
    // Cases in the students' cell (inside the SSO cell committee's grant) and in another ward's cell.
    const [admin] = await ds.query(`INSERT INTO users (username, password_hash) VALUES ('e2e.root', $1) RETURNING id`, [bcrypt.hashSync(PASSWORD, 4)]);
    await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, 'admin', NULL, '2020-01-01')`, [admin.id]);
    const bearer = `Bearer ${await tokenOf(admin.id)}`;
    const open = async (cell: string): Promise<string> => {
      const person = await request(server())
        .post('/api/v1/admin/people')
        .set('Authorization', bearer)
        .send({ organisationId: seed.organisations[cell], fullName: `Ứng viên ${cell}`, birthDate: '2003-03-03', sex: 'male', ethnicity: 'Kinh', occupation: 'student', educationLevel: 'upperSecondary' })
        .expect(201);
      const c = await request(server())
        .post('/api/v1/cases')
        .set('Authorization', bearer)
        .send({ personId: person.body.id, organisationId: seed.organisations[cell], candidate: { youthUnionMember: true } })
        .expect(201);
      return c.body.id as string;
    };
    caseIn = await open('DEMO-CB-SINHVIEN');
    caseOut = await open('DEMO-CB-TDP1');
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('tells the web app that SSO is on', async () => {
    const res = await api.get('/api/v1/auth/methods').expect(200);
    expect(res.body).toEqual({ password: true, sso: true, ssoLoginUrl: '/api/v1/auth/oidc/login' });
  });

  it('logs in through the provider; the grants come from the claims (its cell inside, 404 outside)', async () => {
    const res = await ssoLogin('sub-cell-1');
    expect(res.status).toBe(200);
    expect(res.body.tokenType).toBe('Bearer');
    const me = await api.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.user.username).toBe('sso.chiuy');
    expect(me.body.scopes.map((s: { role: string; organisationCode: string }) => `${s.role}@${s.organisationCode}`)).toEqual(['cellCommittee@DEMO-CB-SINHVIEN']);
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };
    await api.get(`/api/v1/cases/${caseIn}`).set(auth).expect(200);
    await api.get(`/api/v1/cases/${caseOut}`).set(auth).expect(404);
    // The refresh token works as a local login's.
    const refreshed = await api.post('/api/v1/auth/refresh').send({ refreshToken: res.body.refreshToken });
    expect(refreshed.status).toBe(200);
    const [link] = await ds.query(`SELECT issuer, subject FROM user_identities WHERE user_id = $1`, [me.body.user.id]);
    expect(link).toEqual({ issuer: idp.issuer, subject: 'sub-cell-1' });
  });

  it('replaces the SSO grants at each login and keeps the ones an administrator gave', async () => {
    const [{ id: userId }] = await ds.query(`SELECT u.id FROM users u JOIN user_identities i ON i.user_id = u.id WHERE i.subject = 'sub-cell-1'`);
    await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, 'cellCommittee', $2, '2020-01-01')`, [userId, seed.organisations['DEMO-CB-GIANGVIEN']]);
    accounts['sub-cell-1']!.ket_nap_grants = ['cellCommittee@DEMO-CB-TDP1'];
    try {
      const res = await ssoLogin('sub-cell-1');
      expect([res.status, res.body]).toEqual([200, expect.objectContaining({ tokenType: 'Bearer' })]);
      const me = await api.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      const scopes = me.body.scopes.map((s: { role: string; organisationCode: string }) => `${s.role}@${s.organisationCode}`).sort();
      expect(scopes).toEqual(['cellCommittee@DEMO-CB-GIANGVIEN', 'cellCommittee@DEMO-CB-TDP1']);
      const auth = { Authorization: `Bearer ${res.body.accessToken}` };
      await api.get(`/api/v1/cases/${caseOut}`).set(auth).expect(200);
      await api.get(`/api/v1/cases/${caseIn}`).set(auth).expect(404);
      const sources: { source: string }[] = await ds.query(`SELECT DISTINCT source FROM role_grants WHERE user_id = $1 ORDER BY source`, [userId]);
      expect(sources.map((s) => s.source)).toEqual(['local', 'oidc']);
    } finally {
      accounts['sub-cell-1']!.ket_nap_grants = ['cellCommittee@DEMO-CB-SINHVIEN'];
    }
  });

  it('an inspection role through SSO gets no tokens without a TOTP code; enrols, then each code works once', async () => {
    const first = await ssoLogin('sub-inspect-1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300, enrolled: false });
    expect(first.body.accessToken).toBeUndefined();
    // The mfaToken is not an access token.
    await api.get('/api/v1/auth/me').set('Authorization', `Bearer ${first.body.mfaToken}`).expect(401);
    // No factor yet: a code is refused with the way to enrol.
    const notYet = await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code: '123456' });
    expect(notYet.status).toBe(403);
    expect(notYet.body.code).toBe('AUTH.MFA_ENROLMENT_REQUIRED');
    expect(notYet.headers['content-type']).toMatch(/application\/problem\+json/);
    const enrol = await api.post('/api/v1/auth/mfa/enrol').send({ mfaToken: first.body.mfaToken }).expect(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const secret = enrol.body.secret as string;
    const stored: { totp: string }[] = await ds.query(`SELECT totp_secret AS totp FROM users WHERE username = 'sso.kiemtra'`);
    expect(stored[0]!.totp).not.toContain(secret);
    const wrong = String((Number(totpCode(secret, Math.floor(Date.now() / 1000))) + 1) % 1_000_000).padStart(6, '0');
    const refused = await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code: wrong });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('AUTH.INVALID_MFA_CODE');
    const code = totpCode(secret, Math.floor(Date.now() / 1000));
    const done = await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code });
    expect(done.status).toBe(200);
    const me = await api.get('/api/v1/auth/me').set('Authorization', `Bearer ${done.body.accessToken}`).expect(200);
    expect(me.body.roles).toEqual(['inspection']);
    // The enrolment is active now; once active, enrolling again is refused.
    await api.post('/api/v1/auth/mfa/enrol').send({ mfaToken: first.body.mfaToken }).expect(409);

    const second = await ssoLogin('sub-inspect-1');
    expect(second.body).toMatchObject({ mfaRequired: true, enrolled: true });
    // The same code again: refused (good once); the next step's code: accepted.
    const replay = await api.post('/api/v1/auth/mfa').send({ mfaToken: second.body.mfaToken, code });
    expect(replay.status).toBe(401);
    const next = totpCode(secret, Math.floor(Date.now() / 1000) + 30);
    await api.post('/api/v1/auth/mfa').send({ mfaToken: second.body.mfaToken, code: next }).expect(200);
  });

  it('a local login for an MFA role needs the code too; a wrong code 401; the signed-in enrolment; an administrator resets it', async () => {
    const [u] = await ds.query(`INSERT INTO users (username, password_hash) VALUES ('e2e.bantochuc', $1) RETURNING id`, [bcrypt.hashSync(PASSWORD, 4)]);
    await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, 'organisationDepartment', $2, '2020-01-01')`, [u.id, seed.organisations['DEMO-XA-AN-HOA']]);
    const login = () => api.post('/api/v1/auth/login').send({ username: 'e2e.bantochuc', password: PASSWORD });
    const first = await login().expect(200);
    expect(first.body).toMatchObject({ mfaRequired: true, enrolled: false });
    expect(first.body.accessToken).toBeUndefined();
    const { secret } = (await api.post('/api/v1/auth/mfa/enrol').send({ mfaToken: first.body.mfaToken }).expect(200)).body as { secret: string };
    const now = Math.floor(Date.now() / 1000);
    await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code: '12345' }).expect(400);
    const bad = await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code: String((Number(totpCode(secret, now)) + 7) % 1_000_000).padStart(6, '0') });
    expect(bad.status).toBe(401);
    const tokens = await api.post('/api/v1/auth/mfa').send({ mfaToken: first.body.mfaToken, code: totpCode(secret, now) }).expect(200);
    expect(tokens.body.accessToken).toEqual(expect.any(String));
    // A forged mfaToken (another key) is refused.
    const forged = await createJwtService({ AUTH_TOKEN_SECRET: 'another-secret-another-secret-another' }).signAsync({ sub: u.id, typ: 'mfa', amr: 'pwd' }, { expiresIn: 60 });
    await api.post('/api/v1/auth/mfa').send({ mfaToken: forged, code: totpCode(secret, now + 30) }).expect(401);

    // Signed in, the factor cannot be swapped (409); an administrator resets it, then the user enrols again.
    await api.post('/api/v1/auth/totp/setup').set('Authorization', `Bearer ${tokens.body.accessToken}`).expect(409);
    const [root] = await ds.query(`SELECT id FROM users WHERE username = 'e2e.root'`);
    await api.post(`/api/v1/admin/users/${u.id}/totp/reset`).set('Authorization', `Bearer ${await tokenOf(root.id)}`).expect(204);
    // The reset revoked the user's sessions.
    await api.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.body.accessToken}`).expect(401);
    expect((await login().expect(200)).body).toMatchObject({ mfaRequired: true, enrolled: false });
  });

  it('a user outside MFA_REQUIRED_ROLES enrols voluntarily while signed in (setup, then verify)', async () => {
    const [u] = await ds.query(`INSERT INTO users (username, password_hash) VALUES ('e2e.chiuy', $1) RETURNING id`, [bcrypt.hashSync(PASSWORD, 4)]);
    await ds.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES ($1, 'cellCommittee', $2, '2020-01-01')`, [u.id, seed.organisations['DEMO-CB-SINHVIEN']]);
    const res = await api.post('/api/v1/auth/login').send({ username: 'e2e.chiuy', password: PASSWORD }).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };
    const { secret } = (await api.post('/api/v1/auth/totp/setup').set(auth).expect(200)).body as { secret: string };
    await api.post('/api/v1/auth/totp/verify').set(auth).send({ code: totpCode(secret, Math.floor(Date.now() / 1000)) }).expect(204);
    const [row] = await ds.query(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1`, [u.id]);
    expect(row.on).toBe(true);
  });

  it('POST /auth/mfa is rate-limited like the login (10 a minute per address and account)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api.post('/api/v1/auth/mfa').send({ mfaToken: 'x'.repeat(40), code: '000000' })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('a callback without the state cookie, or with a forged one, is refused (to /#/login?ssoError=...)', async () => {
    const noCookie = await api.get('/api/v1/auth/oidc/callback?code=abc&state=xyz').expect(302);
    expect(noCookie.headers.location).toMatch(/#\/login\?ssoError=state$/);
    const forged = await api.get('/api/v1/auth/oidc/callback?code=abc&state=xyz').set('Cookie', 'kn_oidc=k00000000%3AAAAA').expect(302);
    expect(forged.headers.location).toMatch(/#\/login\?ssoError=state$/);
    await api.post('/api/v1/auth/oidc/exchange').send({ code: 'x'.repeat(43) }).expect(401);
  });
});

describe('single sign-on off (no OIDC_ISSUER_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the SSO routes answer 404 and the methods say so', async () => {
    const server = t.app.getHttpServer();
    expect((await request(server).get('/api/v1/auth/methods').expect(200)).body).toEqual({ password: true, sso: false, ssoLoginUrl: null });
    for (const res of [
      await request(server).get('/api/v1/auth/oidc/login'),
      await request(server).get('/api/v1/auth/oidc/callback?code=a&state=b'),
      await request(server).post('/api/v1/auth/oidc/exchange').send({ code: 'x'.repeat(43) }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});
