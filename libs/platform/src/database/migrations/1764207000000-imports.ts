import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports for go-live (docs/operations.md, "Imports"):
 * - import_jobs: one import (organisations, members, memberships or cases) with its file, status,
 *   progress, counts and error report; the API creates it, the worker's `import.run` job runs it;
 * - imported_cases: the import key of each imported case (source + external id), so running the
 *   same file again skips the cases already entered;
 * - key_rotations: progress of a column-encryption key rotation (restartable, `keys:rotate`).
 */
export class Imports1764207000000 implements MigrationInterface {
  name = 'Imports1764207000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CONSTRAINT import_jobs_kind_check CHECK (kind IN ('organisations', 'members', 'memberships', 'cases')),
        status text NOT NULL DEFAULT 'queued' CONSTRAINT import_jobs_status_check CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed')),
        requested_by uuid NULL REFERENCES users(id),
        scope_roots uuid[] NULL,
        file_name text NULL,
        content bytea NOT NULL,
        content_sha256 char(64) NOT NULL,
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer NULL,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        report jsonb NULL,
        error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_import_jobs_created" ON import_jobs (created_at DESC)`);

    await q.query(`
      CREATE TABLE imported_cases (
        source text NOT NULL,
        external_id text NOT NULL,
        case_id uuid NULL REFERENCES cases(id),
        status text NOT NULL DEFAULT 'pending' CONSTRAINT imported_cases_status_check CHECK (status IN ('pending', 'done')),
        job_id uuid NULL REFERENCES import_jobs(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_imported_cases" PRIMARY KEY (source, external_id)
      )`);
    await q.query(`CREATE INDEX "IDX_imported_cases_case" ON imported_cases (case_id)`);

    await q.query(`
      CREATE TABLE key_rotations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_key_id text NOT NULL,
        status text NOT NULL DEFAULT 'running' CONSTRAINT key_rotations_status_check CHECK (status IN ('running', 'done')),
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS key_rotations`);
    await q.query(`DROP TABLE IF EXISTS imported_cases`);
    await q.query(`DROP TABLE IF EXISTS import_jobs`);
  }
}
