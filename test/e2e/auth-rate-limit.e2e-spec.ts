import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

// bcrypt at cost 12 takes a few hundred milliseconds per login.
jest.setTimeout(60_000);

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 after 10 login attempts a minute for one username from one address', async () => {
    const http = request(t.app.getHttpServer());
    for (let i = 0; i < 10; i++)
      await http.post('/api/v1/auth/login').send({ username: 'someone', password: 'not-the-password' }).expect(401);
    const res = await http.post('/api/v1/auth/login').send({ username: 'someone', password: 'not-the-password' }).expect(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ status: 429, limit: 'loginAccount' });
    // Another username from the same address still gets an answer (until the per-address limit).
    await http.post('/api/v1/auth/login').send({ username: 'someone-else', password: 'not-the-password' }).expect(401);
  });
});
