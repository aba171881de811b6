import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance and reports (docs/reports.md):
 * - violations get a source ('live': opened by a transition or the deadline worker; 'audit': opened by
 *   the compliance catalogue), the check that found them, who explained and who resolved them, and
 *   whether a re-audit cleared them (a rulebook correction made them disappear);
 * - violation_history: every status change with its actor and text (the audit trail records it too);
 * - jobs: background jobs with progress (the compliance re-audit);
 * - targets: annual admission targets (chỉ tiêu) per organisation and report category.
 */
export class Compliance1764206000000 implements MigrationInterface {
  name = 'Compliance1764206000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE violations
        ADD COLUMN source text NOT NULL DEFAULT 'live' CONSTRAINT violations_source_check CHECK (source IN ('live', 'audit')),
        ADD COLUMN check_id text NULL,
        ADD COLUMN explained_by uuid NULL REFERENCES users(id),
        ADD COLUMN explained_at timestamptz NULL,
        ADD COLUMN resolved_by uuid NULL REFERENCES users(id),
        ADD COLUMN resolved_at timestamptz NULL,
        ADD COLUMN resolution text NULL,
        ADD COLUMN cleared_by_audit boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX "IDX_violations_rule_status" ON violations (rule_id, status)`);
    await q.query(`CREATE INDEX "IDX_violations_case" ON violations (case_id)`);

    await q.query(`
      CREATE TABLE violation_history (
        id bigserial PRIMARY KEY,
        violation_id uuid NOT NULL REFERENCES violations(id),
        action text NOT NULL CHECK (action IN ('opened', 'explained', 'resolved', 'cleared', 'reopened')),
        from_status violation_status NULL,
        to_status violation_status NOT NULL,
        actor_user_id uuid NULL REFERENCES users(id),
        text text NULL,
        job_id uuid NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_violation_history_violation" ON violation_history (violation_id, id)`);

    await q.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        organisation_id uuid NULL REFERENCES organisations(id),
        requested_by uuid NULL REFERENCES users(id),
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer NULL,
        result jsonb NULL,
        error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_jobs_kind_created" ON jobs (kind, created_at DESC)`);

    await q.query(`
      CREATE TABLE targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        category text NOT NULL,
        target integer NOT NULL CHECK (target >= 0),
        set_by uuid NULL REFERENCES users(id),
        set_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_targets_org_year_category" UNIQUE (organisation_id, year, category)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS targets`);
    await q.query(`DROP TABLE IF EXISTS jobs`);
    await q.query(`DROP TABLE IF EXISTS violation_history`);
    await q.query(`DROP INDEX IF EXISTS "IDX_violations_case"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_violations_rule_status"`);
    await q.query(`
      ALTER TABLE violations
        DROP COLUMN IF EXISTS cleared_by_audit, DROP COLUMN IF EXISTS resolution, DROP COLUMN IF EXISTS resolved_at,
        DROP COLUMN IF EXISTS resolved_by, DROP COLUMN IF EXISTS explained_at, DROP COLUMN IF EXISTS explained_by,
        DROP COLUMN IF EXISTS check_id, DROP COLUMN IF EXISTS source`);
  }
}
