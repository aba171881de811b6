import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UserService } from '../../libs/orgs/src/index.js';
import { ReauditJobs } from '../../libs/reports/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientFor } from '../support/http.js';
import { insertCase, insertOrg } from '../support/reports.js';

jest.setTimeout(90_000);

const PASSWORD = 'correct-horse-battery';

/**
 * Reports against a dataset whose true counts the test knows, including a merger: cell OLD (under
 * B1) merged into NEW (under B2) on 2021-07-01, so OLD's admissions of 2021 count in B2 and not B1.
 */
describe('supervisor reports, targets, exports and violations API', () => {
  let t: TestApp;
  let ds: DataSource;
  const org: Record<string, string> = {};
  const token: Record<string, string> = {};
  const as = (user: string) => clientFor(t.app, token[user]!);
  const admit = (cell: string, date: string, person: Parameters<typeof insertCase>[1]['person'] = {}, youthUnionMember = false) =>
    insertCase(ds, {
      organisationId: cell,
      person,
      youthUnionMember,
      status: 'closed',
      decisions: [{ kind: 'admission', date }],
      decisionDate: date,
    });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    org.P = await insertOrg(ds, 'RP-P', 'provincialCommittee', null);
    org.B1 = await insertOrg(ds, 'RP-B1', 'baseCommittee', org.P);
    org.B2 = await insertOrg(ds, 'RP-B2', 'baseCommittee', org.P);
    org.B3 = await insertOrg(ds, 'RP-B3', 'baseCommittee', org.P);
    org.C1 = await insertOrg(ds, 'RP-C1', 'cell', org.B1);
    org.C2 = await insertOrg(ds, 'RP-C2', 'cell', org.B2);
    org.C3 = await insertOrg(ds, 'RP-C3', 'cell', org.B3);
    org.OLD = await insertOrg(ds, 'RP-OLD', 'cell', org.B1, '2015-01-01', '2021-07-01');
    org.NEW = await insertOrg(ds, 'RP-NEW', 'cell', org.B2, '2021-07-01');
    await ds.query(
      `INSERT INTO organisation_successions (predecessor_id, successor_id, kind, effective_date) VALUES ($1, $2, 'merger', '2021-07-01')`,
      [org.OLD, org.NEW],
    );
    org.Q = await insertOrg(ds, 'RP-Q', 'provincialCommittee', null);
    await ds.query(
      `INSERT INTO hamlets (code, name, area_organisation_id, cell_id, valid_from) VALUES ('RP-H1', 'Thôn 1', $1, NULL, '2015-01-01'), ('RP-H2', 'Thôn 2', $1, $2, '2015-01-01')`,
      [org.B1, org.C1],
    );

    // 2021 admissions: C1 three, OLD two (before the merger), C2 one; plus a refusal and a 2020 admission that never count.
    await admit(
      org.C1,
      '2021-02-10',
      { sex: 'female', occupation: 'student', birthDate: '2001-01-01', educationLevel: 'university' },
      true,
    );
    await admit(org.C1, '2021-05-20', {
      ethnicity: 'Tày',
      religion: 'Công giáo',
      occupation: 'farmer',
      birthDate: '1986-01-01',
      educationLevel: 'upperSecondary',
    });
    await admit(org.C1, '2021-11-03', {
      sex: 'female',
      occupation: 'privateEnterprise',
      birthDate: '1993-06-01',
      educationLevel: 'college',
    });
    await admit(org.OLD, '2021-03-15', { occupation: 'worker', birthDate: '1990-01-01' });
    await admit(org.OLD, '2021-05-02', { occupation: 'privateEnterprise', birthDate: '1980-01-01', ethnicity: 'Kinh', religion: 'Không' });
    await admit(org.C2, '2021-12-31', { occupation: 'pupil', birthDate: '2003-12-31', educationLevel: 'lowerSecondary' });
    await insertCase(ds, { organisationId: org.C1, decisions: [{ kind: 'admission', date: '2021-06-01', outcome: 'refused' }] });
    await admit(org.C1, '2020-12-31');
    // Recognitions: one late (a deadline violation on its decision), one on time; a removal.
    const late = await insertCase(ds, {
      organisationId: org.C1,
      ceremonyDate: '2020-02-20',
      recognitionDate: '2021-02-20',
      decisions: [{ kind: 'recognition', date: '2021-04-10' }],
      deadlines: [{ key: 'recognitionDecision', start: '2021-02-25', due: '2021-04-08' }],
    });
    await insertCase(ds, {
      organisationId: org.C1,
      ceremonyDate: '2020-08-15',
      recognitionDate: '2021-08-15',
      decisions: [{ kind: 'recognition', date: '2021-09-01' }],
    });
    await insertCase(ds, { organisationId: org.C2, decisions: [{ kind: 'removal', date: '2021-10-01' }] });
    await ds.query(
      `INSERT INTO violations (case_id, organisation_id, rule_id, step, due_date, actual_date) VALUES ($1, $2, 'PROC-DEADLINES', 'recognitionDecision', '2021-04-08', '2021-04-10')`,
      [late, org.C1],
    );
    // Open cases for the pipeline.
    await insertCase(ds, {
      organisationId: org.C2,
      stage: 'dossier',
      openedOn: '2025-01-01',
      events: [{ type: 'application.filed', date: '2025-06-01' }],
    });

    const users = t.app.get(UserService);
    const grants: [string, 'organisationDepartment' | 'inspection' | 'cellCommittee', string][] = [
      ['rp-bantochuc', 'organisationDepartment', org.P],
      ['rp-kiemtra', 'inspection', org.P],
      ['rp-chiuy', 'cellCommittee', org.C1],
      ['rp-b1', 'organisationDepartment', org.B1],
      ['rp-other', 'organisationDepartment', org.Q],
    ];
    for (const [username, role, o] of grants) {
      const u = await users.create({ username, password: PASSWORD });
      await users.grant({ userId: u.id, role, organisationId: o, validFrom: '2020-01-01' });
      const res = await request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ username, password: PASSWORD }).expect(200);
      token[username] = res.body.accessToken;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('admissions per quarter over the province: true counts, categories, recognitions with their effective dates', async () => {
    const res = await as('rp-bantochuc').get(`/api/v1/reports/admissions?organisationId=${org.P}&year=2021&period=quarter`).expect(200);
    const r = res.body;
    expect(r.total.admissions.total).toBe(6);
    expect(r.periods.map((p: { key: string; admissions: { total: number } }) => [p.key, p.admissions.total])).toEqual([
      ['2021-Q1', 2],
      ['2021-Q2', 2],
      ['2021-Q3', 0],
      ['2021-Q4', 2],
    ]);
    expect(r.total.admissions.occupation).toMatchObject({
      student: 1,
      farmer: 1,
      privateEnterprise: 2,
      worker: 1,
      pupil: 1,
      civilServant: 0,
    });
    expect(r.total.admissions.flags).toEqual({
      youthUnionMember: 1,
      woman: 2,
      ethnicMinority: 1,
      religiousFollower: 1,
      age18to30: 3,
      upperSecondary: 3,
      collegeOrHigher: 2,
    });
    expect(r.total.recognitions).toMatchObject({ late: 1, onTime: 1 });
    expect(r.total.recognitions.counts.total).toBe(2);
    expect(r.total.removals).toEqual({ total: 1, late: 0, onTime: 1 });
    expect(r.recognitionDates).toEqual([
      expect.objectContaining({ decisionDate: '2021-04-10', effectiveDate: '2021-02-20', late: true }),
      expect.objectContaining({ decisionDate: '2021-09-01', effectiveDate: '2021-08-15', late: false }),
    ]);
    expect(r.periods[1].recognitions.effectiveBeforePeriod).toBe(1);
    expect(r.personalData).toBe(false);
    const byCode = Object.fromEntries(
      r.byOrganisation.map((o: { organisation: { code: string } | null; admissions: { total: number } }) => [
        o.organisation?.code ?? 'other',
        o.admissions.total,
      ]),
    );
    // The merger: OLD's two admissions roll into NEW, under B2.
    expect(byCode).toEqual({ 'RP-B1': 3, 'RP-B2': 3, 'RP-B3': 0 });
  });

  it('a predecessor’s admissions roll up into the successor’s subtree, not the old parent’s', async () => {
    const b2 = await as('rp-bantochuc').get(`/api/v1/reports/admissions?organisationId=${org.B2}&year=2021&period=half`).expect(200);
    expect(b2.body.total.admissions.total).toBe(3);
    expect(b2.body.periods.map((p: { admissions: { total: number } }) => p.admissions.total)).toEqual([2, 1]);
    const successor = await as('rp-bantochuc').get(`/api/v1/reports/admissions?organisationId=${org.NEW}&year=2021`).expect(200);
    expect(successor.body.total.admissions.total).toBe(2);
    const b1 = await as('rp-bantochuc').get(`/api/v1/reports/admissions?organisationId=${org.B1}&year=2021&period=month`).expect(200);
    expect(b1.body.total.admissions.total).toBe(3);
    expect(b1.body.periods).toHaveLength(12);
  });

  it('targets: set by the organisation department (audited), progress as a whole percent; 1,749 / 1,600 → 109%', async () => {
    await as('rp-bantochuc')
      .put('/api/v1/targets', {
        organisationId: org.P,
        year: 2021,
        targets: [
          { category: 'total', target: 5 },
          { category: 'privateEnterprise', target: 3 },
        ],
      })
      .expect(200);
    const res = await as('rp-kiemtra').get(`/api/v1/reports/targets?organisationId=${org.P}&year=2021`).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ category: 'total', target: 5, actual: 6, percent: 120 }),
      expect.objectContaining({ category: 'privateEnterprise', target: 3, actual: 2, percent: 67 }),
    ]);
    await t.app.get(AuditService).flush();
    const audited = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'target.set'`);
    expect(audited[0].n).toBe(2);

    // The seed article's figures: 1,749 admitted against a plan of 1,600.
    await as('rp-bantochuc')
      .put('/api/v1/targets', { organisationId: org.B3, year: 2021, targets: [{ category: 'total', target: 1600 }] })
      .expect(200);
    const people: string[] = [];
    for (let i = 0; i < 1749; i++)
      people.push(`('${org.C3}', 'Đảng viên mới ${i}', '1999-01-01', 'male', 'Kinh', 'other', 'upperSecondary')`);
    await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level) VALUES ${people.join(',')}`,
    );
    await ds.query(
      `WITH p AS (SELECT id FROM people WHERE organisation_id = $1),
            c AS (INSERT INTO cases (person_id, organisation_id, status, state, stage, snapshot, machine_version, opened_on)
                  SELECT id, $1, 'closed', 'imported', 'imported', '{}'::jsonb, 1, '2021-01-01' FROM p RETURNING id),
            e AS (INSERT INTO case_events (case_id, seq, type, payload, event_date, state_after, machine_version)
                  SELECT id, 1, 'case.imported', '{}'::jsonb, '2021-06-30', 'imported', 1 FROM c RETURNING id, case_id)
       INSERT INTO decisions (case_id, event_id, kind, body, signed_on, outcome) SELECT case_id, id, 'admission', 'COMPETENT', '2021-06-30', 'admitted' FROM e`,
      [org.C3],
    );
    const b3 = await as('rp-bantochuc').get(`/api/v1/reports/targets?organisationId=${org.B3}&year=2021`).expect(200);
    expect(b3.body.items).toEqual([expect.objectContaining({ category: 'total', target: 1600, actual: 1749, percent: 109 })]);
    const province = await as('rp-bantochuc').get(`/api/v1/reports/targets?organisationId=${org.P}&year=2021`).expect(200);
    expect(province.body.children).toEqual([expect.objectContaining({ organisation: expect.objectContaining({ code: 'RP-B3' }) })]);
  });

  it('targets: another role gets 403, another subtree 404, an unknown category 400', async () => {
    await as('rp-kiemtra')
      .put('/api/v1/targets', { organisationId: org.P, year: 2021, targets: [{ category: 'total', target: 1 }] })
      .expect(403);
    await as('rp-b1')
      .put('/api/v1/targets', { organisationId: org.P, year: 2021, targets: [{ category: 'total', target: 1 }] })
      .expect(404);
    await as('rp-other')
      .put('/api/v1/targets', { organisationId: org.B1, year: 2021, targets: [{ category: 'total', target: 1 }] })
      .expect(404);
    await as('rp-bantochuc')
      .put('/api/v1/targets', { organisationId: org.P, year: 2021, targets: [{ category: 'martians', target: 1 }] })
      .expect(400);
  });

  it('exports: the CSV parses back to the JSON figures with the layout note; the XLSX opens with exceljs', async () => {
    const json = (await as('rp-bantochuc').get(`/api/v1/reports/admissions?organisationId=${org.B1}&year=2021&period=quarter`).expect(200))
      .body;
    const csv = await as('rp-bantochuc')
      .get(`/api/v1/reports/admissions?organisationId=${org.B1}&year=2021&period=quarter&format=csv`)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split(/\r\n/);
    expect(lines.filter((l) => l.startsWith('#')).join(' ')).toMatch(/HD 40-HD\/BTCTW.*not available/);
    const tableStart = lines.findIndex((l) => l.startsWith('organisationCode,'));
    const header = lines[tableStart]!.split(',');
    const rows = lines
      .slice(tableStart + 1)
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    const q2 = rows.find((r) => r.period === '2021-Q2' && r.measure === 'admissions')!;
    expect(Number(q2.total)).toBe(json.periods[1].admissions.total);
    expect(Number(q2.farmer)).toBe(1);
    const year = rows.find((r) => r.period === '2021' && r.measure === 'recognitions' && r.organisationCode === 'RP-B1')!;
    expect(Number(year.total)).toBe(2);
    expect(Number(year.late)).toBe(1);

    const xlsx = await as('rp-bantochuc')
      .get(`/api/v1/reports/admissions?organisationId=${org.B1}&year=2021&period=quarter&format=xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('Ket nap')!;
    expect(String(ws.getRow(3).getCell(1).value)).toMatch(/not available/);
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === 'organisationCode') headerRow = n;
    });
    const cols = (ws.getRow(headerRow).values as unknown[]).slice(1) as string[];
    let total = 0;
    ws.eachRow((row, n) => {
      if (n <= headerRow + 1) return;
      const v = (ws.getRow(n).values as unknown[]).slice(1);
      if (v[cols.indexOf('measure')] === 'admissions' && String(v[cols.indexOf('period')]).includes('-Q'))
        total += Number(v[cols.indexOf('total')]);
    });
    expect(total).toBe(json.total.admissions.total);
    await t.app.get(AuditService).flush();
    const exported = await ds.query(`SELECT details FROM audit_log WHERE action = 'report.export' ORDER BY id`);
    expect(exported.map((e: { details: { format: string; personalData: boolean } }) => [e.details.format, e.details.personalData])).toEqual(
      [
        ['csv', false],
        ['xlsx', false],
      ],
    );
  });

  it('scope: another subtree gets 404, a cell committee 403, for every report', async () => {
    for (const url of [
      `/api/v1/reports/admissions?organisationId=${org.P}&year=2021`,
      `/api/v1/reports/targets?organisationId=${org.P}&year=2021`,
      `/api/v1/reports/coverage?organisationId=${org.P}`,
      `/api/v1/reports/pipeline?organisationId=${org.P}`,
    ]) {
      await as('rp-other').get(url).expect(404);
      await as('rp-chiuy').get(url).expect(403);
    }
    await as('rp-b1').get(`/api/v1/reports/admissions?organisationId=${org.B2}&year=2021`).expect(404);
  });

  it('coverage and pipeline', async () => {
    const cov = await as('rp-bantochuc')
      .get(`/api/v1/reports/coverage?organisationId=${org.P}&asOf=2021-12-31&from=2021-01-01&to=2021-12-31`)
      .expect(200);
    expect(cov.body.hamlets).toMatchObject({ total: 2, noCell: 1, noMember: 1 });
    // B1 and B2 admitted in 2021; B3's 1,749 were admitted too.
    expect(cov.body.baseOrganisations).toMatchObject({ total: 3, admitting: 3, share: 100 });
    const cov2 = await as('rp-bantochuc')
      .get(`/api/v1/reports/coverage?organisationId=${org.P}&asOf=2021-12-31&from=2021-07-01&to=2021-12-31`)
      .expect(200);
    expect(cov2.body.baseOrganisations).toMatchObject({ total: 3, admitting: 2, share: 66.7 });
    const pipe = await as('rp-kiemtra').get(`/api/v1/reports/pipeline?organisationId=${org.P}&asOf=2025-07-01`).expect(200);
    // The dossier case waited 30 days since its last transition; the four open imported cases since 2020-01-01.
    expect(pipe.body.stages).toEqual([
      expect.objectContaining({
        stage: 'dossier',
        cases: 1,
        waitingDays: { average: 30, median: 30, max: 30 },
        buckets: { upTo30: 1, upTo90: 0, upTo180: 0, over180: 0 },
      }),
      expect.objectContaining({ stage: 'imported', cases: 4, buckets: { upTo30: 0, upTo90: 0, upTo180: 0, over180: 4 } }),
    ]);
    expect(pipe.body.openCases).toBe(5);
  });

  it('violations: listing in scope with grouped counts, re-audit job with progress, explain and resolve over HTTP', async () => {
    const start = await as('rp-kiemtra').post('/api/v1/compliance/reaudit', { organisationId: org.P }).expect(202);
    const jobId = start.body.jobId as string;
    await as('rp-other').get(`/api/v1/jobs/${jobId}`).expect(404);
    await as('rp-chiuy').post('/api/v1/compliance/reaudit', { organisationId: org.C1 }).expect(403);
    // The worker's handler body (no worker process in this test).
    await t.app.get(ReauditJobs).run(jobId);
    const job = await as('rp-kiemtra').get(`/api/v1/jobs/${jobId}`).expect(200);
    expect(job.body).toMatchObject({ status: 'done', progress: { percent: 100 } });
    expect(job.body.result).toMatchObject({ opened: expect.any(Number), closed: 0 });

    const list = await as('rp-kiemtra').get(`/api/v1/violations?organisationId=${org.P}&ruleId=PROC-DEADLINES`).expect(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(1);
    const grouped = await as('rp-kiemtra').get(`/api/v1/violations?groupBy=rule`).expect(200);
    expect(grouped.body.groups.find((g: { key: string }) => g.key === 'PROC-DEADLINES')).toMatchObject({ total: expect.any(Number) });
    const byOrg = await as('rp-kiemtra').get(`/api/v1/violations?groupBy=organisation`).expect(200);
    expect(byOrg.body.groups.map((g: { label: string }) => g.label)).toContain('Tổ chức RP-C1');
    expect((await as('rp-other').get(`/api/v1/violations`).expect(200)).body.items).toEqual([]);
    await as('rp-other').get(`/api/v1/violations?organisationId=${org.P}`).expect(404);

    const id = list.body.items[0].id as string;
    await as('rp-other').post(`/api/v1/violations/${id}/explain`, { text: 'x' }).expect(404);
    await as('rp-kiemtra').post(`/api/v1/violations/${id}/resolve`, { text: 'chưa giải trình' }).expect(409);
    await as('rp-chiuy').post(`/api/v1/violations/${id}/explain`, { text: 'Cấp ủy họp chậm do dịch bệnh' }).expect(200);
    await as('rp-chiuy').post(`/api/v1/violations/${id}/resolve`, { text: 'x' }).expect(403);
    const resolved = await as('rp-kiemtra').post(`/api/v1/violations/${id}/resolve`, { text: 'Chấp nhận' }).expect(200);
    expect(resolved.body.status).toBe('resolved');
    const history = await as('rp-kiemtra').get(`/api/v1/violations/${id}/history`).expect(200);
    expect(history.body.map((h: { action: string }) => h.action).slice(-2)).toEqual(['explained', 'resolved']);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    for (const p of [
      '/api/v1/violations',
      '/api/v1/violations/{id}/explain',
      '/api/v1/violations/{id}/resolve',
      '/api/v1/compliance/reaudit',
      '/api/v1/jobs/{id}',
      '/api/v1/reports/admissions',
      '/api/v1/reports/targets',
      '/api/v1/targets',
      '/api/v1/reports/coverage',
      '/api/v1/reports/pipeline',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
  });
});
