import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/cli/src/seed-demo.js';
import { historyPeople } from '../../apps/cli/src/seed-demo-history.js';
import { todayInVietnam } from '../../libs/orgs/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { login } from '../support/http.js';

jest.setTimeout(180_000);

/**
 * The demo dataset of `ket-nap seed-demo` (issue 19 item 6): years of admissions in every report
 * category, recorded through the engine; targets set; some late acts with open violations; and
 * a second run that changes nothing, fast.
 */
describe('seed-demo: demo data in which reports mean something', () => {
  let t: TestApp;
  let ds: DataSource;
  let firstMs = 0;
  let firstSummary = '';
  const count = async (sql: string): Promise<number> => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get((await import('typeorm')).DataSource);
    const start = performance.now();
    firstSummary = await seedDemoData(t.app);
    firstMs = performance.now() - start;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('admits people every year from 2021, all through the engine (an imported event per case, decisions recorded)', async () => {
    const years: { y: number; n: number }[] = await ds.query(
      `SELECT extract(year FROM signed_on)::int AS y, count(*)::int AS n FROM decisions WHERE kind = 'admission' GROUP BY 1 ORDER BY 1`,
    );
    const thisYear = Number(todayInVietnam().slice(0, 4));
    expect(years.map((r) => r.y)).toEqual(Array.from({ length: thisYear - 2020 }, (_, k) => 2021 + k));
    expect(years.every((r) => r.n >= 6)).toBe(true);
    // Every history case has its import event; none was written around the engine.
    expect(await count(`SELECT count(*)::int AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM case_events WHERE type = 'case.imported'`)).toBeGreaterThanOrEqual(historyPeople(todayInVietnam()).length);
    expect(await count(`SELECT count(*)::int AS n FROM decisions WHERE kind = 'recognition'`)).toBeGreaterThan(10);
  });

  it('the admissions report of the province has figures in every category of procedure.md §9, and targets to compare with', async () => {
    const od = await login(t.app, 'bantochuc');
    const provinceId = (await ds.query(`SELECT id FROM organisations WHERE code = 'DEMO-TU'`))[0].id as string;
    const seen = new Map<string, number>();
    for (let year = 2021; year <= Number(todayInVietnam().slice(0, 4)); year++) {
      const r = (await od.get(`/api/v1/reports/admissions?organisationId=${provinceId}&year=${year}`).expect(200)).body;
      expect(r.total.admissions.total).toBeGreaterThan(0);
      expect(r.targets.length).toBeGreaterThan(0);
      expect(r.targets.find((x: { category: string }) => x.category === 'total').target).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(r.total.admissions.occupation as Record<string, number>)) seen.set(k, (seen.get(k) ?? 0) + v);
      for (const [k, v] of Object.entries(r.total.admissions.flags as Record<string, number>)) seen.set(k, (seen.get(k) ?? 0) + v);
    }
    const wanted = [
      'youthUnionMember',
      'woman',
      'ethnicMinority',
      'religiousFollower',
      'civilServant',
      'worker',
      'farmer',
      'student',
      'armedForces',
      'privateEnterprise',
      'businessOwner',
      'age18to30',
      'upperSecondary',
      'collegeOrHigher',
    ];
    expect(wanted.filter((c) => !((seen.get(c) ?? 0) > 0))).toEqual([]);
  });

  it('some acts are late: open violations of missed deadlines, with the candidate named, for the supervisors and the cell', async () => {
    const open = await count(`SELECT count(*)::int AS n FROM violations WHERE status = 'open' AND rule_id = 'PROC-DEADLINES'`);
    expect(open).toBeGreaterThanOrEqual(2);
    const kiemtra = await login(t.app, 'kiemtra');
    const list = (await kiemtra.get('/api/v1/violations?status=open').expect(200)).body.items as { personName: string | null }[];
    expect(list.length).toBe(await count(`SELECT count(*)::int AS n FROM violations WHERE status = 'open'`));
    expect(list.every((v) => typeof v.personName === 'string' && v.personName.length > 0)).toBe(true);
    // The to-do list has work in it, some overdue.
    const todo = (await kiemtra.get('/api/v1/todo').expect(200)).body.items as { overdue: boolean }[];
    expect(todo.length).toBeGreaterThan(5);
  });

  it('runs again without changing anything, in a few seconds', async () => {
    const tables = ['people', 'cases', 'case_events', 'decisions', 'deadlines', 'violations', 'targets'];
    const before = await Promise.all(tables.map((x) => count(`SELECT count(*)::int AS n FROM ${x}`)));
    const start = performance.now();
    const summary = await seedDemoData(t.app);
    const againMs = performance.now() - start;
    expect(await Promise.all(tables.map((x) => count(`SELECT count(*)::int AS n FROM ${x}`)))).toEqual(before);
    expect(summary).toMatch(/admissions already there/);
    expect(firstSummary).toMatch(/admissions 2021/);
    process.stdout.write(`seed-demo: first run ${Math.round(firstMs)} ms, second run ${Math.round(againMs)} ms; ${firstSummary}\n`);
    expect(againMs).toBeLessThan(3000);
    // The first run includes the province's users (bcrypt, cost 12) and every import: a bound that catches a blow-up.
    expect(firstMs).toBeLessThan(45000);
  });
});
