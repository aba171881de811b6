import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that stay fast for scoped users (issue 20, item 5; docs/performance.md).
 *
 * - `cases.scope_ids`: every organisation whose scope covers the case's organisation, i.e. every
 *   root R with organisation_id in AccessService's roll-up of R (the subtree of R and whatever
 *   rolled into it: predecessors of merged organisations, their subtrees, transitively). Walking
 *   the roll-up's edges backwards from the case's organisation: its ancestors (closure) and its
 *   successors (successions), transitively. So `scope_ids && roots` is exactly
 *   `organisation_id IN rollup(roots)`, answered by a GIN index instead of rebuilding the roll-up
 *   per request. Kept by triggers: on cases when organisation_id changes, and on the closure and
 *   successions for the cases whose organisations rolled into a changed one.
 * - `cases.stage_entered_on`: the date of the case's last state change (the latest event date of
 *   its uncorrected state-changing events), which the pipeline report computed per request with a
 *   correlated max() over every open case's events. Kept by a trigger on case_events (insert,
 *   correction), so it holds whatever path writes the events.
 */
export class ScopeKey1767400000012 implements MigrationInterface {
  name = 'ScopeKey1767400000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION org_scope_ids(org uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
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
    await q.query(`ALTER TABLE cases ADD COLUMN scope_ids uuid[] NOT NULL DEFAULT ARRAY[]::uuid[]`);
    await q.query(`
      UPDATE cases c SET scope_ids = s.ids
        FROM (SELECT o.organisation_id, org_scope_ids(o.organisation_id) AS ids FROM (SELECT DISTINCT organisation_id FROM cases) o) s
       WHERE s.organisation_id = c.organisation_id`);
    await q.query(`CREATE INDEX "IDX_cases_scope_ids" ON cases USING gin (scope_ids)`);

    await q.query(`
      CREATE FUNCTION cases_scope_ids() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.scope_ids := org_scope_ids(NEW.organisation_id);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER cases_scope_ids_insert BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_scope_ids()`);
    await q.query(`
      CREATE TRIGGER cases_scope_ids_update BEFORE UPDATE OF organisation_id ON cases
        FOR EACH ROW WHEN (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id) EXECUTE FUNCTION cases_scope_ids()`);

    // The organisations whose cases' scope may change when `changed` gain or lose an ancestor or a
    // successor: `changed` and everything that rolls into them (the forward roll-up).
    await q.query(`
      CREATE FUNCTION refresh_case_scopes(changed uuid[]) RETURNS void LANGUAGE sql AS $$
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
    for (const [table, column] of [
      ['organisation_closure', 'descendant_id'],
      ['organisation_successions', 'predecessor_id'],
    ] as const) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE'] as const) {
        const rows = op === 'DELETE' ? 'old_rows' : 'new_rows';
        const fn = `${table}_${op.toLowerCase()}_case_scopes`;
        await q.query(`
          CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM refresh_case_scopes(ARRAY(SELECT DISTINCT ${column} FROM ${rows}${
              op === 'UPDATE' ? ` UNION SELECT ${column} FROM old_rows` : ''
            }));
            RETURN NULL;
          END $$`);
        const referencing =
          op === 'INSERT'
            ? 'REFERENCING NEW TABLE AS new_rows'
            : op === 'DELETE'
              ? 'REFERENCING OLD TABLE AS old_rows'
              : 'REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows';
        await q.query(`CREATE TRIGGER ${fn} AFTER ${op} ON ${table} ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      }
    }

    // stage_entered_on: the pipeline's "waiting since" (the last uncorrected state change).
    await q.query(`ALTER TABLE cases ADD COLUMN stage_entered_on date`);
    await q.query(`
      CREATE FUNCTION case_stage_entered_on(cid uuid) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) FROM case_events e
         WHERE e.case_id = cid AND e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL
      $$`);
    await q.query(`
      UPDATE cases c SET stage_entered_on = m.d
        FROM (SELECT e.case_id, max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) AS d FROM case_events e
               WHERE e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL GROUP BY e.case_id) m
       WHERE m.case_id = c.id`);
    await q.query(`
      CREATE FUNCTION case_events_stage_entered_on() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE d date;
      BEGIN
        IF TG_OP = 'INSERT' AND NEW.state_before IS NOT DISTINCT FROM NEW.state_after THEN RETURN NULL; END IF;
        d := case_stage_entered_on(NEW.case_id);
        UPDATE cases SET stage_entered_on = d WHERE id = NEW.case_id AND stage_entered_on IS DISTINCT FROM d;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_stage_entered_on AFTER INSERT OR UPDATE OF corrected_by_seq, event_date, state_before, state_after ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_stage_entered_on()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS case_events_stage_entered_on ON case_events`);
    await q.query(`DROP FUNCTION IF EXISTS case_events_stage_entered_on()`);
    await q.query(`DROP FUNCTION IF EXISTS case_stage_entered_on(uuid)`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS stage_entered_on`);
    for (const table of ['organisation_closure', 'organisation_successions'])
      for (const op of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER IF EXISTS ${table}_${op}_case_scopes ON ${table}`);
        await q.query(`DROP FUNCTION IF EXISTS ${table}_${op}_case_scopes()`);
      }
    await q.query(`DROP FUNCTION IF EXISTS refresh_case_scopes(uuid[])`);
    await q.query(`DROP TRIGGER IF EXISTS cases_scope_ids_update ON cases`);
    await q.query(`DROP TRIGGER IF EXISTS cases_scope_ids_insert ON cases`);
    await q.query(`DROP FUNCTION IF EXISTS cases_scope_ids()`);
    await q.query(`DROP INDEX IF EXISTS "IDX_cases_scope_ids"`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS scope_ids`);
    await q.query(`DROP FUNCTION IF EXISTS org_scope_ids(uuid)`);
  }
}
