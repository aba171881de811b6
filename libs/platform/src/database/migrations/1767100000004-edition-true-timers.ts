import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Edition-true timers (issue 16). Organisation settings used to hold `timerLimits`, lengths in the
 * timer's unit applied to every edition, and the planner applied the effective copy of the 2025-07
 * lengths to 2021-07 timers as if they were local tightenings. Settings now store only local
 * tightenings, per timer **and edition** (`timerTightenings: [{timer, edition, length}]`).
 *
 * This migration is structural and needs no legal number (the platform does not import the
 * procedure library, and a migration must not depend on code that changes later):
 * - `timer_repairs` records every change the repair makes (settings, deadlines, violations);
 * - `deadlines.variant` keeps the length variant (abroad, central) so a recomputation keeps it;
 * - every stored `timerLimits` is rewritten as tightenings tagged with the edition in force today
 *   (2025-07), one `timer_repairs` row per organisation setting;
 * - cases stuck in `removed.closed` (the removal path had no final state) are closed with the
 *   outcome `removed` on the date of their last event, one row each.
 * The part that needs the law (dropping values equal to the central length, recomputing open
 * deadlines with the edition of their start) runs right after, in `TimerRepairService`
 * (libs/cases), from `ket-nap migrate` and `ket-nap timers:repair`; it is idempotent.
 */
export class EditionTrueTimers1767100000004 implements MigrationInterface {
  name = 'EditionTrueTimers1767100000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS timer_repairs (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('setting', 'deadline', 'violation', 'case')),
        organisation_id uuid REFERENCES organisations(id),
        case_id uuid REFERENCES cases(id),
        deadline_id uuid REFERENCES deadlines(id),
        timer_id text,
        edition text,
        before jsonb,
        after jsonb,
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_timer_repairs_case" ON timer_repairs (case_id)`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN IF NOT EXISTS variant text`);

    // timerLimits {timer: length} -> timerTightenings [{timer, edition: '2025-07', length}].
    await q.query(`
      WITH old AS (
        SELECT organisation_id, valid_from, settings FROM organisation_settings WHERE settings ? 'timerLimits'
      ), converted AS (
        UPDATE organisation_settings s
           SET settings = (s.settings - 'timerLimits') || jsonb_build_object('timerTightenings', COALESCE((
                 SELECT jsonb_agg(jsonb_build_object('timer', e.key, 'edition', '2025-07', 'length', (e.value)::int) ORDER BY e.key)
                   FROM jsonb_each(s.settings -> 'timerLimits') e
                  WHERE jsonb_typeof(e.value) = 'number'), '[]'::jsonb))
          FROM old
         WHERE s.organisation_id = old.organisation_id AND s.valid_from = old.valid_from
        RETURNING s.organisation_id, s.valid_from, old.settings AS before, s.settings AS after
      )
      INSERT INTO timer_repairs (kind, organisation_id, before, after, note)
      SELECT 'setting', organisation_id, jsonb_build_object('validFrom', valid_from, 'settings', before),
             jsonb_build_object('validFrom', valid_from, 'settings', after),
             'timerLimits rewritten as tightenings of edition 2025-07 / đổi timerLimits thành mức rút ngắn của phiên bản 2025-07'
        FROM converted`);

    // Exits that never ended: removed from the probationary list, complaint window over.
    await q.query(`
      WITH stuck AS (
        SELECT c.id, c.status, c.outcome, c.closed_on,
               COALESCE((SELECT max(e.event_date) FROM case_events e WHERE e.case_id = c.id), c.opened_on) AS last_date
          FROM cases c WHERE c.state = 'removed.closed' AND c.status = 'open'
      ), closed AS (
        UPDATE cases c SET status = 'closed', outcome = 'removed', closed_on = stuck.last_date,
                           snapshot = jsonb_set(c.snapshot, '{status}', '"done"'), updated_at = now()
          FROM stuck WHERE c.id = stuck.id
        RETURNING c.id, stuck.last_date
      )
      INSERT INTO timer_repairs (kind, case_id, before, after, note)
      SELECT 'case', id, jsonb_build_object('status', 'open', 'outcome', NULL, 'closedOn', NULL),
             jsonb_build_object('status', 'closed', 'outcome', 'removed', 'closedOn', last_date),
             'removed.closed is a terminal state: case closed / xóa tên đã xong: đóng hồ sơ'
        FROM closed`);
    await q.query(`
      UPDATE deadlines d SET status = 'cancelled', fence = fence + 1, updated_at = now()
        FROM cases c WHERE c.id = d.case_id AND c.state = 'removed.closed' AND d.status IN ('pending', 'fired')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP COLUMN IF EXISTS variant`);
    await q.query(`DROP TABLE IF EXISTS timer_repairs`);
  }
}
