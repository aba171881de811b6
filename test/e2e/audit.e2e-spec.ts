import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditAction, AuditInterceptor, AuditService, recordRequestAudit } from '#audit';
import { ConfigModule, DatabaseModule, ProblemException, registerErrorStatus } from '#platform';
import { AuditApiModule } from '../../apps/api/src/audit/audit-api.module.js';
import { configureApp } from '../../apps/api/src/setup.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The audit edge on the real HTTP pipeline (setup.ts) and a real database. Authentication is a
 * stand-in guard that reads the user from a test header, since the real one lives in libs/orgs.
 */
class RefusedByRules extends Error {
  readonly code = 'TEST.REFUSED_BY_RULES';
}
registerErrorStatus('TEST.REFUSED_BY_RULES', 422);

@Injectable()
class HeaderAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const raw = req.headers['x-test-user'];
    if (typeof raw !== 'string') throw new ProblemException({ status: 401, title: 'Chưa xác thực', titleEn: 'Not authenticated' });
    req.user = JSON.parse(raw) as unknown;
    return true;
  }
}

@Controller('cases')
class FakeCasesController {
  @Get()
  list(): unknown[] {
    return [];
  }

  @Get(':id')
  read(@Param('id', new ParseUUIDPipe()) id: string): { id: string } {
    return { id };
  }

  @Post()
  create(@Res({ passthrough: true }) res: Response): { id: string } {
    const id = randomUUID();
    res.setHeader('Location', `/api/v1/cases/${id}`);
    return { id };
  }

  @Post(':id/events')
  @HttpCode(200)
  event(): never {
    throw new RefusedByRules('blocked by rules');
  }

  @Get(':id/export')
  @AuditAction('export.personalData', 'person')
  export(): { ok: true } {
    return { ok: true };
  }

  @Get(':id/documents/:doc/content')
  @AuditAction('case.document.download')
  download(): StreamableFile {
    return new StreamableFile(Buffer.from('SECRET-DOSSIER-BYTES'), { type: 'application/pdf' });
  }

  /** A command with a transaction of its own, like CaseCommands.transition: the HTTP entry commits in it. */
  @Post(':id/notes')
  async note(@Body() body: { fail?: boolean }): Promise<{ ok: true }> {
    await this.ds.transaction(async (m) => {
      await recordRequestAudit(m);
      if (body?.fail) throw new RefusedByRules('refused after the entry was written');
    });
    return { ok: true };
  }

  constructor(private readonly ds: DataSource) {}
}

describe('audit trail at the HTTP edge', () => {
  let app: NestExpressApplication;
  let db: TestDatabase;
  let ds: DataSource;
  // Grants as the real guard leaves them on req.user; organisationId null: a scope covering everything.
  const grant = (role: string, organisationId: string | null = null) => ({ id: randomUUID(), role, organisationId, validFrom: '2000-01-01', validTo: null });
  const inspector = { id: randomUUID(), roles: ['inspection'], grants: [grant('inspection')], sessionId: 'sess-inspector' };
  const staffOrg = randomUUID();
  const staff = { id: randomUUID(), roles: [{ role: 'cellCommittee', organisationId: staffOrg }], grants: [grant('cellCommittee', staffOrg)], sessionId: 'sess-staff' };
  const orgDept = { id: randomUUID(), roles: ['organisationDepartment'], grants: [grant('organisationDepartment')], sessionId: 'sess-od' };
  // An inspector of one organisation (which holds no case here): a partial scope.
  const localInspector = { id: randomUUID(), roles: ['inspection'], grants: [grant('inspection', randomUUID())], sessionId: 'sess-local' };
  const as = (u: object): Record<string, string> => ({ 'x-test-user': JSON.stringify(u) });
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testConfig(db.url)), DatabaseModule.forRoot('ket-nap-api'), AuditApiModule],
      controllers: [FakeCasesController],
      providers: [
        { provide: APP_GUARD, useClass: HeaderAuthGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureApp(app);
    await app.init();
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Rows are written when the response finishes: wait for them. */
  async function rowsFor(where: string, params: unknown[], n = 1): Promise<Record<string, unknown>[]> {
    for (let i = 0; i < 50; i++) {
      await app.get(AuditService).flush();
      const rows = (await ds.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`, params)) as Record<string, unknown>[];
      if (rows.length >= n) return rows;
      await new Promise((r) => setTimeout(r, 40));
    }
    throw new Error(`expected ${n} audit rows for ${where}`);
  }

  it('records a case dossier read with actor, ip, request id, outcome and status', async () => {
    const caseId = randomUUID();
    const res = await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).set('User-Agent', 'jest-agent').expect(200);
    const [row] = await rowsFor('case_id = $1', [caseId]);
    expect(row).toMatchObject({
      action: 'case.read',
      chain: `case:${caseId}`,
      chain_seq: 1,
      actor_user_id: staff.id,
      actor_role: 'cellCommittee',
      session_id: 'sess-staff',
      request_id: res.headers['x-request-id'],
      user_agent: 'jest-agent',
      outcome: 'ok',
      status_code: 200,
      resource_type: 'case',
      resource_id: caseId,
      details: { method: 'GET', route: '/api/v1/cases/:id' },
    });
    expect(row!.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('records refusals by the guard (401) and by the rules (422, with the error code)', async () => {
    const caseId = randomUUID();
    await http().get(`/api/v1/cases/${caseId}`).expect(401);
    await http().post(`/api/v1/cases/${caseId}/events`).set(as(staff)).send({ type: 'x' }).expect(422);
    const rows = await rowsFor('case_id = $1', [caseId], 2);
    expect(rows.map((r) => [r.action, r.outcome, r.status_code, r.actor_user_id])).toEqual([
      ['case.read', 'refused', 401, null],
      ['case.event', 'refused', 422, staff.id],
    ]);
    expect(rows[1]!.details).toMatchObject({ method: 'POST', route: '/api/v1/cases/:id/events', errorCode: 'TEST.REFUSED_BY_RULES' });
  });

  it('records a case creation on the new case’s chain, and honours @AuditAction on a GET', async () => {
    const res = await http().post('/api/v1/cases').set(as(staff)).send({}).expect(201);
    const [created] = await rowsFor('case_id = $1', [res.body.id]);
    expect(created).toMatchObject({ action: 'case.create', chain: `case:${res.body.id}`, status_code: 201 });
    const caseId = randomUUID();
    await http().get(`/api/v1/cases/${caseId}/export`).set(as(staff)).expect(200);
    const [exp] = await rowsFor('case_id = $1', [caseId]);
    expect(exp).toMatchObject({ action: 'export.personalData', resource_type: 'person' });
  });

  /** Rows of a request, chained or still pending, without waiting for anything. */
  const committedFor = async (requestId: string): Promise<{ action: string; outcome: string; status_code: number }[]> =>
    (await ds.query(
      `SELECT action, outcome, status_code FROM (SELECT id, action, outcome, status_code, request_id FROM audit_outbox
         UNION ALL SELECT id, action, outcome, status_code, request_id FROM audit_log) r WHERE request_id = $1 ORDER BY id`,
      [requestId],
    )) as { action: string; outcome: string; status_code: number }[];

  it('commits an audited read (a dossier, a download) before its answer is sent', async () => {
    const caseId = randomUUID();
    const read = await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).expect(200);
    // No flush, no wait: the row was committed before the first byte of the answer.
    expect(await committedFor(read.headers['x-request-id'] as string)).toEqual([{ action: 'case.read', outcome: 'ok', status_code: 200 }]);
    const file = await http().get(`/api/v1/cases/${caseId}/documents/${randomUUID()}/content`).set(as(staff)).expect(200);
    expect(await committedFor(file.headers['x-request-id'] as string)).toEqual([{ action: 'case.document.download', outcome: 'ok', status_code: 200 }]);
    // Once only: the after-response handler does not write it again.
    await app.get(AuditService).flush();
    expect(await committedFor(file.headers['x-request-id'] as string)).toHaveLength(1);
  });

  describe('when the audit entry cannot be written', () => {
    beforeAll(async () => {
      // The test's own database: the application's outbox is gone.
      await app.get(AuditService).flush();
      await ds.query(`ALTER TABLE audit_outbox RENAME TO audit_outbox_away`);
    });
    afterAll(async () => {
      await ds.query(`ALTER TABLE audit_outbox_away RENAME TO audit_outbox`);
    });

    it('answers a case read 503 (problem+json) and sends nothing of the case', async () => {
      const caseId = randomUUID();
      const res = await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'AUDIT.UNAVAILABLE' });
      expect(res.body).not.toHaveProperty('id'); // the handler's answer ({ id }) was not sent
    });

    it('answers a document download 503 and sends none of its bytes', async () => {
      const res = await http().get(`/api/v1/cases/${randomUUID()}/documents/${randomUUID()}/content`).set(as(staff)).buffer(true).expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.body) + (res.text ?? '')).not.toContain('SECRET-DOSSIER-BYTES');
    });
  });

  it("commits a successful command's entry inside the command's transaction, once; a command that rolls back is recorded after its answer", async () => {
    const caseId = randomUUID();
    const ok = await http().post(`/api/v1/cases/${caseId}/notes`).set(as(staff)).send({}).expect(201);
    expect(await committedFor(ok.headers['x-request-id'] as string)).toEqual([{ action: 'case.notes', outcome: 'ok', status_code: 201 }]);
    const refused = await http().post(`/api/v1/cases/${caseId}/notes`).set(as(staff)).send({ fail: true }).expect(422);
    await app.get(AuditService).flush();
    expect(await committedFor(ok.headers['x-request-id'] as string)).toHaveLength(1);
    // The entry written inside the rolled-back transaction is gone; the refusal is recorded with its status.
    expect(await committedFor(refused.headers['x-request-id'] as string)).toEqual([{ action: 'case.notes', outcome: 'refused', status_code: 422 }]);
  });

  it('does not record ordinary reads outside case dossiers', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM audit_log`)) as { n: number }[];
    await http().get('/api/v1/cases').set(as(staff)).expect(200);
    await http().get('/api/v1/audit').set(as(inspector)).expect(200);
    await app.get(AuditService).flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(await ds.query(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(before);
  });

  describe('GET /api/v1/audit', () => {
    it('shows a partial scope only its own cases: rows of no case, and of cases elsewhere, stay hidden', async () => {
      await http().get('/api/v1/audit').expect(401);
      const caseId = randomUUID();
      await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).expect(200);
      await rowsFor('case_id = $1', [caseId]);
      const everything = await http().get('/api/v1/audit').query({ limit: 200 }).set(as(orgDept)).expect(200);
      expect(everything.body.items.length).toBeGreaterThan(0);
      const local = await http().get('/api/v1/audit').query({ limit: 200 }).set(as(localInspector)).expect(200);
      expect(local.body.items).toEqual([]);
      // A case the reader cannot see (here: one that does not exist) answers 404, never an empty page.
      const res = await http().get('/api/v1/audit').query({ caseId }).set(as(localInspector)).expect(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('filters by case, user and period, newest first, page by page', async () => {
      const caseId = randomUUID();
      for (let i = 0; i < 3; i++) await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).expect(200);
      await rowsFor('case_id = $1', [caseId], 3);
      const page1 = await http().get('/api/v1/audit').query({ caseId, limit: 2 }).set(as(inspector)).expect(200);
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.items[0].chainSeq).toBe(3);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await http().get('/api/v1/audit').query({ caseId, limit: 2, cursor: page1.body.nextCursor }).set(as(inspector)).expect(200);
      expect(page2.body.items.map((i: { chainSeq: number }) => i.chainSeq)).toEqual([1]);
      expect(page2.body.nextCursor).toBeNull();

      const byUser = await http().get('/api/v1/audit').query({ userId: staff.id, limit: 200 }).set(as(inspector)).expect(200);
      expect(byUser.body.items.length).toBeGreaterThanOrEqual(3);
      expect(byUser.body.items.every((i: { actorUserId: string }) => i.actorUserId === staff.id)).toBe(true);
      const future = await http().get('/api/v1/audit').query({ caseId, from: '2099-01-01T00:00:00Z' }).set(as(inspector)).expect(200);
      expect(future.body.items).toEqual([]);
    });

    it('refuses malformed filters and cursors with 400', async () => {
      await http().get('/api/v1/audit').query({ caseId: 'nope' }).set(as(inspector)).expect(400);
      await http().get('/api/v1/audit').query({ cursor: 'bm9wZQ' }).set(as(inspector)).expect(400);
    });
  });

  describe('GET /api/v1/audit/verify', () => {
    it('verifies every chain for a whole-tree reader; reports tampering naming the row', async () => {
      // A partial scope verifies one case of its own, never every chain.
      await http().get('/api/v1/audit/verify').set(as(localInspector)).expect(403);
      const clean = await http().get('/api/v1/audit/verify').set(as(inspector)).expect(200);
      expect(clean.body).toMatchObject({ ok: true, problems: [] });

      const caseId = randomUUID();
      await http().get(`/api/v1/cases/${caseId}`).set(as(staff)).expect(200);
      const [row] = await rowsFor('case_id = $1', [caseId]);
      await ds.transaction(async (m) => {
        await m.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
        await m.query(`UPDATE audit_log SET status_code = 404 WHERE id = $1`, [row!.id]);
        await m.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      });
      const bad = await http().get('/api/v1/audit/verify').query({ chain: `case:${caseId}` }).set(as(inspector)).expect(200);
      expect(bad.body).toMatchObject({ ok: false, firstProblem: { chain: `case:${caseId}`, seq: 1, id: String(row!.id), problem: 'hash mismatch' } });
    });
  });
});
