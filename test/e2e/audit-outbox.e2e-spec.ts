import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource, type QueryRunner } from 'typeorm';
import { AuditService, AuditVerifier } from '../../libs/audit/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

/**
 * The audit trail through its outbox on the whole application (ADR 0005): a transition and its HTTP
 * audit entry are one commit; an audited read (the case page, a document download) is not answered
 * when its entry cannot be written.
 */
describe('audit outbox on the real API', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const server = () => t.app.getHttpServer();
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Hold the chainer's lock (as another process chaining would): entries stay in audit_outbox. */
  async function holdingTheChainer<T>(fn: () => Promise<T>): Promise<T> {
    await t.app.get(AuditService).flush();
    const holder: QueryRunner = ds.createQueryRunner();
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('audit:chainer'))`);
    try {
      return await fn();
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtext('audit:chainer'))`);
      await holder.release();
    }
  }
  const pendingOf = async (requestId: string) =>
    (await ds.query(`SELECT action, outcome, status_code, xmin::text AS xid FROM audit_outbox WHERE request_id = $1`, [requestId])) as {
      action: string;
      outcome: string;
      status_code: number;
      xid: string;
    }[];

  it('commits a case creation and a transition together with their HTTP audit entries (one transaction each), once', async () => {
    const { created, event, createdId, eventId, caseId } = await holdingTheChainer(async () => {
      const c = await openDemoCase(t.app, admin, seeded);
      const [createRow] = (await ds.query(`SELECT request_id FROM audit_outbox WHERE case_id = $1 AND action = 'case.create'`, [
        c.caseId,
      ])) as { request_id: string }[];
      const res = await admin.post(
        `/api/v1/cases/${c.caseId}/events`,
        { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH },
        { 'If-Match': `"${c.version}"` },
      );
      expect(res.status).toBe(200);
      const requestId = res.headers['x-request-id'] as string;
      // Committed before the answer, without waiting for anything, in the transaction that wrote the case.
      const [caseRow] = (await ds.query(`SELECT xmin::text AS xid FROM cases WHERE id = $1`, [c.caseId])) as { xid: string }[];
      const [eventRow] = (await ds.query(`SELECT xmin::text AS xid FROM case_events WHERE case_id = $1 AND type = 'sympathiser.listed'`, [
        c.caseId,
      ])) as { xid: string }[];
      const [openedRow] = (await ds.query(`SELECT xmin::text AS xid FROM case_events WHERE case_id = $1 AND seq = 1`, [c.caseId])) as {
        xid: string;
      }[];
      const created = await pendingOf(createRow!.request_id);
      const event = await pendingOf(requestId);
      expect(event).toEqual([{ action: 'case.event', outcome: 'ok', status_code: 200, xid: eventRow!.xid }]);
      expect(caseRow!.xid).toBe(eventRow!.xid);
      expect(created).toEqual([{ action: 'case.create', outcome: 'ok', status_code: 201, xid: openedRow!.xid }]);
      return { created, event, createdId: createRow!.request_id, eventId: requestId, caseId: c.caseId };
    });
    expect(created).toHaveLength(1);
    expect(event).toHaveLength(1);
    await t.app.get(AuditService).flush();
    // Not written a second time after the response; chained on the case's chain, which verifies.
    const rows = (await ds.query(`SELECT action, request_id, chain FROM audit_log WHERE request_id = ANY($1::text[]) ORDER BY id`, [
      [createdId, eventId],
    ])) as {
      action: string;
      chain: string;
    }[];
    expect(rows.map((r) => [r.action, r.chain])).toEqual([
      ['case.create', `case:${caseId}`],
      ['case.event', `case:${caseId}`],
    ]);
    expect(await t.app.get(AuditVerifier).verify({ chain: `case:${caseId}` })).toMatchObject({ ok: true });
  });

  it('records a refused transition after its answer, with its status (the rolled-back entry is gone)', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const res = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH },
      { 'If-Match': `"${c.version + 5}"` },
    );
    expect(res.status).toBe(409);
    await t.app.get(AuditService).flush();
    const rows = await ds.query(`SELECT action, outcome, status_code FROM audit_log WHERE request_id = $1`, [res.headers['x-request-id']]);
    expect(rows).toEqual([{ action: 'case.event', outcome: 'refused', status_code: 409 }]);
  });

  describe('when the audit entry cannot be written', () => {
    let caseId: string;
    let documentId: string;
    beforeAll(async () => {
      const c = await openDemoCase(t.app, admin, seeded);
      caseId = c.caseId;
      const up = await request(server())
        .post(`/api/v1/cases/${caseId}/documents`)
        .set('Authorization', `Bearer ${admin.token}`)
        .field('formCode', '6-KNĐ')
        .field('step', 'cell.admissionVoted')
        .attach('file', PNG, 'nghi-quyet.png');
      expect(up.status).toBe(201);
      documentId = up.body.id;
      await admin.get(`/api/v1/cases/${caseId}`).expect(200);
      await t.app.get(AuditService).flush();
      // The test's own database: the application can no longer insert audit entries.
      await ds.query(`ALTER TABLE audit_outbox RENAME TO audit_outbox_unwritable`);
    });
    afterAll(async () => {
      await ds.query(`ALTER TABLE audit_outbox_unwritable RENAME TO audit_outbox`);
    });

    it('answers the case page 503 (problem+json) and sends nothing of the case', async () => {
      const res = await admin.get(`/api/v1/cases/${caseId}`).expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'AUDIT.UNAVAILABLE' });
      expect(res.body).not.toHaveProperty('facts');
      expect(res.headers.etag ?? '').not.toMatch(/^"\d+"$/); // not the case's version (only the problem body's own weak tag)
    });

    it('answers a document download 503 and sends none of its bytes', async () => {
      const res = await admin.get(`/api/v1/cases/${caseId}/documents/${documentId}/content`).buffer(true).expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'AUDIT.UNAVAILABLE' });
      expect(Buffer.from(res.text ?? '').includes(PNG.subarray(8, 40))).toBe(false);
    });

    it('still answers reads the trail does not record', async () => {
      await admin.get('/api/v1/cases').expect(200);
    });
  });
});
