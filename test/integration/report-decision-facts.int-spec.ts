import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccessService, OrganisationService } from '../../libs/orgs/src/index.js';
import type { ClockService } from '../../libs/platform/src/index.js';
import { NEGATIVE_OUTCOMES, probationEnd } from '../../libs/procedure/src/index.js';
import { ReportsService } from '../../libs/reports/src/reports/reports.service.js';
import { startOrgsFixture, type OrgsFixture } from '../support/orgs.js';
import { insertCase, insertOrg } from '../support/reports.js';

/**
 * `report_decision_facts` (migration 1767600000110) is the join the admissions report used to run
 * per request (decisions, their case, its person), kept by triggers. Two oracles, after every kind
 * of write that could make it drift: the table equals the join row for row, and
 * `ReportsService.decisionFacts` answers what the former statement (copied here as it was on main)
 * answers, for every organisation as the root and for several date ranges.
 */
describe('report_decision_facts (the admissions report facts)', () => {
  let f: OrgsFixture;
  let svc: ReportsService;
  const org: Record<string, string> = {};
  const cases: Record<string, string> = {};

  const COLUMNS = `case_id, kind, signed_on, outcome, organisation_id, scope_ids, person_id, recognition_date, ceremony_date,
                   report_effective_on, report_ceremony_on, report_youth_union_member,
                   occupation, sex, ethnicity, religion, education_level, birth_date`;
  const JOINED = `SELECT d.id AS decision_id, d.case_id, d.kind, d.signed_on, d.outcome, c.organisation_id, c.scope_ids, c.person_id,
                         c.recognition_date, c.ceremony_date, c.report_effective_on, c.report_ceremony_on, c.report_youth_union_member,
                         p.occupation, p.sex, p.ethnicity, p.religion, p.education_level, p.birth_date
                    FROM decisions d JOIN cases c ON c.id = d.case_id JOIN people p ON p.id = c.person_id`;

  /** The table row for row against the join (both directions), and the number of rows. */
  const expectTableIsTheJoin = async (): Promise<void> => {
    const missing = await f.ds.query(`${JOINED} EXCEPT SELECT decision_id, ${COLUMNS} FROM report_decision_facts`);
    const extra = await f.ds.query(`SELECT decision_id, ${COLUMNS} FROM report_decision_facts EXCEPT ${JOINED}`);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    const [{ n }] = await f.ds.query(`SELECT count(*)::int AS n FROM decisions`);
    const [{ m }] = await f.ds.query(`SELECT count(*)::int AS m FROM report_decision_facts`);
    expect(m).toBe(n);
  };

  /** The statement of ReportsService.decisionFacts before report_decision_facts (main 0350d28), and its mapping. */
  const formerFacts = async (rootId: string, from: string, to: string) => {
    const rows: Record<string, unknown>[] = await f.ds.query(
      `SELECT DISTINCT ON (d.case_id, d.kind)
              d.case_id AS "caseId", d.kind, d.signed_on::text AS "signedOn", c.organisation_id AS "organisationId",
              COALESCE(c.recognition_date::text, c.report_effective_on) AS "effectiveOn",
              COALESCE(c.ceremony_date::text, c.report_ceremony_on) AS "ceremonyDate",
              p.occupation::text AS occupation, p.sex::text AS sex, p.ethnicity, p.religion, p.education_level::text AS "educationLevel",
              p.birth_date::text AS "birthDate",
              c.report_youth_union_member AS "youthUnionMember",
              EXISTS (SELECT 1 FROM violations v WHERE v.case_id = d.case_id AND v.rule_id = 'PROC-DEADLINES'
                        AND v.step IN ('cellRecognitionResolution', 'recognitionDecision') AND NOT v.cleared_by_audit) AS late
         FROM decisions d JOIN cases c ON c.id = d.case_id JOIN people p ON p.id = c.person_id
        WHERE d.kind = ANY($2::text[]) AND d.signed_on BETWEEN $3::date AND $4::date AND NOT (d.outcome = ANY($5::text[]))
          AND c.scope_ids && ARRAY[$1::uuid]
        ORDER BY d.case_id, d.kind, d.signed_on DESC, d.id DESC`,
      [rootId, ['admission', 'recognition', 'removal'], from, to, NEGATIVE_OUTCOMES],
    );
    return rows.map((r) => {
      let effectiveOn = r.effectiveOn as string | null;
      if (r.kind === 'recognition' && !effectiveOn && r.ceremonyDate) effectiveOn = probationEnd(r.ceremonyDate as string);
      return { ...r, caseId: r.caseId, kind: r.kind, effectiveOn, youthUnionMember: r.youthUnionMember === true };
    });
  };

  const RANGES = [
    ['2021-01-01', '2021-12-31'],
    ['2022-01-01', '2022-12-31'],
    ['2021-03-01', '2022-06-30'],
    ['2020-01-01', '2026-12-31'],
  ] as const;

  const expectSameFacts = async (): Promise<number> => {
    let seen = 0;
    const roots: { id: string }[] = await f.ds.query(`SELECT id FROM organisations ORDER BY code`);
    const key = (d: { caseId: unknown; kind: unknown }) => `${String(d.caseId)}/${String(d.kind)}`;
    const sorted = <T extends { caseId: unknown; kind: unknown }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    for (const { id } of roots)
      for (const [from, to] of RANGES) {
        const now = await svc.decisionFacts(id, from, to);
        const before = await formerFacts(id, from, to);
        expect({ root: id, from, to, facts: sorted(now) }).toEqual({ root: id, from, to, facts: sorted(before) });
        seen += now.length;
      }
    return seen;
  };

  const expectBoth = async (): Promise<void> => {
    await expectTableIsTheJoin();
    expect(await expectSameFacts()).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    f = await startOrgsFixture();
    const clock = { now: async () => new Date('2026-06-01T03:00:00Z') } as unknown as ClockService;
    svc = new ReportsService(f.ds, {} as AccessService, {} as OrganisationService, clock);
    org.P = await insertOrg(f.ds, 'RF-P', 'provincialCommittee', null);
    org.B1 = await insertOrg(f.ds, 'RF-B1', 'baseCommittee', org.P);
    org.B2 = await insertOrg(f.ds, 'RF-B2', 'baseCommittee', org.P);
    org.C1 = await insertOrg(f.ds, 'RF-C1', 'cell', org.B1);
    org.C2 = await insertOrg(f.ds, 'RF-C2', 'cell', org.B2);
    org.OLD = await insertOrg(f.ds, 'RF-OLD', 'cell', org.B1, '2015-01-01', '2022-07-01');
    org.NEW = await insertOrg(f.ds, 'RF-NEW', 'cell', org.B2, '2022-07-01');

    cases.a = await insertCase(f.ds, {
      organisationId: org.C1,
      person: { sex: 'female', occupation: 'student', birthDate: '2001-01-01', educationLevel: 'university' },
      youthUnionMember: true,
      status: 'closed',
      decisions: [{ kind: 'admission', date: '2021-02-10' }],
      decisionDate: '2021-02-10',
    });
    // Two admission decisions in the year: the latest counts (DISTINCT ON); a refusal never counts.
    cases.b = await insertCase(f.ds, {
      organisationId: org.OLD,
      person: { ethnicity: 'Tày', religion: 'Công giáo', occupation: 'farmer', birthDate: '1986-01-01' },
      decisions: [
        { kind: 'admission', date: '2021-03-15' },
        { kind: 'admission', date: '2021-05-02', outcome: '' },
        { kind: 'recognition', date: '2022-05-03', outcome: 'notRecognised' },
      ],
    });
    // A recognition whose effective date comes from the snapshot, one from the ceremony (probation end), one from the column.
    cases.c = await insertCase(f.ds, {
      organisationId: org.C2,
      status: 'closed',
      evidence: { recognitionDecision: { effectiveOn: '2022-04-01' } } as never,
      decisions: [
        { kind: 'admission', date: '2021-03-20' },
        { kind: 'recognition', date: '2022-04-05', outcome: 'recognised' },
      ],
    });
    cases.d = await insertCase(f.ds, {
      organisationId: org.C1,
      ceremonyDate: '2021-06-01',
      decisions: [
        { kind: 'admission', date: '2021-05-20' },
        { kind: 'recognition', date: '2022-06-10', outcome: 'recognised' },
      ],
    });
    cases.e = await insertCase(f.ds, {
      organisationId: org.NEW,
      recognitionDate: '2022-08-01',
      decisions: [
        { kind: 'admission', date: '2021-08-01' },
        { kind: 'recognition', date: '2022-08-15', outcome: 'recognised' },
      ],
    });
    // Late: a PROC-DEADLINES violation on the recognition steps (one cleared by an audit, which is not late).
    for (const [caseId, step, cleared] of [
      [cases.c, 'recognitionDecision', false],
      [cases.d, 'cellRecognitionResolution', true],
      [cases.e, 'admissionDecision', false],
    ] as const)
      await f.ds.query(
        `INSERT INTO violations (case_id, rule_id, step, organisation_id, cleared_by_audit) VALUES ($1, 'PROC-DEADLINES', $2, $3, $4)`,
        [caseId, step, org.C1, cleared],
      );
  });

  afterAll(async () => {
    await f?.close();
  });

  it('holds every decision with its case and person as written', async () => {
    await expectBoth();
    const late = (await svc.decisionFacts(org.P, '2022-01-01', '2022-12-31')).filter((d) => d.late).map((d) => d.caseId);
    expect(late).toEqual([cases.c]);
  });

  it('follows the person: a corrected birth date, another occupation, ethnicity or religion', async () => {
    // As the correction service writes it: the name and the birth date alone.
    await f.ds.query(
      `UPDATE people SET full_name = 'Tên đã sửa', birth_date = '1990-12-31' WHERE id = (SELECT person_id FROM cases WHERE id = $1)`,
      [cases.a],
    );
    await f.ds.query(`UPDATE people SET occupation = 'worker' WHERE id = (SELECT person_id FROM cases WHERE id = $1)`, [cases.d]);
    await f.ds.query(
      `UPDATE people SET ethnicity = 'Kinh', religion = NULL, sex = 'female' WHERE id = (SELECT person_id FROM cases WHERE id = $1)`,
      [cases.b],
    );
    // A change the facts do not hold (the name) leaves them as they are.
    await f.ds.query(`UPDATE people SET full_name = 'Tên khác' WHERE id = (SELECT person_id FROM cases WHERE id = $1)`, [cases.c]);
    await expectBoth();
  });

  it('follows the case: its snapshot (youth union, effective date, ceremony), its dates, its organisation, its person', async () => {
    await f.ds.query(
      `UPDATE cases SET snapshot = jsonb_set(jsonb_set(snapshot, '{context,facts,person,youthUnionMember}', 'true'),
                                             '{context,facts,evidence,ceremony}', '{"heldOn": "2021-09-09"}'), version = version + 1
        WHERE id = $1`,
      [cases.d],
    );
    await f.ds.query(`UPDATE cases SET ceremony_date = NULL, recognition_date = '2022-09-01' WHERE id = $1`, [cases.c]);
    await f.ds.query(`UPDATE cases SET organisation_id = $2 WHERE id = $1`, [cases.a, org.C2]);
    // A transition that changes none of the copied columns.
    await f.ds.query(`UPDATE cases SET version = version + 1, updated_at = now(), state = 'x' WHERE id = $1`, [cases.e]);
    // Another person on the case (an identity correction): the person's columns come with it.
    const [{ id: other }] = await f.ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level)
       VALUES ($1, 'Người khác', '2004-02-29', 'female', 'Mường', 'Phật giáo', 'pupil', 'upperSecondary') RETURNING id`,
      [org.C1],
    );
    await f.ds.query(`UPDATE cases SET person_id = $2 WHERE id = $1`, [cases.d, other]);
    await expectBoth();
  });

  it('follows a merger (the cases of the predecessor get the successor in their scope key)', async () => {
    await f.ds.query(
      `INSERT INTO organisation_successions (predecessor_id, successor_id, kind, effective_date) VALUES ($1, $2, 'merger', '2022-07-01')`,
      [org.OLD, org.NEW],
    );
    const [{ scope }] = await f.ds.query(
      `SELECT DISTINCT scope_ids && ARRAY[$1::uuid] AS scope FROM report_decision_facts WHERE case_id = $2`,
      [org.NEW, cases.b],
    );
    expect(scope).toBe(true);
    await expectBoth();
  });

  it('follows the decisions: several in one statement, a new date or outcome, a deletion', async () => {
    const [{ id: ev }] = await f.ds.query(`SELECT id FROM case_events WHERE case_id = $1 ORDER BY seq LIMIT 1`, [cases.a]);
    await f.ds.query(
      `INSERT INTO decisions (case_id, event_id, kind, body, signed_on, outcome)
       VALUES ($1, $2, 'recognition', 'COMPETENT', '2022-02-11', 'recognised'), ($1, $2, 'removal', 'COMPETENT', '2022-03-01', 'removed')`,
      [cases.a, ev],
    );
    await f.ds.query(`UPDATE decisions SET signed_on = '2022-01-05' WHERE case_id = $1 AND kind = 'admission'`, [cases.e]);
    await f.ds.query(`UPDATE decisions SET outcome = 'refused' WHERE case_id = $1 AND kind = 'recognition'`, [cases.c]);
    // received_on is not held: no change.
    await f.ds.query(`UPDATE decisions SET received_on = '2022-06-20' WHERE case_id = $1`, [cases.d]);
    await f.ds.query(`DELETE FROM decisions WHERE case_id = $1 AND kind = 'admission' AND signed_on = '2021-05-02'`, [cases.b]);
    await expectBoth();
  });
});
