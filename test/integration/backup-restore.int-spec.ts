import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import type { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { verifyAuditAt } from '../../libs/audit/src/index.js';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { QueueGateway } from '../../libs/scheduling/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { testConfig } from '../support/config.js';
import { PG_ADMIN_URL, assertTestDatabase, runId, withDatabase } from '../support/env.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { importedAtProbation, recordAll } from '../support/scenarios.js';
import { eventually, startTestWorker } from '../support/worker.js';

/**
 * The backup of docs/operations.md ("Backups that restore"): `pg_dump -Fc` of a database with
 * cases, `pg_restore` into a new database, `audit:verify` on the copy, and the deadlines re-armed
 * from it by the worker's sweeper on an empty Redis (as after a disaster, Redis is not backed up).
 */
describe('a backup that restores', () => {
  let t: TestApp;
  let admin: Client;
  let worker: INestApplicationContext | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'kn-backup-'));
  const restoredName = `kn_test_${runId()}_restored_${randomBytes(3).toString('hex')}`;
  const restoredUrl = withDatabase(PG_ADMIN_URL, restoredName);
  const N = 6;

  beforeAll(async () => {
    assertTestDatabase(restoredName);
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    const seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-06-01T03:00:00Z' }).expect(200);
    for (let i = 0; i < N; i++) {
      const c = await openDemoCase(t.app, admin, seeded);
      const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
      await recordAll(admin, c.caseId, c.version, [importedAtProbation('2025-03-14', '2025-06-01', view.body.facts.org.competentBody)]);
    }
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
    await c.end();
  });

  const counts = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
                (SELECT count(*) FROM deadlines WHERE status = 'pending')::int AS pending,
                (SELECT count(*) FROM audit_log)::int AS audit`,
      );
      return r.rows[0] as { cases: number; events: number; pending: number; audit: number };
    } finally {
      await c.end();
    }
  };

  it('pg_dump → pg_restore → audit:verify passes and the sweeper re-arms every pending deadline', async () => {
    const file = path.join(dir, 'ket-nap.dump');
    await t.app.get(AuditService).flush(); // every recorded entry chained before the dump
    const before = await counts(t.db.url);
    // The commands of docs/operations.md, verbatim apart from the URLs.
    execFileSync('pg_dump', ['--format=custom', '--no-owner', '--file', file, t.db.url]);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    execFileSync('createdb', ['--maintenance-db', PG_ADMIN_URL, restoredName]);
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, file]);

    const after = await counts(restoredUrl);
    // The live database keeps writing audit rows of reads after the dump's snapshot: the copy has
    // at least what was there before the dump, and everything else exactly.
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    expect(after.audit).toBeGreaterThanOrEqual(before.audit);
    expect(after.cases).toBeGreaterThanOrEqual(N);
    expect(after.pending).toBeGreaterThanOrEqual(N);

    const verification = await verifyAuditAt(restoredUrl);
    expect(verification.ok).toBe(true);

    // A fresh Redis database and queue prefix: nothing is armed until the sweeper sees the loss.
    const config = testConfig(restoredUrl, { QUEUE_PREFIX: `test-restore-${randomBytes(3).toString('hex')}` });
    worker = await startTestWorker(config, false);
    const queue = worker.get(QueueGateway);
    // The worker relays what the copied outbox still held; the sweeper sees the empty Redis and
    // re-arms the rest, so every pending deadline of the copy has its one wake-up job.
    const swept = await worker.get(DeadlineRunner).sweep();
    expect(swept.rearmed).toBeGreaterThan(0);
    // Wake-ups already due run at once (an overdue escalation); every deadline still pending keeps
    // exactly one live job.
    const c = new pg.Client({ connectionString: restoredUrl });
    await c.connect();
    try {
      await eventually(async () => {
        const pending: string[] = (await c.query(`SELECT id FROM deadlines WHERE status = 'pending' AND (due_date IS NOT NULL OR extended_to IS NOT NULL)`)).rows.map((r) => r.id);
        const jobs = await queue.keyedJobIds('deadline.wake', pending);
        const live = await Promise.all(jobs.map((j) => (j ? queue.hasJob(j) : false)));
        return pending.length > 0 && live.every(Boolean);
      });
    } finally {
      await c.end();
    }
  }, 120_000);
});
