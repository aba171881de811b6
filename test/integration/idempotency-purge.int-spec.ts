import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueGateway } from '../../libs/scheduling/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { eventually, startTestWorker } from '../support/worker.js';

/**
 * Idempotency keys live 24 hours (an expired key is never answered from); the worker's hourly
 * `maintenance.purgeIdempotency` deletes them, so the table holds about a day of writes instead of
 * every write ever made.
 */
describe('idempotency keys are purged after their lifetime', () => {
  let t: TestApp;
  let admin: Client;
  let db: DataSource;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
    const listed = { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH };
    for (const key of ['purge-old-key', 'purge-fresh-key']) {
      const c = await openDemoCase(t.app, admin, seeded);
      await admin.post(`/api/v1/cases/${c.caseId}/events`, listed, { 'If-Match': `"${c.version}"`, 'Idempotency-Key': key }).expect(200);
    }
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const keys = async (): Promise<string[]> =>
    (await db.query(`SELECT key FROM idempotency_keys WHERE key LIKE 'purge-%' ORDER BY key`)).map((r: { key: string }) => r.key);

  it('the job deletes a key older than 24 hours and keeps one of 23 hours, which still answers its replay', async () => {
    expect(await keys()).toEqual(['purge-fresh-key', 'purge-old-key']);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'purge-old-key'`);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE key = 'purge-fresh-key'`);

    worker = await startTestWorker(t.config, false);
    // The repeatable job is armed hourly; run it once now through the same queue and handler.
    await worker.get(QueueGateway).add('maintenance.purgeIdempotency', {}, { jobId: `purge-now-${Date.now()}` });
    await eventually(async () => (await keys()).length === 1);
    expect(await keys()).toEqual(['purge-fresh-key']);

    const [fresh] = await db.query(`SELECT case_id FROM idempotency_keys WHERE key = 'purge-fresh-key'`);
    const version = Number((await db.query(`SELECT version FROM cases WHERE id = $1`, [fresh.case_id]))[0].version);
    const replay = await admin.post(
      `/api/v1/cases/${fresh.case_id}/events`,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH },
      { 'If-Match': `"${version - 1}"`, 'Idempotency-Key': 'purge-fresh-key' },
    );
    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(version);
  });
});
