import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board and the supervisors' lists read open cases of a stage, newest first (benchmark:
 * docs/performance.md, measure 3): an index in that order avoids sorting the subtree's cases.
 */
export class CaseListIndex1764208000000 implements MigrationInterface {
  name = 'CaseListIndex1764208000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_cases_open_stage_updated" ON cases (stage, updated_at DESC, id DESC) WHERE status = 'open'`);
    await q.query(`CREATE INDEX "IDX_cases_org_updated" ON cases (organisation_id, updated_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_cases_org_updated"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_cases_open_stage_updated"`);
  }
}
