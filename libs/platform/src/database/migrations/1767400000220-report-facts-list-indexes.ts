import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, item 5 (reads that scale for scoped users), the part left after 1767400000012:
 *
 * - The admissions report read three facts out of every decided case's snapshot (`snapshot #>> …`,
 *   a detoasted ~3.4 KB jsonb per row, ~400 of its ~600 ms at province scale). They are now stored
 *   generated columns of `cases`, computed by PostgreSQL from the snapshot on every write, so they
 *   cannot drift from it: `report_youth_union_member`, `report_effective_on`, `report_ceremony_on`
 *   (the same expressions the report used; text, as the report read them). Not indexed: the
 *   transition's `UPDATE cases` stays as HOT (or not) as before.
 * - The case list's lateral "next pending deadline" sorted every deadline of the case per row:
 *   `IDX_deadlines_case_pending` answers it with one index row.
 * - `status=open` lists (and the overdue filter) walked `IDX_cases_updated` past every closed case:
 *   `IDX_cases_open_updated` is the same order over open cases only.
 */
export class ReportFactsListIndexes1767400000220 implements MigrationInterface {
  name = 'ReportFactsListIndexes1767400000220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN report_youth_union_member boolean GENERATED ALWAYS AS ((snapshot #> '{context,facts,person,youthUnionMember}') = 'true'::jsonb) STORED,
        ADD COLUMN report_effective_on text GENERATED ALWAYS AS (snapshot #>> '{context,facts,evidence,recognitionDecision,effectiveOn}') STORED,
        ADD COLUMN report_ceremony_on text GENERATED ALWAYS AS (snapshot #>> '{context,facts,evidence,ceremony,heldOn}') STORED`);
    await q.query(
      `CREATE INDEX "IDX_deadlines_case_pending" ON deadlines (case_id, (COALESCE(extended_to, due_date))) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX "IDX_cases_open_updated" ON cases (updated_at DESC, id DESC) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_cases_open_updated"`);
    await q.query(`DROP INDEX "IDX_deadlines_case_pending"`);
    await q.query(`ALTER TABLE cases DROP COLUMN report_ceremony_on, DROP COLUMN report_effective_on, DROP COLUMN report_youth_union_member`);
  }
}
