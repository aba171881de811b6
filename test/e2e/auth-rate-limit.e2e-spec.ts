import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/setup.js';
import { type AppConfig, loadConfig } from '../../libs/platform/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { login as loginAs, seedDemo } from '../support/http.js';

// bcrypt at cost 12 takes a few hundred milliseconds per login.
jest.setTimeout(120_000);

const login = (app: NestExpressApplication, username: string, forwardedFor?: string) => {
  const req = request(app.getHttpServer()).post('/api/v1/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ username, password: 'not-the-password' });
};

/** Another API instance on the same database and Redis (as a second replica, or the same one restarted). */
async function startInstance(config: AppConfig): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  return app;
}

/** The same settings with some changed (the config object is validated again). */
const withSettings = (config: AppConfig, changes: Record<string, string>): AppConfig =>
  loadConfig({ ...(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v === undefined ? undefined : String(v)])) as Record<string, string>), ...changes });

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 after 10 login attempts a minute for one username from one address', async () => {
    // Sent together: each attempt is counted on arrival, before its bcrypt hash, so the ten fall in
    // one minute however slow the machine is (one by one they once outlasted the window in CI).
    const tries = await Promise.all(Array.from({ length: 10 }, () => login(t.app, 'someone')));
    expect(tries.map((r) => r.status)).toEqual(Array(10).fill(401));
    const res = await login(t.app, 'someone').expect(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body).toMatchObject({ status: 429, limit: 'loginAccount' });
    // Another username from the same address still gets an answer (until the per-address limit).
    await login(t.app, 'someone-else').expect(401);
  });

  it('ignores X-Forwarded-For when no proxy is trusted: rotating it from loopback does not dodge the limit', async () => {
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => login(t.app, 'rotator', `198.51.100.${i + 1}`)));
    expect(tries.map((r) => r.status)).toEqual(Array(10).fill(401));
    const res = await login(t.app, 'rotator', '198.51.100.200').expect(429);
    expect(res.body).toMatchObject({ limit: 'loginAccount' });
  });

  it('rotating both the username and X-Forwarded-For meets the per-address limit (30 a minute)', async () => {
    // The limit is counted before the body is validated or a password hashed, so empty passwords
    // (answered 400 at once) count like wrong ones. Wrong passwords one by one, each with its
    // bcrypt hash on the event loop, once outlasted the minute on a loaded machine: none was limited.
    const spray = (i: number) => request(t.app.getHttpServer()).post('/api/v1/auth/login').set('X-Forwarded-For', `203.0.113.${i + 1}`).send({ username: `spray-${i}`, password: '' });
    const answers: request.Response[] = [];
    for (let i = 0; i < 40; i++) answers.push(await spray(i));
    const limited = answers.find((r) => r.status === 429);
    const accepted = answers.filter((r) => r.status !== 429).length;
    expect(answers.filter((r) => r.status !== 429).every((r) => r.status === 400)).toBe(true);
    expect(limited?.body).toMatchObject({ status: 429, limit: 'loginAddress' });
    // The earlier tests' attempts from this address count too (unless their window has ended): at
    // most 30 get through in one window. Without the fix every rotated header is a new address.
    expect(accepted).toBeLessThanOrEqual(30);
  });
});

describe('login rate limit behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts per forwarded client address when the peer is a configured proxy', async () => {
    const tries = await Promise.all(Array.from({ length: 10 }, () => login(t.app, 'proxied', '203.0.113.7')));
    expect(tries.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect((await login(t.app, 'proxied', '203.0.113.7').expect(429)).body).toMatchObject({ limit: 'loginAccount' });
    // Another client behind the same proxy is another address.
    await login(t.app, 'proxied', '203.0.113.8').expect(401);
    // A client that prepends addresses of its own is still known by the one the proxy appended.
    expect((await login(t.app, 'proxied', '10.9.9.9, 203.0.113.7').expect(429)).body).toMatchObject({ limit: 'loginAccount' });
  });

  it('refuses a malformed TRUSTED_PROXIES at boot, naming the variable', () => {
    expect(() => withSettings(t.config, { TRUSTED_PROXIES: 'loopback, 10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => withSettings(t.config, { TRUSTED_PROXIES: 'proxy.example' })).toThrow(/TRUSTED_PROXIES/);
    expect(withSettings(t.config, { TRUSTED_PROXIES: '10.0.0.0/8, ::1, linklocal' }).TRUSTED_PROXIES).toBe('10.0.0.0/8, ::1, linklocal');
  });
});

describe('rate limits shared through Redis', () => {
  let t: TestApp;
  let config: AppConfig;
  const extra: NestExpressApplication[] = [];
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PREFIX: `rl-test-${randomBytes(4).toString('hex')}` });
    config = t.config;
  });
  afterAll(async () => {
    for (const app of extra) await app.close().catch(() => undefined);
    await t?.close();
  });

  it('two API instances on the same Redis share the counter, and a restarted instance still sees it', async () => {
    const second = await startInstance(config);
    extra.push(second);
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => login(i % 2 ? second : t.app, 'shared')));
    expect(tries.map((r) => r.status)).toEqual(Array(10).fill(401));
    // Ten in all across the two instances: the eleventh is refused by either.
    expect((await login(second, 'shared').expect(429)).body).toMatchObject({ limit: 'loginAccount' });
    expect((await login(t.app, 'shared').expect(429)).body).toMatchObject({ limit: 'loginAccount' });

    // Restart: the second instance stops and a new one starts on the same Redis.
    await second.close();
    extra.pop();
    const restarted = await startInstance(config);
    extra.push(restarted);
    const res = await login(restarted, 'shared').expect(429);
    expect(res.body).toMatchObject({ limit: 'loginAccount' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('writes are counted per user across instances (RATE_LIMIT_WRITES_PER_MINUTE)', async () => {
    const low = withSettings(config, { RATE_LIMIT_WRITES_PER_MINUTE: '3', RATE_LIMIT_PREFIX: `rl-w-${randomBytes(4).toString('hex')}` });
    const a = await startInstance(low);
    extra.push(a);
    const b = await startInstance(low);
    extra.push(b);
    await seedDemo(t.app);
    const admin = await loginAs(a, 'admin');
    // An empty case is refused 400 by validation, which runs after the guards: each one is a counted write.
    const write = (app: NestExpressApplication) => request(app.getHttpServer()).post('/api/v1/cases').set('Authorization', `Bearer ${admin.token}`).send({});
    const statuses: number[] = [];
    for (const app of [a, b, a, b]) statuses.push((await write(app)).status);
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses[3]).toBe(429);
  });
});

describe('login limits are settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGINS_PER_ACCOUNT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('RATE_LIMIT_LOGINS_PER_ACCOUNT_PER_MINUTE=3 answers the fourth attempt 429 (the default, 10, is tested above)', async () => {
    for (let i = 0; i < 3; i++) await login(t.app, 'counted').expect(401);
    expect((await login(t.app, 'counted').expect(429)).body).toMatchObject({ limit: 'loginAccount' });
  });
});
