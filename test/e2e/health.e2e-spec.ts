import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('health and the HTTP edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness without authentication', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });

  it('is ready when PostgreSQL, Redis and every migration are there', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } });
  });

  it('reports pending migrations as not ready', async () => {
    const ds = t.app.get((await import('typeorm')).DataSource);
    const [last] = await ds.query(`SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1`);
    await ds.query(`DELETE FROM migrations WHERE id = $1`, [last.id]);
    try {
      const res = await request(t.app.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body.checks.migrations).toBe('pending');
    } finally {
      await ds.query(`INSERT INTO migrations(id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    }
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health/ready');
  });

  it('answers unknown routes with problem+json', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Không tìm thấy', titleEn: 'Not found' });
  });
});
