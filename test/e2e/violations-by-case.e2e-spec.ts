import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { UserService } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';

jest.setTimeout(120_000);

const PASSWORD = 'violations-password-2026';

/**
 * A background-check answer recorded after its 30 working days (procedure.md §7): the act opens a
 * PROC-DEADLINES violation whose responsible body is the deadline's; GET /api/v1/violations
 * filters by case, within the caller's subtree (404 outside it, 400 for a malformed id).
 */
describe('late violations: responsible body and the caseId filter', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: Client;
  let outsider: Client;
  let caseId: string;
  let version: number;
  let otherCase: string;

  const record = async (event: object) => {
    const res = await admin.post(`/api/v1/cases/${caseId}/events`, event, { 'If-Match': `"${version}"` });
    if (res.status !== 200) throw new Error(`${(event as { type: string }).type}: ${res.status} ${JSON.stringify(res.body).slice(0, 1000)}`);
    version = res.body.version;
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const seed = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
    const inside = await openDemoCase(t.app, admin, seed, 'DEMO-CB-SINHVIEN');
    caseId = inside.caseId;
    version = inside.version;
    const other = await openDemoCase(t.app, admin, seed, 'DEMO-CB-TDP1');
    otherCase = other.caseId;
    // A violation on the other case, so the filter has something to leave out.
    await ds.query(
      `INSERT INTO violations (case_id, rule_id, step, organisation_id, actual_date, status) VALUES ($1, 'PROC-ORDER', 'seeded', $2, '2025-03-01', 'open')`,
      [otherCase, other.cellId],
    );
    const users = t.app.get(UserService);
    const id = (await users.create({ username: 'cc.tdp1', password: PASSWORD })).id;
    await users.grant({ userId: id, role: 'cellCommittee' as never, organisationId: seed.organisations['DEMO-CB-TDP1']!, validFrom: '2020-01-01' });
    outsider = await login(t.app, 'cc.tdp1', PASSWORD);

    await record({ type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: MINH });
    await record({ type: 'awarenessCourse.certified', issuedOn: '2025-02-14', certificateNo: 'GCN-01' });
    await record({ type: 'dossier.cleared', decisionDate: '2025-03-03' });
    await record({ type: 'application.filed', date: '2025-03-10' });
    await record({ type: 'background.declared', date: '2025-03-12' });
    await record({ type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' });
    // Due 2025-04-26; answered 2025-05-06, recorded the day after (before any worker fired it).
    await admin.post('/api/v1/admin/clock', { to: '2025-05-07T03:00:00Z' }).expect(200);
    await record({ type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-05-06', finding: 'clear' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the late answer’s violation names the deadline’s responsible body, not null', async () => {
    const [deadline] = await ds.query(`SELECT responsible, status::text AS status, met_on::text AS met_on FROM deadlines WHERE case_id = $1 AND key = 'backgroundCheckAnswer:r1'`, [caseId]);
    expect(deadline.responsible).toEqual(expect.any(String));
    // Met late: the act is recorded, dated after the due date.
    expect(deadline).toMatchObject({ status: 'met', met_on: '2025-05-06' });
    const view = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
    const late = view.body.violations.filter((v: { ruleId: string }) => v.ruleId === 'PROC-DEADLINES');
    expect(late).toEqual([expect.objectContaining({ step: 'backgroundCheckAnswer:r1', responsible: deadline.responsible })]);
  });

  it('GET /api/v1/violations?caseId= lists that case’s violations only', async () => {
    const res = await admin.get(`/api/v1/violations?caseId=${caseId}`).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((v: { caseId: string }) => v.caseId === caseId)).toBe(true);
    expect(res.body.items.map((v: { ruleId: string }) => v.ruleId)).toContain('PROC-DEADLINES');
    const other = await admin.get(`/api/v1/violations?caseId=${otherCase}`).expect(200);
    expect(other.body.items.map((v: { step: string }) => v.step)).toEqual(['seeded']);
  });

  it('a case outside the caller’s subtree is 404, like a missing one; a malformed id is 400 with the field', async () => {
    const outside = await outsider.get(`/api/v1/violations?caseId=${caseId}`).expect(404);
    const missing = await outsider.get(`/api/v1/violations?caseId=00000000-0000-4000-8000-000000000000`).expect(404);
    expect({ ...outside.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
    await outsider.get(`/api/v1/violations?caseId=${otherCase}`).expect(200);
    const bad = await admin.get(`/api/v1/violations?caseId=not-a-uuid`).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/caseId/);
  });
});
