import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MembershipStatus, OrganisationView } from '../../libs/orgs/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';

describe('rolls and vote denominators for a meeting date', () => {
  let f: OrgsFixture;
  let upper: OrganisationView;
  let base: OrganisationView;
  let cell: OrganisationView;
  const ids: Record<string, string> = {};
  let n = 0;

  async function person(name: string): Promise<string> {
    const p = await f.people.create({
      organisationId: cell.id,
      fullName: name,
      birthDate: '1980-01-01',
      sex: n++ % 2 ? 'female' : 'male',
      ethnicity: 'Kinh',
      occupation: 'civilServant',
      educationLevel: 'university',
    });
    ids[name] = p.id;
    return p.id;
  }

  beforeAll(async () => {
    f = await startOrgsFixture();
    const province = await f.orgs.create({ code: 'T', name: 'Tỉnh ủy', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    upper = await f.orgs.create({ code: 'X', name: 'Đảng ủy xã', kind: 'upperCommittee', parentId: province.id, validFrom: '2020-01-01' });
    base = await f.orgs.create({ code: 'B', name: 'Đảng ủy cơ sở', kind: 'baseCommittee', parentId: upper.id, validFrom: '2020-01-01' });
    cell = await f.orgs.create({ code: 'C', name: 'Chi bộ', kind: 'cell', parentId: base.id, validFrom: '2020-01-01' });
    // S-2: nine full members, one temporarily active elsewhere.
    for (let i = 1; i <= 9; i++) {
      const id = await person(`Đảng viên ${i}`);
      await f.roster.add({
        personId: id,
        bodyId: cell.id,
        role: i === 1 ? 'committeeMember' : 'member',
        status: i === 9 ? 'temporarilyElsewhere' : 'full',
        validFrom: '2024-01-01',
      });
    }
    // A probationary member is on no roll; a member who left before the meeting neither.
    const prob = await person('Dự bị');
    await f.roster.add({ personId: prob, bodyId: cell.id, status: 'probationary', validFrom: '2025-03-01' });
    const left = await person('Đã chuyển đi');
    await f.roster.add({ personId: left, bodyId: cell.id, status: 'full', validFrom: '2020-01-01', validTo: '2025-09-01' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('S-2: 9 full members, 1 temporarily elsewhere → denominator 8', async () => {
    const basis = await f.roster.cellVoteBasis(cell.id, '2025-10-06');
    expect(basis.roll).toBe(9);
    expect(basis.eligible).toBe(8);
    expect(basis.excluded.temporarilyElsewhere).toEqual([ids['Đảng viên 9']]);
    expect(basis.rollBelowMinimum).toBe(false);
    expect(basis.eligibleIds).not.toContain(ids['Dự bị']);
  });

  it('counts the member who left only before leaving', async () => {
    expect((await f.roster.cellRoll(cell.id, '2025-08-31')).length).toBe(10);
    expect((await f.roster.cellRoll(cell.id, '2025-09-01')).length).toBe(9);
  });

  it('excludes exempted members unless they attended, and the suspended or detained', async () => {
    const change = async (name: string, status: MembershipStatus): Promise<void> => {
      await f.roster.change(ids[name]!, cell.id, '2025-11-01', { status });
    };
    await change('Đảng viên 2', 'exempted');
    await change('Đảng viên 3', 'suspended');
    await change('Đảng viên 4', 'prosecutedOrDetained');
    const absent = await f.roster.cellVoteBasis(cell.id, '2025-11-10');
    expect(absent.roll).toBe(9);
    expect(absent.eligible).toBe(5);
    expect(absent.excluded).toEqual({
      temporarilyElsewhere: [ids['Đảng viên 9']],
      exemptedAbsent: [ids['Đảng viên 2']],
      suspended: [ids['Đảng viên 3']],
      prosecutedOrDetained: [ids['Đảng viên 4']],
    });
    const attended = await f.roster.cellVoteBasis(cell.id, '2025-11-10', [ids['Đảng viên 2']!]);
    expect(attended.eligible).toBe(6);
    // The earlier meeting date is unaffected by the later changes.
    expect((await f.roster.cellVoteBasis(cell.id, '2025-10-31')).eligible).toBe(8);
  });

  it('I-6: a roll under 3 full members is flagged', async () => {
    const small = await f.orgs.create({ code: 'S', name: 'Chi bộ nhỏ', kind: 'cell', parentId: base.id, validFrom: '2020-01-01' });
    for (const name of ['Nhỏ 1', 'Nhỏ 2'])
      await f.roster.add({ personId: await person(name), bodyId: small.id, status: 'full', validFrom: '2024-01-01' });
    expect((await f.roster.cellVoteBasis(small.id, '2025-10-06')).rollBelowMinimum).toBe(true);
  });

  it('refuses overlapping memberships of a person in the same body', async () => {
    await expect(
      f.roster.add({ personId: ids['Đảng viên 1']!, bodyId: cell.id, status: 'full', validFrom: '2025-01-01' }),
    ).rejects.toMatchObject({ code: 'ORGS.CONFLICT' });
  });

  it('PROC-BASE-VOTE: sitting committee members minus absent temporarily transferred and the suspended', async () => {
    const committee = ['Đảng viên 1', 'Đảng viên 5', 'Đảng viên 6', 'Đảng viên 7', 'Đảng viên 8', 'Đảng viên 9', 'Đảng viên 3'];
    for (const [i, name] of committee.entries()) {
      const status: MembershipStatus = name === 'Đảng viên 9' ? 'temporarilyElsewhere' : name === 'Đảng viên 3' ? 'suspended' : 'full';
      await f.roster.add({
        personId: ids[name]!,
        bodyId: base.id,
        role: i < 3 ? 'standingMember' : 'committeeMember',
        status,
        validFrom: '2025-01-01',
      });
    }
    const absent = await f.roster.baseVoteBasis(base.id, '2025-10-09');
    expect(absent).toMatchObject({ sitting: 7, eligible: 5 });
    expect(absent.excluded).toEqual({
      temporarilyElsewhereAbsent: [ids['Đảng viên 9']],
      suspended: [ids['Đảng viên 3']],
      prosecutedOrDetained: [],
    });
    expect((await f.roster.baseVoteBasis(base.id, '2025-10-09', [ids['Đảng viên 9']!])).eligible).toBe(6);
  });

  it('PROC-COMPETENT-VOTE: the standing committee, or a delegated base committee as a whole', async () => {
    await f.config.setCompetence({
      organisationId: base.id,
      competentCommitteeId: upper.id,
      body: 'standingCommittee',
      validFrom: '2020-01-01',
    });
    for (let i = 0; i < 7; i++) {
      await f.roster.add({
        personId: await person(`Thường vụ ${i}`),
        bodyId: upper.id,
        role: i < 5 ? 'standingMember' : 'committeeMember',
        status: 'full',
        validFrom: '2024-01-01',
      });
    }
    expect(await f.roster.competentVoteBasis(cell.id, '2025-10-20')).toMatchObject({
      competentCommitteeId: upper.id,
      delegated: false,
      members: 5,
      sitting: 5,
    });
    await f.config.setCompetence({
      organisationId: base.id,
      competentCommitteeId: base.id,
      body: 'delegatedBaseCommittee',
      validFrom: '2025-12-01',
    });
    // Total: 7 holding office; sitting (QĐ294 §9.3.3): minus the suspended and the absent transfer.
    expect(await f.roster.competentVoteBasis(cell.id, '2025-12-02')).toMatchObject({
      competentCommitteeId: base.id,
      delegated: true,
      members: 7,
      sitting: 5,
    });
    expect((await f.roster.competentVoteBasis(cell.id, '2025-12-02', [ids['Đảng viên 9']!])).sitting).toBe(6);
    // The cell's base committee is its nearest baseCommittee ancestor.
    expect(await f.roster.baseVoteBasisForCell(cell.id, '2025-10-09')).toMatchObject({ bodyId: base.id, sitting: 7, eligible: 5 });
  });

  it('knows whether a person was a full member of a body on a date (introducers, helpers)', async () => {
    expect(await f.roster.isFullMember(ids['Đảng viên 5']!, '2025-10-06', cell.id)).toBe(true);
    expect(await f.roster.isFullMember(ids['Dự bị']!, '2025-10-06', cell.id)).toBe(false);
    expect(await f.roster.isFullMember(ids['Đảng viên 5']!, '2023-12-31', cell.id)).toBe(false);
    expect(await f.roster.isFullMember(ids['Đảng viên 3']!, '2025-11-10', cell.id)).toBe(false);
    expect(await f.roster.isFullMember(ids['Đảng viên 3']!, '2025-10-10', cell.id)).toBe(true);
    expect(await f.roster.isFullMember(ids['Đã chuyển đi']!, '2025-09-01')).toBe(false);
  });
});
