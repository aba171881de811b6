import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, AuditVerifier } from '#audit';
import { JobRegistry } from '#scheduling';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe("the worker's audit.anchor job", () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(testConfig(db.url))] }).compile();
    app = await moduleRef.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has exactly one handler, which anchors the moved heads (and is idempotent)', async () => {
    const handler = app.get(JobRegistry).get('audit.anchor');
    expect(handler).toBeDefined();
    const caseId = randomUUID();
    await app.get(AuditService).record({ action: 'case.event', outcome: 'ok', caseId });
    await app.get(AuditService).flush(); // anchors cover chained rows
    await handler!({} as never, { id: 'j1', attempt: 1 });
    await handler!({} as never, { id: 'j2', attempt: 2 });
    const anchors = (await app.get(DataSource).query(`SELECT seq, heads FROM audit_anchors ORDER BY seq`)) as { seq: number; heads: Record<string, { seq: number }> }[];
    expect(anchors).toHaveLength(1);
    expect(anchors[0]!.heads[`case:${caseId}`]).toMatchObject({ seq: 1 });
    expect(await app.get(AuditVerifier).verify()).toMatchObject({ ok: true, anchorsChecked: 1 });
  });
});
