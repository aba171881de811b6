import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PersonService } from '../../libs/orgs/src/index.js';
import { ImportService } from '../../libs/imports/src/index.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { startWorker } from '../../apps/worker/src/start-worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { login, seedDemo, type Client } from '../support/http.js';

/**
 * Imports over HTTP with the real worker: the file is stored, the `import.run` job runs it, the
 * API reports progress and the report. Nothing is half-imported; a second run changes nothing.
 */
describe('imports (API + background job)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Client;
  let department: Client;
  let ds: DataSource;

  const until = async (jobId: string, client: Client = admin) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await client.get(`/api/v1/admin/imports/${jobId}`).expect(200);
      if (res.body.status === 'failed') throw new Error(`import ${jobId} failed: ${res.body.error}`);
      if (['done', 'rejected'].includes(res.body.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`import ${jobId} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const submitJson = async (kind: string, csv: string, client: Client = admin) => {
    const res = await client.post('/api/v1/admin/imports', { kind, csv }).expect(202);
    expect(res.headers.location).toBe(`/api/v1/admin/imports/${res.body.jobId}`);
    return res.body.jobId as string;
  };
  const submitText = async (kind: string, text: string, type = 'text/csv; charset=utf-8', client: Client = admin) => {
    const res = await request(t.app.getHttpServer())
      .post(`/api/v1/admin/imports?kind=${kind}&fileName=${kind}.csv`)
      .set('Authorization', `Bearer ${client.token}`)
      .set('Content-Type', type)
      .send(text)
      .expect(202);
    return res.body.jobId as string;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
    ds = t.app.get(DataSource);
    admin = await login(t.app, 'admin');
    department = await login(t.app, 'bantochuc');
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config, { lockDurationMs: 5_000, stalledIntervalMs: 5_000 }), { logger: false });
    await startWorker(worker, 2, false);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const ORGS_OK = [
    'code,name,kind,parent_code,valid_from,valid_to',
    'IMP-CB-B,Chi bộ Kỹ thuật,cell,IMP-DU,2024-01-01,',
    'IMP-DU,"Đảng bộ Công ty Nhập, Xuất",baseCommittee,DEMO-XA-AN-HOA,2024-01-01,',
    'IMP-CB-A,"Chi bộ ""Kinh doanh""",cell,IMP-DU,2024-01-01,',
  ].join('\r\n');

  it('rejects a file with bad rows: a precise report (row and field, Vietnamese first) and nothing stored', async () => {
    const before = await count(`SELECT count(*) AS n FROM organisations`);
    const bad = [
      'code,name,kind,parent_code,valid_from,valid_to',
      'IMP-X1,Chi bộ Một,cell,DEMO-DU-MAY,2024-01-01,', // good on its own
      'IMP-X2,,cell,DEMO-DU-MAY,2024-02-30,', // name missing, not a real date
      'IMP-X3,Chi bộ Ba,village,DEMO-DU-MAY,2024-01-01,', // unknown kind
      'IMP-X4,Chi bộ Bốn,cell,NO-SUCH-ORG,2024-01-01,', // parent unknown
      'IMP-X5,Chi bộ Năm,cell,DEMO-DU-MAY,2024-05-01,2024-04-01', // ends before it starts
    ].join('\n');
    const job = await until(await submitJson('organisations', bad));
    expect(job.status).toBe('rejected');
    expect(job.progress).toMatchObject({ done: 5, total: 5, percent: 100 });
    const where = job.report.issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code]);
    expect(where).toEqual([
      [3, 'name', 'IMPORTS.REQUIRED'],
      [3, 'valid_from', 'IMPORTS.INVALID'],
      [4, 'kind', 'IMPORTS.INVALID'],
      [5, 'parent_code', 'IMPORTS.NOT_FOUND'],
      [6, 'valid_to', 'IMPORTS.INVALID'],
    ]);
    const first = job.report.issues[0];
    expect(first.vi).toBe('Không được để trống');
    expect(first.en).toBe('Required');
    expect(job.report.counts).toMatchObject({ rows: 5, created: 0, invalid: 4 });
    expect(await count(`SELECT count(*) AS n FROM organisations`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM organisations WHERE code = 'IMP-X1'`)).toBe(0);
  });

  it('rolls back rows already written when a later row fails in the database', async () => {
    const file = ['code,name,kind,parent_code,valid_from', 'IMP-Y1,Chi bộ Y1,cell,DEMO-DU-MAY,2024-01-01', 'IMP-Y2,Chi bộ Y2,cell,DEMO-CB-TOMAY1,2024-01-01'].join('\n');
    const job = await until(await submitJson('organisations', file));
    expect(job.status).toBe('rejected');
    expect(job.report.issues).toEqual([expect.objectContaining({ row: 3, field: 'parent_code', code: 'IMPORTS.INVALID' })]);
    expect(await count(`SELECT count(*) AS n FROM organisations WHERE code LIKE 'IMP-Y%'`)).toBe(0);
  });

  it('imports a good file once; the same file again changes nothing', async () => {
    const first = await until(await submitJson('organisations', ORGS_OK));
    expect(first).toMatchObject({ status: 'done', counts: { rows: 3, created: 3, unchanged: 0, invalid: 0 } });
    const again = await until(await submitText('organisations', ORGS_OK));
    expect(again).toMatchObject({ status: 'done', counts: { rows: 3, created: 0, unchanged: 3 } });
    expect(await count(`SELECT count(*) AS n FROM organisations WHERE code LIKE 'IMP-%'`)).toBe(3);
    const [a] = await ds.query(`SELECT o.name, p.code AS parent FROM organisations o JOIN organisations p ON p.id = o.parent_id WHERE o.code = 'IMP-CB-A'`);
    expect(a).toEqual({ name: 'Chi bộ "Kinh doanh"', parent: 'IMP-DU' });
  });

  const MEMBERS = [
    '\uFEFFSố CCCD,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Tôn giáo,Nghề nghiệp,Trình độ học vấn,Mã tổ chức',
    '001 203 004 005,Hoàng Văn Nhập,05/03/1990,Nam,Kinh,,worker,upperSecondary,IMP-CB-A',
    '001203004006,Trần Thị Bình,1992-11-20,nữ,Tày,Phật giáo,civilServant,university,IMP-CB-A',
    '001203004007,Lê Thị Lan,12/05/2004,Nữ,Kinh,,student,upperSecondary,DEMO-CB-SINHVIEN',
  ].join('\r\n');

  it('imports members with Vietnamese headers (BOM, CRLF, DD/MM/YYYY) as the organisation department, once', async () => {
    const first = await until(await submitText('members', MEMBERS, 'text/csv', department), department);
    expect(first).toMatchObject({ status: 'done', counts: { rows: 3, created: 3 } });
    const again = await until(await submitText('members', MEMBERS, 'text/csv', department), department);
    expect(again).toMatchObject({ status: 'done', counts: { created: 0, unchanged: 3 } });
    const people = t.app.get(PersonService);
    const an = await people.findByCitizenId('001203004005');
    expect(an).toMatchObject({ fullName: 'Hoàng Văn Nhập', birthDate: '1990-03-05', sex: 'male', citizenIdMasked: '*********005' });
    expect(await count(`SELECT count(*) AS n FROM people WHERE full_name = 'Hoàng Văn Nhập'`)).toBe(1);
  });

  it('reports a member registered with other values by field name only, never the value', async () => {
    const changed = MEMBERS.replace('Hoàng Văn Nhập,05/03/1990', 'Hoàng Văn Nhâp,06/03/1990');
    const job = await until(await submitText('members', changed));
    expect(job.status).toBe('rejected');
    expect(job.report.issues).toEqual([expect.objectContaining({ row: 2, field: 'citizen_id', code: 'IMPORTS.CONFLICT' })]);
    expect(job.report.issues[0].en).toContain('full_name, birth_date');
    expect(JSON.stringify(job.report)).not.toContain('Nhâp');
  });

  it('imports memberships keyed by person, body and start date', async () => {
    const file = ['citizen_id,body_code,role,status,valid_from,valid_to', '001203004005,IMP-CB-A,member,full,2015-06-01,', '001203004006,IMP-CB-A,,probationary,2025-09-01,'].join('\n');
    expect(await until(await submitJson('memberships', file))).toMatchObject({ status: 'done', counts: { created: 2 } });
    expect(await until(await submitJson('memberships', file))).toMatchObject({ status: 'done', counts: { created: 0, unchanged: 2 } });
    expect(await count(`SELECT count(*) AS n FROM memberships m JOIN organisations o ON o.id = m.body_id WHERE o.code = 'IMP-CB-A'`)).toBe(2);
  });

  it('refuses what a role may not import (403) and what it may not read (404)', async () => {
    await department.post('/api/v1/admin/imports', { kind: 'organisations', csv: ORGS_OK }).expect(403);
    const chiuy = await login(t.app, 'chiuy');
    await chiuy.post('/api/v1/admin/imports', { kind: 'members', csv: MEMBERS }).expect(403);
    const jobId = await submitJson('organisations', ORGS_OK);
    await until(jobId);
    await department.get(`/api/v1/admin/imports/${jobId}`).expect(404);
    await admin.post('/api/v1/admin/imports', { kind: 'people', csv: 'x' }).expect(400);
  });

  it('accepts a text body larger than the 256 kB JSON limit on this route only', async () => {
    const header = 'Số CCCD,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Tôn giáo,Nghề nghiệp,Trình độ học vấn,Mã tổ chức';
    const lines = [header];
    for (let i = 0; i < 3000; i++) lines.push(`0019${String(i).padStart(8, '0')},Người Thứ ${i} Có Một Cái Tên Khá Dài Để Tệp Lớn Hơn,01/01/1980,Nam,Kinh,,worker,upperSecondary,IMP-CB-B`);
    const text = lines.join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(256 * 1024);
    const jobId = await submitText('members', text);
    // The job reports progress while it runs, then the totals.
    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    let job;
    for (;;) {
      job = (await admin.get(`/api/v1/admin/imports/${jobId}`).expect(200)).body;
      if (job.status === 'running' && job.progress.total) seen.push(job.progress.done);
      if (['done', 'rejected', 'failed'].includes(job.status) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(job).toMatchObject({ status: 'done', progress: { done: 3000, total: 3000, percent: 100 }, counts: { rows: 3000, created: 3000 } });
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1]!)).toBe(true);
    // The same size as JSON hits the global limit.
    await admin.post('/api/v1/admin/imports', { kind: 'members', csv: text }).expect(413);
    // Without a token: 401, the body is not read.
    await request(t.app.getHttpServer()).post('/api/v1/admin/imports?kind=members').set('Content-Type', 'text/csv').send(text).expect(401);
    // The service reports progress from 0 to the total, never backwards (the CLI's bar and the job's row use it).
    const calls: [number, number][] = [];
    const again = await t.app.get(ImportService).run('members', text, { actor: { userId: null, scopeRoots: null }, onProgress: (d, n) => void calls.push([d, n]) });
    expect(again.counts).toMatchObject({ rows: 3000, unchanged: 3000 });
    expect(calls[0]).toEqual([0, 3000]);
    expect(calls.at(-1)).toEqual([3000, 3000]);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.every(([d], i) => i === 0 || d > calls[i - 1]![0])).toBe(true);
  }, 90_000);

  describe('cases already in progress', () => {
    const vote = (motion: string, meetingDate: string, eligible: number, votesFor: number) => ({ motion, meetingDate, eligible, for: votesFor, against: eligible - votesFor });
    const lines = () =>
      [
        {
          source: 'so-giay-2025',
          externalId: 'HS-001',
          citizenId: '001203004007',
          organisationCode: 'DEMO-CB-SINHVIEN',
          stage: 'awaitingDecision',
          importedOn: '2025-08-01',
          // 4 of 9 voted for: below two thirds. Imported history is audited, not refused.
          evidence: { cellResolution: vote('admit', '2025-07-20', 9, 4), awarenessCertIssuedOn: '2025-01-10', applicationOn: '2025-03-01' },
        },
        {
          source: 'so-giay-2025',
          externalId: 'HS-002',
          citizenId: '001203004006',
          organisationCode: 'IMP-CB-A',
          stage: 'probation',
          importedOn: '2025-10-01',
          evidence: { ceremonyOn: '2025-09-01', helper: { memberId: 'dv-an', name: 'Hoàng Văn Nhập', memberStatus: 'full', assignedOn: '2025-09-01' } },
        },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n');

    it('imports a case with a below-threshold vote: a violation is opened, the case is not refused', async () => {
      const job = await until(await submitText('cases', lines(), 'application/x-ndjson'));
      expect(job.status).toBe('done');
      expect(job.counts).toMatchObject({ rows: 2, created: 2, invalid: 0 });
      const [one, two] = job.report.cases;
      expect(one).toMatchObject({ externalId: 'HS-001', outcome: 'created', stage: 'awaitingDecision' });
      expect(one.violations).toContain('PROC-CELL-VOTE');
      expect(two).toMatchObject({ externalId: 'HS-002', outcome: 'created', stage: 'probation' });
      const view = await admin.get(`/api/v1/cases/${one.caseId}`).expect(200);
      expect(view.body.stage).toBe('awaitingDecision');
      expect(view.body.violations.map((v: { ruleId: string }) => v.ruleId)).toContain('PROC-CELL-VOTE');
      expect(view.body.deadlines.some((d: { timerId: string }) => d.timerId === 'admissionDecision')).toBe(true);
      const events = await admin.get(`/api/v1/cases/${one.caseId}/events`).expect(200);
      expect(events.body.map((e: { type: string }) => e.type)).toEqual(['case.opened', 'case.imported']);
    });

    it('skips cases already imported on a second run (one copy)', async () => {
      const job = await until(await submitText('cases', lines(), 'application/x-ndjson'));
      expect(job).toMatchObject({ status: 'done', counts: { created: 0, unchanged: 2 } });
      expect(await count(`SELECT count(*) AS n FROM imported_cases WHERE source = 'so-giay-2025'`)).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM cases c JOIN imported_cases i ON i.case_id = c.id`)).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM cases c JOIN people p ON p.id = c.person_id WHERE p.full_name = 'Lê Thị Lan'`)).toBe(1);
    });

    it('rejects a file with an invalid line before opening any case, naming the evidence field', async () => {
      const before = await count(`SELECT count(*) AS n FROM cases`);
      const text = [
        JSON.stringify({ source: 's', externalId: 'A', citizenId: '001203004005', organisationCode: 'IMP-CB-A', stage: 'awaitingCellVote', evidence: {} }),
        JSON.stringify({ source: 's', externalId: 'B', citizenId: '001203004005', organisationCode: 'IMP-CB-A', stage: 'awaitingDecision', evidence: { cellResolution: { motion: 'admit', meetingDate: '2025-07-20', eligible: 9, for: 'four', against: 5 } } }),
        '{not json',
      ].join('\n');
      const job = await until(await submitText('cases', text, 'application/x-ndjson'));
      expect(job.status).toBe('rejected');
      expect(job.report.issues.map((i: { row: number; field: string | null }) => [i.row, i.field])).toEqual([
        [2, 'evidence.cellResolution.for'],
        [3, null],
      ]);
      expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(before);
    });
  });
});
