import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../libs/audit/src/index.js';
import { UserService, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

jest.setTimeout(120_000);

const PASSWORD = 'scope-password-2026';

/**
 * Issue 15 items 1 and 2 through HTTP on the demo province: the audit trail answers within the
 * reader's subtree (404 for a case outside it), and engine-only events are refused to everyone.
 */
describe('reads scoped to the subtree; engine-only events', () => {
  let t: TestApp;
  let ds: DataSource;
  let seed: DemoSeedResult;
  let admin: Client;
  let inside: { caseId: string; version: number };
  let outside: { caseId: string; version: number };
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get((await import('typeorm')).DataSource);
    seed = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    inside = await openDemoCase(t.app, admin, seed, 'DEMO-CB-SINHVIEN');
    outside = await openDemoCase(t.app, admin, seed, 'DEMO-CB-TDP1');
    const users = t.app.get(UserService);
    const make = async (username: string, role: string, org: string) => {
      const id = (await users.create({ username, password: PASSWORD })).id;
      await users.grant({ userId: id, role: role as never, organisationId: seed.organisations[org]!, validFrom: '2020-01-01' });
      as[username] = await login(t.app, username, PASSWORD);
    };
    // An organisation department of one commune, cell and base committees under it, a commune admin.
    await make('od.anhoa', 'organisationDepartment', 'DEMO-XA-AN-HOA');
    await make('cc.sinhvien', 'cellCommittee', 'DEMO-CB-SINHVIEN');
    await make('bc.daihoc', 'baseCommitteeStaff', 'DEMO-DU-DAIHOC');
    await make('admin.anhoa', 'admin', 'DEMO-XA-AN-HOA');
    as.bantochuc = await login(t.app, 'bantochuc');
    // Some trail on both cases (dossier reads are recorded) and a report export of the other commune.
    await admin.get(`/api/v1/cases/${inside.caseId}`).expect(200);
    await admin.get(`/api/v1/cases/${outside.caseId}`).expect(200);
    await as.bantochuc.get(`/api/v1/reports/admissions?organisationId=${seed.organisations['DEMO-PHUONG-BINH-MINH']}&year=2025&format=csv`).expect(200);
    await as['od.anhoa']!.get(`/api/v1/reports/admissions?organisationId=${seed.organisations['DEMO-XA-AN-HOA']}&year=2025&format=csv`).expect(200);
    await t.app.get(AuditService).flush();
  });
  afterAll(async () => {
    await t?.close();
  });

  type Row = { caseId: string | null; action: string; details: { organisationId?: string } };
  const all = async (c: Client, query = ''): Promise<Row[]> => (await c.get(`/api/v1/audit?limit=200${query}`).expect(200)).body.items;

  describe('the audit trail', () => {
    it('a case of a sibling branch is 404 for the organisation department of one commune, exactly like a missing case', async () => {
      const other = await as['od.anhoa']!.get(`/api/v1/audit?caseId=${outside.caseId}`).expect(404);
      const missing = await as['od.anhoa']!.get(`/api/v1/audit?caseId=00000000-0000-4000-8000-000000000000`).expect(404);
      expect({ ...other.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
      const own = await all(as['od.anhoa']!, `&caseId=${inside.caseId}`);
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((r) => r.caseId === inside.caseId)).toBe(true);
    });

    it('the unfiltered list holds only rows of cases and organisations in the subtree; no logins, no sibling rows', async () => {
      const rows = await all(as['od.anhoa']!);
      const caseIds = new Set(rows.map((r) => r.caseId));
      expect(caseIds.has(inside.caseId)).toBe(true);
      expect(caseIds.has(outside.caseId)).toBe(false);
      // Rows of no case: only those naming an organisation of the subtree (its own export), never logins.
      const caseless = rows.filter((r) => r.caseId === null);
      expect(caseless.map((r) => r.action)).toEqual(['report.export']);
      expect(caseless[0]!.details.organisationId).toBe(seed.organisations['DEMO-XA-AN-HOA']);
      // The province's organisation department covers every organisation: it reads everything, logins included.
      const province = await all(as.bantochuc!);
      expect(province.some((r) => r.caseId === outside.caseId)).toBe(true);
      expect(province.some((r) => r.action === 'auth.login')).toBe(true);
      expect(province.filter((r) => r.action === 'report.export')).toHaveLength(2);
    });

    it('cell and base committees read the audit of the cases in their subtree, and only those', async () => {
      for (const who of ['cc.sinhvien', 'bc.daihoc', 'admin.anhoa']) {
        const rows = await all(as[who]!, `&caseId=${inside.caseId}`);
        expect(rows.length).toBeGreaterThan(0);
        await as[who]!.get(`/api/v1/audit?caseId=${outside.caseId}`).expect(404);
        const unfiltered = await all(as[who]!);
        expect(unfiltered.some((r) => r.caseId === outside.caseId || r.action === 'auth.login')).toBe(false);
      }
      // The cell committee's subtree is its cell: the commune's export is not its to read.
      expect((await all(as['cc.sinhvien']!)).some((r) => r.caseId === null)).toBe(false);
    });

    it('filters by entity: resourceType and resourceId', async () => {
      const rows = await all(as.bantochuc!, '&resourceType=report');
      expect(rows.length).toBe(2);
      expect(rows.every((r) => r.action === 'report.export')).toBe(true);
      await as.bantochuc!.get('/api/v1/audit?resourceType=bad%20type').expect(400);
    });

    it('verification: a partial scope verifies a case of its own, not others, not every chain', async () => {
      await as['admin.anhoa']!.get(`/api/v1/audit/verify?chain=case:${inside.caseId}`).expect(200);
      await as['admin.anhoa']!.get(`/api/v1/audit/verify?chain=case:${outside.caseId}`).expect(404);
      await as['admin.anhoa']!.get(`/api/v1/audit/verify`).expect(403);
      await as['cc.sinhvien']!.get(`/api/v1/audit/verify?chain=case:${inside.caseId}`).expect(403);
      const whole = await admin.get(`/api/v1/audit/verify`).expect(200);
      expect(whole.body.ok).toBe(true);
    });
  });

  describe('lists filtered by an organisation', () => {
    it('answer 404 for an organisation outside the subtree, as for one that does not exist; 200 inside', async () => {
      const od = as['od.anhoa']!;
      const insideOrg = seed.organisations['DEMO-CB-SINHVIEN']!;
      const outsideOrg = seed.organisations['DEMO-CB-TDP1']!;
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const path of ['/api/v1/cases?organisationId=', '/api/v1/violations?organisationId=', '/api/v1/admin/webhook-endpoints?organisationId=', '/api/v1/reports/pipeline?organisationId=']) {
        await od.get(`${path}${insideOrg}`).expect(200);
        const out = await od.get(`${path}${outsideOrg}`).expect(404);
        expect(JSON.stringify(out.body)).not.toContain(outsideOrg);
        await od.get(`${path}${missing}`).expect(404);
      }
      const cases = await od.get(`/api/v1/cases?organisationId=${insideOrg}`).expect(200);
      expect(cases.body.items.map((c: { id: string }) => c.id)).toContain(inside.caseId);
    });
  });

  describe('engine-only events (SYSTEM in the events contract)', () => {
    const fired = { type: 'deadline.fired', timerId: 'dossierFreshness', dueDate: '2026-01-05' };
    const countEvents = async (caseId: string): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId]))[0].n;

    it('are refused with 403 to every user, administrators included, and nothing is stored', async () => {
      const before = await countEvents(inside.caseId);
      const [{ version }] = await ds.query(`SELECT version FROM cases WHERE id = $1`, [inside.caseId]);
      for (const c of [admin, as['admin.anhoa']!, as['cc.sinhvien']!, as['od.anhoa']!]) {
        const res = await c.post(`/api/v1/cases/${inside.caseId}/events`, fired, { 'If-Match': `"${version}"`, 'Idempotency-Key': `fire-${c.token.slice(-12)}` });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'CASE.ROLE_NOT_ALLOWED', engineOnly: true });
      }
      expect(await countEvents(inside.caseId)).toBe(before);
      expect((await ds.query(`SELECT version FROM cases WHERE id = $1`, [inside.caseId]))[0].version).toBe(version);
      expect(await ds.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE case_id = $1`, [inside.caseId])).toEqual([{ n: 0 }]);
      // Outside the subtree the answer stays 404: the case's existence never leaks.
      await as['od.anhoa']!.post(`/api/v1/cases/${outside.caseId}/events`, fired, { 'If-Match': '"1"' }).expect(404);
    });
  });
});
