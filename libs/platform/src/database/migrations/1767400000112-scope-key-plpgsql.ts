import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scope-key functions of 1767400000012 in PL/pgSQL instead of SQL: a SQL function holding a
 * recursive CTE is planned again on every call, and the triggers call them once per inserted case
 * and once per closure statement (the organisations trigger inserts closure rows organisation by
 * organisation), which made a province's bulk load of 6,000 cells take minutes. PL/pgSQL keeps the
 * plans for the session. Same statements, same results.
 */
export class ScopeKeyPlpgsql1767400000112 implements MigrationInterface {
  name = 'ScopeKeyPlpgsql1767400000112';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION org_scope_ids(org uuid) RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN (
          WITH RECURSIVE up(id) AS (
            SELECT org
            UNION
            SELECT x.id FROM up, LATERAL (
              SELECT c.ancestor_id AS id FROM organisation_closure c WHERE c.descendant_id = up.id
              UNION ALL
              SELECT s.successor_id FROM organisation_successions s WHERE s.predecessor_id = up.id
            ) x
          )
          SELECT COALESCE(array_agg(id ORDER BY id), ARRAY[]::uuid[]) FROM up WHERE id IS NOT NULL
        );
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_case_scopes(changed uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        WITH RECURSIVE rollup(id) AS (
          SELECT unnest(changed)
          UNION
          SELECT x.id FROM rollup, LATERAL (
            SELECT s.predecessor_id AS id FROM organisation_successions s WHERE s.successor_id = rollup.id
            UNION ALL
            SELECT c.descendant_id FROM organisation_closure c WHERE c.ancestor_id = rollup.id
          ) x
        ), touched AS (
          SELECT DISTINCT c.organisation_id AS id FROM cases c JOIN rollup r ON r.id = c.organisation_id
        ), fresh AS (
          SELECT id, org_scope_ids(id) AS ids FROM touched
        )
        UPDATE cases c SET scope_ids = f.ids FROM fresh f
         WHERE c.organisation_id = f.id AND c.scope_ids IS DISTINCT FROM f.ids;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION case_stage_entered_on(cid uuid) RETURNS date LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN (
          SELECT max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) FROM case_events e
           WHERE e.case_id = cid AND e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL
        );
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION org_scope_ids(org uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
        WITH RECURSIVE up(id) AS (
          SELECT org
          UNION
          SELECT x.id FROM up, LATERAL (
            SELECT c.ancestor_id AS id FROM organisation_closure c WHERE c.descendant_id = up.id
            UNION ALL
            SELECT s.successor_id FROM organisation_successions s WHERE s.predecessor_id = up.id
          ) x
        )
        SELECT COALESCE(array_agg(id ORDER BY id), ARRAY[]::uuid[]) FROM up WHERE id IS NOT NULL
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_case_scopes(changed uuid[]) RETURNS void LANGUAGE sql AS $$
        WITH RECURSIVE rollup(id) AS (
          SELECT unnest(changed)
          UNION
          SELECT x.id FROM rollup, LATERAL (
            SELECT s.predecessor_id AS id FROM organisation_successions s WHERE s.successor_id = rollup.id
            UNION ALL
            SELECT c.descendant_id FROM organisation_closure c WHERE c.ancestor_id = rollup.id
          ) x
        ), fresh AS (
          SELECT id, org_scope_ids(id) AS ids FROM rollup
        )
        UPDATE cases c SET scope_ids = f.ids FROM fresh f
         WHERE c.organisation_id = f.id AND c.scope_ids IS DISTINCT FROM f.ids
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION case_stage_entered_on(cid uuid) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) FROM case_events e
         WHERE e.case_id = cid AND e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL
      $$`);
  }
}
