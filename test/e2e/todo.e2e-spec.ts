import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { AuditService } from '../../libs/audit/src/index.js';
import { UserService, todayInVietnam, type DemoSeedResult } from '../../libs/orgs/src/index.js';
import { daysBetween } from '../../libs/procedure/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { recordAll } from '../support/scenarios.js';

jest.setTimeout(180_000);

const PASSWORD = 'todo-password-2026';

interface TodoItem {
  caseId: string;
  stage: string;
  person: { fullName: string; occupation: string | null };
  organisation: { id: string; name: string };
  deadline: { key: string; timerId: string; label: { vi: string; en: string }; limit: string | null };
  overdue: boolean;
  countdown: { unit: 'workingDays' | 'calendarDays'; left: number | null; overdueDays: number } | null;
}

/**
 * Issue 19 "Việc cần làm" and the supervisors' searches through HTTP: the to-do list of the
 * caller's subtree (sorted by limit, countdown counted by the server, filters, CSV/XLSX), the
 * violation list with the candidate's name, the audit search by person, user, action and period.
 */
describe('to-do list, violation names, audit search', () => {
  let t: TestApp;
  let seed: DemoSeedResult;
  let admin: Client;
  let cell: Client;
  let inside: { caseId: string; personId: string };
  let outside: { caseId: string };
  let insideName: string;
  const today = todayInVietnam();
  // A month ago and ten days ago: the awareness certificate's validity runs from the second date.
  const listed = addDays(today, -30);
  const certified = addDays(today, -10);

  beforeAll(async () => {
    t = await startTestApp();
    seed = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    const a = await openDemoCase(t.app, admin, seed, 'DEMO-CB-SINHVIEN');
    const b = await openDemoCase(t.app, admin, seed, 'DEMO-CB-TDP1');
    inside = a;
    outside = b;
    for (const c of [a, b])
      await recordAll(admin, c.caseId, c.version, [
        { type: 'sympathiser.listed', resolutionDate: listed, helper: MINH },
        { type: 'awarenessCourse.certified', issuedOn: certified, certificateNo: 'GCN-TODO' },
      ]);
    insideName = (await admin.get(`/api/v1/cases/${a.caseId}`).expect(200)).body.person?.fullName ?? '';
    const users = t.app.get(UserService);
    const id = (await users.create({ username: 'cc.todo', password: PASSWORD })).id;
    await users.grant({ userId: id, role: 'cellCommittee', organisationId: seed.organisations['DEMO-CB-SINHVIEN']!, validFrom: '2020-01-01' });
    cell = await login(t.app, 'cc.todo', PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
  });

  const todo = async (c: Client, query = ''): Promise<TodoItem[]> => (await c.get(`/api/v1/todo${query}`).expect(200)).body.items;

  it("lists the pending deadlines of the caller's subtree only, soonest first, with the candidate, the step and the countdown", async () => {
    const items = await todo(cell);
    const mine = items.filter((i) => i.caseId === inside.caseId);
    expect(mine.length).toBeGreaterThan(0);
    expect(items.some((i) => i.caseId === outside.caseId)).toBe(false);
    expect(items.every((i) => i.organisation.id === seed.organisations['DEMO-CB-SINHVIEN'])).toBe(true);
    const limits = items.map((i) => i.deadline.limit ?? '9999-12-31');
    expect([...limits].sort()).toEqual(limits);
    for (const i of mine) {
      expect(i.person.fullName).toBe(insideName);
      expect(i.deadline.label.vi).toMatch(/[à-ỹ]/);
      expect(i.deadline.label.vi).not.toBe(i.deadline.timerId);
    }
    // A future limit: days left in the timer's unit, never more than the calendar days to the limit.
    const ahead = mine.find((i) => i.deadline.limit !== null && i.deadline.limit > today && i.countdown);
    expect(ahead).toBeDefined();
    expect(ahead!.overdue).toBe(false);
    expect(ahead!.countdown!.overdueDays).toBe(0);
    expect(ahead!.countdown!.left).toBeGreaterThan(0);
    expect(ahead!.countdown!.left!).toBeLessThanOrEqual(daysBetween(today, ahead!.deadline.limit!));
    if (ahead!.countdown!.unit === 'calendarDays') expect(ahead!.countdown!.left).toBe(daysBetween(today, ahead!.deadline.limit!));
  });

  it('the province sees both cells; filters narrow (overdue, stage, category, due range)', async () => {
    const province = await login(t.app, 'bantochuc');
    const all = await todo(province);
    expect(all.some((i) => i.caseId === inside.caseId)).toBe(true);
    expect(all.some((i) => i.caseId === outside.caseId)).toBe(true);
    const overdue = await todo(province, '?overdue=true');
    expect(overdue.every((i) => i.overdue && i.deadline.limit! < today && i.countdown?.overdueDays !== 0)).toBe(true);
    const notOverdue = await todo(province, '?overdue=false');
    expect(notOverdue.some((i) => i.caseId === inside.caseId)).toBe(true);
    expect(notOverdue.every((i) => !i.overdue)).toBe(true);
    const stage = all.find((i) => i.caseId === inside.caseId)!.stage;
    const byStage = await todo(province, `?stage=${encodeURIComponent(stage)}`);
    expect(byStage.length).toBeGreaterThan(0);
    expect(byStage.every((i) => i.stage === stage)).toBe(true);
    expect((await todo(province, '?category=student')).some((i) => i.caseId === inside.caseId)).toBe(true);
    expect((await todo(province, '?category=farmer')).some((i) => i.caseId === inside.caseId)).toBe(false);
    const limit = all.find((i) => i.caseId === inside.caseId && i.deadline.limit)!.deadline.limit!;
    const ranged = await todo(province, `?dueFrom=${limit}&dueTo=${limit}`);
    expect(ranged.some((i) => i.caseId === inside.caseId)).toBe(true);
    expect(ranged.every((i) => i.deadline.limit === limit)).toBe(true);
    expect((await todo(province, `?dueFrom=${addDays(limit, 1)}`)).every((i) => i.deadline.limit! > limit)).toBe(true);
  });

  it('an organisation outside the subtree is 404; malformed filters are 400 with the field', async () => {
    await cell.get(`/api/v1/todo?organisationId=${seed.organisations['DEMO-CB-TDP1']}`).expect(404);
    await cell.get(`/api/v1/todo?organisationId=${seed.organisations['DEMO-CB-SINHVIEN']}`).expect(200);
    const bad = await cell.get('/api/v1/todo?dueFrom=2026-02-30&overdue=maybe&category=astronaut').expect(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['category', 'dueFrom', 'overdue']);
    const reversed = await cell.get('/api/v1/todo?dueFrom=2026-05-01&dueTo=2026-04-01').expect(400);
    expect((reversed.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['dueTo']);
    await t.app.get(AuditService).flush();
  });

  it('exports the same rows as CSV and XLSX (Vietnamese headers, the names), recorded as a personal-data export', async () => {
    const json = await todo(cell);
    const csv = await cell.get('/api/v1/todo?format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/viec-can-lam-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[1]).toContain('Người được xét / candidate');
    expect(lines.length - 2).toBe(json.length);
    expect(csv.text).toContain(insideName);
    expect(csv.text).not.toContain('Ứng viên' + 'X');
    const xlsx = await cell
      .get('/api/v1/todo?format=xlsx')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('Viec can lam')!;
    const names: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 3) names.push(String(row.getCell(5).value));
    });
    expect(names).toEqual(json.map((i) => i.person.fullName));
    await t.app.get(AuditService).flush();
    const trail = (await admin.get('/api/v1/audit?action=todo.export&limit=10').expect(200)).body.items as { details: { personalData: boolean; format: string } }[];
    expect(trail.map((r) => r.details.format).sort()).toEqual(['csv', 'xlsx']);
    expect(trail.every((r) => r.details.personalData === true)).toBe(true);
  });

  it('the violation list names the candidate', async () => {
    const res = await admin.get('/api/v1/violations?status=open&limit=50').expect(200);
    const items = res.body.items as { caseId: string; personName: string | null }[];
    for (const v of items) {
      const view = await admin.get(`/api/v1/cases/${v.caseId}`).expect(200);
      expect(v.personName).toBe(view.body.person.fullName);
    }
  });

  it('the audit search finds rows by the candidate (diacritics ignored), the user, the action family and the period, within scope', async () => {
    await admin.get(`/api/v1/cases/${inside.caseId}`).expect(200);
    await t.app.get(AuditService).flush();
    const folded = insideName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/Ứ|ứ/g, 'u').toLowerCase();
    type Row = { caseId: string | null; action: string; personName: string | null; actorName: string | null; actorUsername: string | null; occurredAt: string };
    const byPerson = (await cell.get(`/api/v1/audit?person=${encodeURIComponent(folded)}&limit=200`).expect(200)).body.items as Row[];
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((r) => r.caseId === inside.caseId && r.personName === insideName)).toBe(true);
    // The other cell's case is not found by the cell committee, whatever the search.
    const outsideName = (await admin.get(`/api/v1/cases/${outside.caseId}`).expect(200)).body.person.fullName as string;
    expect(((await cell.get(`/api/v1/audit?person=${encodeURIComponent(outsideName)}`).expect(200)).body.items as Row[]).length).toBe(0);
    const byActor = (await cell.get(`/api/v1/audit?actor=ADMIN&limit=200`).expect(200)).body.items as Row[];
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((r) => r.actorUsername === 'admin')).toBe(true);
    const family = (await admin.get('/api/v1/audit?action=case&limit=200').expect(200)).body.items as Row[];
    expect(family.length).toBeGreaterThan(0);
    expect(family.every((r) => r.action === 'case' || r.action.startsWith('case.'))).toBe(true);
    const future = (await admin.get(`/api/v1/audit?from=${addDays(today, 2)}T00:00:00Z`).expect(200)).body.items as Row[];
    expect(future).toEqual([]);
    const bad = await cell.get('/api/v1/audit?action=%27%3B%20drop&person=' + 'x'.repeat(101)).expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['action', 'person']);
  });
});

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
