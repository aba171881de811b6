import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrganisationView } from '../../libs/orgs/src/index.js';
import { ROLLUP_CTE } from '../../libs/orgs/src/index.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';

/**
 * The cases' scope key (migration 1767400000012): `scope_ids && roots` must answer exactly what
 * AccessService's roll-up answers (`organisation_id IN rollup(roots)`), for every root, before and
 * after mergers that happen while the cases exist; and `stage_entered_on` must equal the
 * pipeline's former correlated max() over the case's uncorrected state-changing events.
 */
describe('cases scope key and stage_entered_on', () => {
  let f: OrgsFixture;
  let province: OrganisationView;
  let upper: OrganisationView;
  let otherUpper: OrganisationView;
  let base: OrganisationView;
  let otherBase: OrganisationView;
  const cells: OrganisationView[] = [];
  const caseOrg = new Map<string, string>();

  const insertCase = async (organisationId: string): Promise<string> => {
    const personId = randomUUID();
    const id = randomUUID();
    await f.ds.query(
      `INSERT INTO people (id, organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, $2, 'Nguyễn Văn Phạm Vi', '2000-01-01', 'male', 'Kinh', 'student', 'upperSecondary')`,
      [personId, organisationId],
    );
    await f.ds.query(
      `INSERT INTO cases (id, person_id, organisation_id, status, state, stage, snapshot, machine_version, edition, version, opened_on, updated_at)
       VALUES ($1, $2, $3, 'open', 'sympathiser', 'sympathiser', '{}'::jsonb, 1, '2026', 1, '2025-01-02', now())`,
      [id, personId, organisationId],
    );
    caseOrg.set(id, organisationId);
    return id;
  };

  const everyOrgId = async (): Promise<string[]> =>
    (await f.ds.query(`SELECT id FROM organisations ORDER BY code`)).map((r: { id: string }) => r.id);
  const byKey = async (roots: string[]): Promise<string[]> =>
    (await f.ds.query(`SELECT id FROM cases WHERE scope_ids && $1::uuid[] ORDER BY id`, [roots])).map((r: { id: string }) => r.id);
  const byRollup = async (roots: string[]): Promise<string[]> =>
    (
      await f.ds.query(`SELECT id FROM cases WHERE organisation_id IN (${ROLLUP_CTE('$1')} SELECT id FROM rollup) ORDER BY id`, [roots])
    ).map((r: { id: string }) => r.id);

  const expectSameAsRollup = async (): Promise<void> => {
    const ids = await everyOrgId();
    for (const root of ids) expect({ root, cases: await byKey([root]) }).toEqual({ root, cases: await byRollup([root]) });
    // Several roots at once (a user with two grants).
    expect(await byKey([ids[1]!, ids[ids.length - 1]!])).toEqual(await byRollup([ids[1]!, ids[ids.length - 1]!]));
  };

  beforeAll(async () => {
    f = await startOrgsFixture();
    province = await f.orgs.create({ code: 'T', name: 'Đảng bộ tỉnh', kind: 'provincialCommittee', validFrom: '2020-01-01' });
    upper = await f.orgs.create({ code: 'X', name: 'Đảng bộ xã', kind: 'upperCommittee', parentId: province.id, validFrom: '2020-01-01' });
    otherUpper = await f.orgs.create({
      code: 'Y',
      name: 'Đảng bộ xã khác',
      kind: 'upperCommittee',
      parentId: province.id,
      validFrom: '2020-01-01',
    });
    base = await f.orgs.create({ code: 'XB', name: 'Đảng bộ cơ sở', kind: 'baseCommittee', parentId: upper.id, validFrom: '2020-01-01' });
    otherBase = await f.orgs.create({
      code: 'YB',
      name: 'Đảng bộ cơ sở khác',
      kind: 'baseCommittee',
      parentId: otherUpper.id,
      validFrom: '2020-01-01',
    });
    for (const [code, parent] of [
      ['XB1', base],
      ['XB2', base],
      ['YB1', otherBase],
      ['YB2', otherBase],
    ] as const)
      cells.push(await f.orgs.create({ code, name: `Chi bộ ${code}`, kind: 'cell', parentId: parent.id, validFrom: '2020-01-01' }));
    for (const c of cells) {
      await insertCase(c.id);
      await insertCase(c.id);
    }
    await insertCase(base.id);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('holds, for each case, its organisation and every ancestor', async () => {
    const rows: { organisation_id: string; scope_ids: string[] }[] = await f.ds.query(`SELECT organisation_id, scope_ids FROM cases`);
    const cell = rows.find((r) => r.organisation_id === cells[0]!.id)!;
    expect([...cell.scope_ids].sort()).toEqual([cells[0]!.id, base.id, upper.id, province.id].sort());
    await expectSameAsRollup();
  });

  it('follows a merger made after the cases exist (predecessors roll into the successor, across subtrees)', async () => {
    // A cell of the other upper committee merges with one of ours into a new cell under our base committee.
    const merged = await f.orgs.merge(
      [cells[1]!.id, cells[2]!.id],
      { code: 'XBM', name: 'Chi bộ hợp nhất', kind: 'cell', parentId: base.id },
      '2025-07-01',
    );
    await expectSameAsRollup();
    // The cases of YB1 (a predecessor) are now visible to our upper committee, and still to theirs.
    const yb1Cases = [...caseOrg].filter(([, o]) => o === cells[2]!.id).map(([id]) => id);
    const ours = await byKey([upper.id]);
    for (const id of yb1Cases) expect(ours).toContain(id);
    expect(await byKey([otherUpper.id])).toEqual(expect.arrayContaining(yb1Cases));
    // A transitive merger: the merged cell with XB1 into another one; a case opened in the new cell afterwards.
    const again = await f.orgs.merge(
      [merged.id, cells[0]!.id],
      { code: 'XBN', name: 'Chi bộ hợp nhất lần hai', kind: 'cell', parentId: base.id },
      '2026-01-01',
    );
    await insertCase(again.id);
    await expectSameAsRollup();
    expect(await byKey([again.id])).toEqual(await byRollup([again.id]));
    expect((await byKey([again.id])).length).toBe(7); // 2 of XB1, 2 of XB2, 2 of YB1, 1 of its own
  });

  it('gives the same answer as AccessService.scopeSql for a scoped user', async () => {
    const user = {
      id: randomUUID(),
      grants: [{ role: 'competentStaff', organisationId: otherUpper.id, validFrom: '2020-01-01', validTo: null }],
    } as never;
    const a = f.access.scopeSql(user, 'c.organisation_id', 1);
    const b = f.access.caseScopeSql(user, 'c', 1);
    const ids = async (sql: string, params: unknown[]) =>
      (await f.ds.query(`SELECT c.id FROM cases c WHERE ${sql} ORDER BY c.id`, params)).map((r: { id: string }) => r.id);
    const viaKey = await ids(b.sql, b.params);
    expect(viaKey).toEqual(await ids(a.sql, a.params));
    expect(viaKey.length).toBe(4);
  });

  it('keeps stage_entered_on as the latest uncorrected state change, through inserts and corrections', async () => {
    const id = await insertCase(cells[3]!.id);
    const event = (seq: number, date: string, from: string, to: string) =>
      f.ds.query(
        `INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, state_before, state_after, rule_results, machine_version, edition)
         VALUES ($1, $2, 'x', '{}'::jsonb, $3::date, 'cellCommittee', 'cellCommittee', $4, $5, '[]'::jsonb, 1, '2026')`,
        [id, seq, date, from, to],
      );
    const stored = async () =>
      (await f.ds.query(`SELECT stage_entered_on::text AS d FROM cases WHERE id = $1`, [id]))[0].d as string | null;
    const computed = async () =>
      (
        await f.ds.query(
          `SELECT max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date))::text AS d FROM case_events e
            WHERE e.case_id = $1 AND e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL`,
          [id],
        )
      )[0].d as string | null;
    expect(await stored()).toBeNull();
    await event(1, '2025-03-01', 'a', 'b');
    expect(await stored()).toBe('2025-03-01');
    await event(2, '2025-04-01', 'b', 'b'); // no state change: the date stays
    expect(await stored()).toBe('2025-03-01');
    await event(3, '2025-05-01', 'b', 'c');
    expect(await stored()).toBe('2025-05-01');
    await f.ds.query(`UPDATE case_events SET corrected_by_seq = 4 WHERE case_id = $1 AND seq = 3`, [id]);
    expect(await stored()).toBe('2025-03-01');
    expect(await stored()).toBe(await computed());
  });
});
