import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrganisationView } from '../../libs/orgs/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';

/**
 * The tree over time: two cells merged into one on 2025-07-01 (valid_to is exclusive: the old cells
 * exist up to 2025-06-30, the new one from 2025-07-01).
 */
describe('organisations over time', () => {
  let f: OrgsFixture;
  let province: OrganisationView;
  let upper: OrganisationView;
  let base: OrganisationView;
  let cellA: OrganisationView;
  let cellB: OrganisationView;
  let cellC: OrganisationView;
  let other: OrganisationView;

  beforeAll(async () => {
    f = await startOrgsFixture();
    province = await f.orgs.create({ code: 'T', name: 'Đảng bộ tỉnh', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    upper = await f.orgs.create({ code: 'X', name: 'Đảng bộ xã', kind: 'upperCommittee', parentId: province.id, validFrom: '2020-01-01' });
    base = await f.orgs.create({ code: 'B', name: 'Đảng bộ cơ sở', kind: 'baseCommittee', parentId: upper.id, validFrom: '2020-01-01' });
    cellA = await f.orgs.create({ code: 'A', name: 'Chi bộ thôn Đông', kind: 'cell', parentId: base.id, validFrom: '2020-01-01' });
    cellB = await f.orgs.create({ code: 'BB', name: 'Chi bộ thôn Tây', kind: 'cell', parentId: base.id, validFrom: '2020-01-01' });
    other = await f.orgs.create({ code: 'O', name: 'Chi bộ khác', kind: 'cell', parentId: base.id, validFrom: '2020-01-01' });
    cellC = await f.orgs.merge(
      [cellA.id, cellB.id],
      { code: 'C', name: 'Chi bộ thôn Đông Tây', kind: 'cell', parentId: base.id },
      '2025-07-01',
    );
  });
  afterAll(async () => {
    await f?.close();
  });

  it('keeps the closure table: every ancestor with its depth', async () => {
    const ancestors = await f.orgs.ancestors(cellC.id);
    expect(ancestors.map((a) => [a.code, a.depth])).toEqual([
      ['C', 0],
      ['B', 1],
      ['X', 2],
      ['T', 3],
    ]);
    expect(await f.orgs.isWithin(cellC.id, province.id)).toBe(true);
    expect(await f.orgs.isWithin(province.id, cellC.id)).toBe(false);
  });

  it('answers the subtree as of a date across the merger', async () => {
    const before = await f.orgs.subtree(base.id, '2025-06-30');
    expect(before.map((o) => o.code)).toEqual(['B', 'A', 'BB', 'O']);
    const after = await f.orgs.subtree(base.id, '2025-07-02');
    expect(after.map((o) => o.code)).toEqual(['B', 'C', 'O']);
    expect((await f.orgs.subtree(province.id, '2025-07-01')).map((o) => o.code)).toEqual(['T', 'X', 'B', 'C', 'O']);
  });

  it('ends the predecessors the day before the merger and links them', async () => {
    const a = await f.orgs.get(cellA.id);
    expect(a.validTo).toBe('2025-07-01');
    expect((await f.orgs.predecessorIds(cellC.id)).sort()).toEqual([cellA.id, cellB.id].sort());
    expect(await f.orgs.predecessorIds(other.id)).toEqual([]);
  });

  it('rolls predecessors transitively into reports', async () => {
    // A later merger of C and O into D: D's predecessors are C, O, and through C, A and B.
    const d = await f.orgs.merge(
      [cellC.id, other.id],
      { code: 'D', name: 'Chi bộ hợp nhất', kind: 'cell', parentId: base.id },
      '2026-01-01',
    );
    expect((await f.orgs.predecessorIds(d.id)).sort()).toEqual([cellA.id, cellB.id, cellC.id, other.id].sort());
    // The roll-up of D alone holds every organisation whose records now belong to D.
    expect((await f.orgs.rollupIds(d.id)).sort()).toEqual([cellA.id, cellB.id, cellC.id, other.id, d.id].sort());
    // The roll-up of the base committee holds everything ever under it.
    expect((await f.orgs.rollupIds(base.id)).sort()).toEqual([base.id, cellA.id, cellB.id, cellC.id, other.id, d.id].sort());
  });

  it('resolves an organisation as of a date through its successors', async () => {
    expect((await f.orgs.standingFor(cellA.id, '2025-06-30'))?.code).toBe('A');
    expect((await f.orgs.standingFor(cellA.id, '2025-07-02'))?.code).toBe('C');
    expect((await f.orgs.standingFor(cellA.id, '2026-02-01'))?.code).toBe('D');
    expect(await f.orgs.standingFor(cellA.id, '2019-12-31')).toBeNull();
  });

  it('resolves the competent committee as of a date, inherited down the tree, with the default supervisor', async () => {
    await f.config.setCompetence({
      organisationId: base.id,
      competentCommitteeId: upper.id,
      body: 'standingCommittee',
      validFrom: '2020-01-01',
    });
    await f.config.setCompetence({
      organisationId: base.id,
      competentCommitteeId: base.id,
      body: 'delegatedBaseCommittee',
      validFrom: '2025-09-01',
    });
    const before = await f.config.resolve(cellA.id, '2025-06-30');
    expect(before.organisation.code).toBe('A');
    expect(before.competence).toMatchObject({ definedAt: base.id, body: 'standingCommittee', delegated: false });
    expect(before.competence?.competentCommittee.code).toBe('X');
    expect(before.competence?.supervisor?.code).toBe('T');
    const later = await f.config.resolve(cellA.id, '2025-09-15');
    expect(later.organisation.code).toBe('C');
    expect(later.competence).toMatchObject({ body: 'delegatedBaseCommittee', delegated: true });
    expect(later.competence?.competentCommittee.code).toBe('B');
    expect(later.competence?.supervisor?.code).toBe('X');
  });

  it('refuses a competent committee that is not above the organisation', async () => {
    await expect(
      f.config.setCompetence({
        organisationId: upper.id,
        competentCommitteeId: base.id,
        body: 'standingCommittee',
        validFrom: '2025-01-01',
      }),
    ).rejects.toMatchObject({
      code: 'ORGS.INVALID',
    });
  });

  it('refuses a parent change (reorganisations go through successions)', async () => {
    await expect(f.ds.query(`UPDATE organisations SET parent_id = $1 WHERE id = $2`, [province.id, other.id])).rejects.toThrow(/immutable/);
  });

  it('refuses a duplicate code (409) and a kind that cannot sit under its parent', async () => {
    await expect(f.orgs.create({ code: 'A', name: 'x', kind: 'cell', parentId: base.id, validFrom: '2025-01-01' })).rejects.toMatchObject({
      code: 'ORGS.CONFLICT',
    });
    await expect(
      f.orgs.create({ code: 'Z', name: 'x', kind: 'baseCommittee', parentId: base.id, validFrom: '2025-01-01' }),
    ).rejects.toMatchObject({ code: 'ORGS.INVALID' });
  });

  it('inherits settings down the tree and refuses a value that loosens the law or an ancestor (I-7)', async () => {
    await f.config.setSettings(upper.id, '2025-07-01', { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 40 }], tradeUnionPathPastYouth: true });
    const eff = await f.config.effectiveSettings(cellC.id, '2025-08-01');
    // Only the tightening is stored and inherited; the law's lengths (ceremony 30 wd) are never copied here.
    expect(eff.timerTightenings).toEqual([{ timer: 'admissionDecision', edition: '2025-07', length: 40 }]);
    expect(eff.tradeUnionPathPastYouth).toBe(true);
    expect((await f.config.effectiveSettings(cellC.id, '2025-06-30')).timerTightenings).toEqual([]);

    await expect(f.config.setSettings(base.id, '2025-08-01', { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 50 }] })).rejects.toMatchObject({
      code: 'ORGS.SETTING_LOOSENS',
    });
    // Tighter than the upper committee: accepted.
    await f.config.setSettings(base.id, '2025-08-01', {
      timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 35 }],
      localDefaults: { onePersonPerDecision: false },
    });
    expect((await f.config.effectiveSettings(cellC.id, '2025-08-02')).timerTightenings).toEqual([{ timer: 'admissionDecision', edition: '2025-07', length: 35 }]);
    await expect(f.config.setSettings(upper.id, '2025-07-01', { youthAgeOfficialMonths: 480 })).rejects.toMatchObject({
      code: 'ORGS.SETTING_LOOSENS',
    });
    await expect(f.config.setSettings(upper.id, '2025-07-01', { probationEnd: 6 })).rejects.toMatchObject({ code: 'ORGS.INVALID_INPUT' });
    await expect(f.config.setSettings(upper.id, '2025-07-01', { timerTightenings: [{ timer: 'probationEnd', edition: '2025-07', length: 6 }] })).rejects.toMatchObject({
      code: 'ORGS.INVALID_INPUT',
    });
  });

  it('reports hamlet coverage with the covering cell and its full members', async () => {
    await f.orgs.createHamlet({ code: 'H1', name: 'Thôn Đông', areaOrganisationId: upper.id, cellId: cellC.id, validFrom: '2025-07-01' });
    await f.orgs.createHamlet({ code: 'H2', name: 'Thôn Bắc', areaOrganisationId: upper.id, validFrom: '2025-07-01' });
    const coverage = await f.orgs.hamletCoverage(province.id, '2025-08-01');
    expect(coverage.map((h) => [h.code, h.cellId, h.fullMembers])).toEqual([
      ['H1', cellC.id, 0],
      ['H2', null, 0],
    ]);
  });
});
