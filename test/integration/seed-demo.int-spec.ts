import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEMO_PASSWORD, seedDemoOrgs, verifyPassword } from '../../libs/orgs/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';

jest.setTimeout(60_000);

const TABLES = [
  'organisations',
  'organisation_closure',
  'organisation_competences',
  'hamlets',
  'people',
  'memberships',
  'users',
  'role_grants',
];

describe('seedDemoOrgs', () => {
  let f: OrgsFixture;
  beforeAll(async () => {
    f = await startOrgsFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await f.ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
    return out;
  }

  it('creates a small province, one user per role, and changes nothing when run again', async () => {
    const first = await seedDemoOrgs(f.ds);
    const after1 = await counts();
    expect(after1.organisations).toBe(13);
    expect(after1.users).toBe(6);
    expect(after1.hamlets).toBe(4);
    const kinds = await f.ds.query(`SELECT kind, count(*)::int AS n FROM organisations GROUP BY kind ORDER BY kind`);
    expect(Object.fromEntries(kinds.map((k: { kind: string; n: number }) => [k.kind, k.n]))).toEqual({
      provincialCommittee: 1,
      upperCommittee: 2,
      baseCommittee: 3,
      subBaseCommittee: 1,
      cell: 5,
      baseCell: 1,
    });
    const second = await seedDemoOrgs(f.ds);
    expect(await counts()).toEqual(after1);
    expect(second).toEqual(first);

    const [admin] = await f.ds.query(`SELECT password_hash AS hash FROM users WHERE username = 'admin'`);
    expect(admin.hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword(DEMO_PASSWORD, admin.hash)).toBe(true);
    const grants = await f.ds.query(`SELECT u.username, g.role FROM role_grants g JOIN users u ON u.id = g.user_id ORDER BY u.username`);
    expect(grants).toEqual([
      { username: 'admin', role: 'admin' },
      { username: 'bantochuc', role: 'organisationDepartment' },
      { username: 'chiuy', role: 'cellCommittee' },
      { username: 'danguy', role: 'baseCommitteeStaff' },
      { username: 'kiemtra', role: 'inspection' },
      { username: 'thuongvu', role: 'competentStaff' },
    ]);
  });

  it('gives the demo rolls that the scenarios use (S-2 in Tổ dân phố số 1) and a delegated base committee', async () => {
    const { organisations: o } = await seedDemoOrgs(f.ds);
    const s2 = await f.roster.cellVoteBasis(o['DEMO-CB-TDP1']!, '2025-10-06');
    expect([s2.roll, s2.eligible]).toEqual([9, 8]);
    const uni = await f.roster.competentVoteBasis(o['DEMO-CB-SINHVIEN']!, '2025-10-20');
    // S-1: the university committee has 9 members, one on temporary transfer: 8 sitting (QĐ294 §9.3.3).
    expect(uni).toMatchObject({ delegated: true, members: 9, sitting: 8 });
    expect(await f.roster.baseVoteBasisForCell(o['DEMO-CB-SINHVIEN']!, '2025-10-09')).toMatchObject({ sitting: 9, eligible: 8 });
    const commune = await f.roster.competentVoteBasis(o['DEMO-CB-TOMAY1']!, '2025-10-20');
    expect(commune).toMatchObject({ delegated: false, competentCommitteeId: o['DEMO-XA-AN-HOA'], members: 7 });
    const coverage = await f.orgs.hamletCoverage(o['DEMO-TU']!, '2025-10-20');
    expect(
      coverage
        .filter((h) => h.cellId === null)
        .map((h) => h.code)
        .sort(),
    ).toEqual(['DEMO-TDP-2', 'DEMO-THON-DONG', 'DEMO-THON-TAY']);
  });
});
