import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of recorded acts (procedure.md §6.6, I-13). A correction is appended to the event
 * log as a new row of the same type with the corrected payload (`corrects_seq` names the act it
 * corrects, `correction_reason` says why, `recorded_by` who); the original row stays, marked with
 * `corrected_by_seq`. Engine rows the re-judged case no longer derives (a timer's firing from a
 * corrected date) are marked the same way. `correction_effects` keeps what the re-judgement moved.
 */
export class EventCorrections1767000000008 implements MigrationInterface {
  name = 'EventCorrections1767000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_events
        ADD COLUMN corrects_seq integer NULL,
        ADD COLUMN corrected_by_seq integer NULL,
        ADD COLUMN correction_reason text NULL,
        ADD COLUMN correction_effects jsonb NULL,
        ADD CONSTRAINT case_events_correction_has_reason
          CHECK (corrects_seq IS NULL OR (correction_reason IS NOT NULL AND length(btrim(correction_reason)) > 0))`);
    await q.query(`CREATE INDEX "IDX_case_events_live" ON case_events (case_id, seq) WHERE corrected_by_seq IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_case_events_live"`);
    await q.query(`
      ALTER TABLE case_events
        DROP CONSTRAINT IF EXISTS case_events_correction_has_reason,
        DROP COLUMN IF EXISTS correction_effects,
        DROP COLUMN IF EXISTS correction_reason,
        DROP COLUMN IF EXISTS corrected_by_seq,
        DROP COLUMN IF EXISTS corrects_seq`);
  }
}
