// Fresh cases for the measures that write (copies of the engine's S-1 template at a step).
import { withClient } from './common.mjs';

/** Fresh cases for the measures that write: copies of the S-1 template at `step`, in non-delegated cells. */
export async function prepare(url, { tag, count, step }) {
  return withClient(url, async (c) => {
    const tid = (
      await c.query(`SELECT tid FROM bench_tpl WHERE path = 'admit' AND pidx = 0 AND org_kind = 'standingCommittee' AND cohort = 0`)
    ).rows[0].tid;
    await c.query(
      `CREATE TEMP TABLE prep AS
      SELECT i AS n, bench_uuid($1, i) AS id, bench_uuid($1 || '-p', i) AS person_id, c.id AS org_id, c.competent_id
        FROM generate_series(1, $2::int) i,
             (SELECT array_agg(k ORDER BY k) AS ks FROM bench_cell WHERE NOT delegated) a,
             LATERAL (SELECT id, competent_id FROM bench_cell WHERE k = a.ks[1 + (i * 7919) % cardinality(a.ks)]) c`,
      [tag, count],
    );
    await c.query(`INSERT INTO people (id, organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
                   SELECT person_id, org_id, 'Nguyễn Thị Bench ' || n, '2004-05-12', 'female', 'Kinh', 'student', 'upperSecondary' FROM prep`);
    const sub = (col) =>
      `replace(replace(replace(replace(${col}, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', p.id::text), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', p.org_id::text), 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', p.competent_id::text), '__BENCH_NAME__', 'Nguyễn Thị Bench ' || p.n)`;
    await c.query(
      `INSERT INTO cases (id, person_id, organisation_id, status, state, stage, snapshot, machine_version, edition, version, opened_on, updated_at)
                   SELECT p.id, p.person_id, p.org_id, 'open', s.state, s.stage, ${sub('s.snapshot')}::jsonb, 1, s.edition, s.version, s.opened_on, now()
                     FROM prep p JOIN bench_tpl_step s ON s.tid = $1 AND s.step = $2`,
      [tid, step],
    );
    await c.query(
      `INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, state_before, state_after, rule_results, machine_version, edition)
                   SELECT p.id, e.seq, e.type, ${sub('e.payload')}::jsonb, e.event_date, e.acting_body, e.actor_role, e.state_before, e.state_after, e.rule_results_j, 1, e.edition
                     FROM prep p JOIN bench_tpl_event e ON e.tid = $1 AND e.seq <= $2 + 1`,
      [tid, step],
    );
    await c.query(
      `INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed)
                   SELECT p.id, ce.id, v.body, v.motion::vote_motion, v."meetingDate", v.eligible, v."for", v.against, v.required, v.passed
                     FROM prep p JOIN bench_tpl_vote v ON v.tid = $1 AND v.seq <= $2 + 1 JOIN case_events ce ON ce.case_id = p.id AND ce.seq = v.seq`,
      [tid, step],
    );
    await c.query(
      `INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years, edition, responsible, reminders, basis, status, fence)
                   SELECT p.id, d.key, d.timer_id, d.start_date, d.due_date, d.extended_due_date, d.calendar_status::deadline_calendar_status, d.calendar_years, d.edition,
                          d.responsible, d.reminders::jsonb, d.basis::jsonb, d.status::deadline_status, d.fence
                     FROM prep p JOIN bench_tpl_deadline d ON d.tid = $1 AND d.step = $2`,
      [tid, step],
    );
    const rows = (await c.query(`SELECT id, competent_id FROM prep ORDER BY n`)).rows;
    await c.query(`ANALYZE cases`);
    return rows;
  });
}
