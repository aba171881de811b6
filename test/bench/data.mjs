// Deterministic benchmark data: `npm run bench:data -- --scale small|province [--seed s]`.
//
// A fresh database kn_bench_<scale>, migrated with the real migrations (dist), then filled with
// set-based INSERT ... SELECT generate_series inside PostgreSQL (the pg client has no COPY FROM
// STDIN without pg-copy-streams, which is not installed). Randomness is md5 of (seed, kind, n):
// the same seed gives the same rows, ids included. Cases are copies of template snapshots that the
// real engine produced (test/bench/lib/templates.mjs), with case, organisation, competent body and
// name substituted.
import { performance } from 'node:perf_hooks';
import { BENCH_PASSWORD, BENCH_USER, DATA_VERSION, SCALES, dbName, dbUrl, log, parseArgs, require, withClient } from './lib/common.mjs';
import { PEOPLE, TPL, buildTemplates } from './lib/templates.mjs';

export async function generate({ scale, seed = 'kn-bench-2026' }) {
  const size = SCALES[scale];
  if (!size) throw new Error(`unknown scale ${scale} (small | province)`);
  const name = dbName(scale);
  const url = dbUrl(name);
  const t0 = performance.now();
  const timings = {};
  const step = async (label, fn) => {
    const s = performance.now();
    const r = await fn();
    timings[label] = Math.round(performance.now() - s);
    log(`data ${scale}: ${label} ${timings[label]} ms`);
    return r;
  };

  await step('create database', () =>
    withClient(dbUrl('postgres'), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    }),
  );
  const { runMigrations } = require('./dist/libs/platform/src/database/data-source.js');
  await step('migrations', () => runMigrations(url));
  const templates = await step('templates (engine)', async () => buildTemplates());
  const { hashPassword } = require('./dist/libs/orgs/src/users/password.js');
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  await withClient(url, async (c) => {
    const q = (sql, params) => c.query(sql, params);
    await q(`SET synchronous_commit = off`);
    await q(`SET maintenance_work_mem = '256MB'`);
    await q(`SET work_mem = '64MB'`);
    // The PRNG: a uniform [0,1) from md5(seed:kind:n); a uuid (version 4 shape, as gen_random_uuid) from md5 likewise.
    await q(`CREATE FUNCTION bench_rand(k text, n bigint) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
             AS $$ SELECT ('x' || substr(md5('${seed}:' || k || ':' || n), 1, 12))::bit(48)::bigint / 281474976710656.0 $$`);
    await q(`CREATE FUNCTION bench_uuid(k text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
             AS $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid FROM md5('${seed}:' || k || ':' || n) h $$`);
    await q(`CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);

    await step('organisations (+ closure by trigger)', async () => {
      const { uppers: U, bases: B, cells: C } = size;
      await q(
        `INSERT INTO organisations (id, code, name, kind, parent_id, valid_from) VALUES (bench_uuid('org', 0), 'BENCH-TU', 'Đảng bộ tỉnh Thử Nghiệm', 'provincialCommittee', NULL, '2015-01-01')`,
      );
      await q(`INSERT INTO organisations (id, code, name, kind, parent_id, valid_from)
               SELECT bench_uuid('org', i), 'BENCH-U-' || i, 'Đảng bộ xã/phường số ' || i, 'upperCommittee', bench_uuid('org', 0), '2015-01-01'
                 FROM generate_series(1, ${U}) i`);
      await q(`INSERT INTO organisations (id, code, name, kind, parent_id, valid_from)
               SELECT bench_uuid('org', 100000 + j), 'BENCH-B-' || j, 'Đảng bộ cơ sở số ' || j, 'baseCommittee', bench_uuid('org', ((j - 1) % ${U}) + 1), '2015-01-01'
                 FROM generate_series(1, ${B}) j`);
      await q(`INSERT INTO organisations (id, code, name, kind, parent_id, valid_from)
               SELECT bench_uuid('org', 1000000 + k), 'BENCH-C-' || k, 'Chi bộ số ' || k, 'cell', bench_uuid('org', 100000 + ((k - 1) % ${B}) + 1), '2015-01-01'
                 FROM generate_series(1, ${C}) k`);
      // Who decides: the upper committee's standing committee; one base committee in 20 is delegated.
      await q(`INSERT INTO organisation_competences (organisation_id, competent_committee_id, body, valid_from)
               SELECT bench_uuid('org', i), bench_uuid('org', i), 'standingCommittee', '2015-01-01' FROM generate_series(1, ${U}) i`);
      await q(`INSERT INTO organisation_competences (organisation_id, competent_committee_id, body, valid_from)
               SELECT bench_uuid('org', 100000 + j), bench_uuid('org', 100000 + j), 'delegatedBaseCommittee', '2015-01-01'
                 FROM generate_series(1, ${B}) j WHERE j % 20 = 0`);
      // Cells with their base, upper and competent body, for the case copies.
      await q(`CREATE TABLE bench_cell AS
               SELECT k, bench_uuid('org', 1000000 + k) AS id, ((k - 1) % ${B}) + 1 AS base,
                      ((((k - 1) % ${B}) + 1 - 1) % ${U}) + 1 AS upper,
                      ((((k - 1) % ${B}) + 1) % 20 = 0) AS delegated
                 FROM generate_series(1, ${C}) k`);
      await q(`ALTER TABLE bench_cell ADD PRIMARY KEY (k)`);
      await q(`ALTER TABLE bench_cell ADD COLUMN competent_id uuid`);
      await q(
        `UPDATE bench_cell SET competent_id = CASE WHEN delegated THEN bench_uuid('org', 100000 + base) ELSE bench_uuid('org', upper) END`,
      );
    });

    const names = `(ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý'])[1 + floor(bench_rand('fam', N) * 16)::int]
       || ' ' || (ARRAY['Văn','Thị','Đức','Minh','Thu','Quang','Ngọc','Hữu','Thanh','Hoài'])[1 + floor(bench_rand('mid', N) * 10)::int]
       || ' ' || (ARRAY['An','Bình','Chi','Dũng','Giang','Hà','Hải','Hương','Khánh','Lan','Long','Mai','Nam','Phương','Quân','Sơn','Tâm','Thảo','Trung','Yến','Hùng','Linh','Tuấn','Vy'])[1 + floor(bench_rand('giv', N) * 24)::int]`;

    await step('members (people + memberships)', async () => {
      const M = size.members;
      const C = size.cells;
      await q(`INSERT INTO people (id, organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level, created_at)
               SELECT bench_uuid('member', m), bench_uuid('org', 1000000 + ((m - 1) % ${C}) + 1), ${names.replaceAll('N)', 'm)')},
                      date '1950-01-01' + floor(bench_rand('birth', m) * 18000)::int,
                      (CASE WHEN bench_rand('sex', m) < 0.6 THEN 'male' ELSE 'female' END)::person_sex,
                      CASE WHEN bench_rand('eth', m) < 0.85 THEN 'Kinh' ELSE (ARRAY['Tày','Thái','Mường','Khmer','Hmông'])[1 + floor(bench_rand('eth2', m) * 5)::int] END,
                      (ARRAY['civilServant','publicEmployee','stateEnterprise','privateEnterprise','worker','farmer','armedForces','other'])[1 + floor(bench_rand('occ', m) * 8)::int]::occupation_category,
                      (ARRAY['upperSecondary','college','university','postgraduate'])[1 + floor(bench_rand('edu', m) * 4)::int]::education_level,
                      '2021-01-01'::timestamptz
                 FROM generate_series(1, ${M}) m`);
      await q(`INSERT INTO memberships (person_id, body_id, role, status, valid_from)
               SELECT bench_uuid('member', m), bench_uuid('org', 1000000 + ((m - 1) % ${C}) + 1),
                      (CASE WHEN m <= ${C} THEN 'committeeMember' ELSE 'member' END)::membership_role,
                      (CASE WHEN bench_rand('mst', m) < 0.92 THEN 'full' WHEN bench_rand('mst', m) < 0.97 THEN 'probationary' ELSE 'temporarilyElsewhere' END)::membership_status,
                      date '1980-01-01' + floor(bench_rand('since', m) * 15000)::int
                 FROM generate_series(1, ${M}) m`);
      // Committees of base committees: the first members of their first cells.
      await q(`INSERT INTO memberships (person_id, body_id, role, status, valid_from)
               SELECT bench_uuid('member', c.k), bench_uuid('org', 100000 + c.base), CASE WHEN c.k <= ${size.bases} * 3 THEN 'standingMember'::membership_role ELSE 'committeeMember' END, 'full', '2020-01-01'
                 FROM bench_cell c WHERE c.k <= ${Math.min(C, size.bases * 5)}`);
    });

    await step('templates (load)', async () => {
      const tpl = [];
      const steps = [];
      const events = [];
      const votes = [];
      const decisions = [];
      const deadlines = [];
      for (const [tid, t] of templates.entries()) {
        tpl.push({ tid, path: t.pathName, pidx: t.personIndex, org_kind: t.orgKind, cohort: t.cohort, last_step: t.steps.length - 1 });
        for (const s of t.steps) {
          steps.push({ ...s, tid, snapshot: JSON.stringify(s.snapshot), deadlines: undefined });
          for (const d of s.deadlines)
            deadlines.push({ tid, step: s.step, ...d, reminders: JSON.stringify(d.reminders), basis: JSON.stringify(d.basis) });
        }
        for (const e of t.rows.events) {
          const payload = JSON.stringify(e.payload);
          events.push({
            tid,
            ...e,
            payload,
            rule_results: JSON.stringify(e.rule_results),
            ph: payload.includes(TPL.competentId) || payload.includes(TPL.caseId),
          });
        }
        for (const v of t.rows.votes) votes.push({ tid, ...v });
        for (const d of t.rows.decisions) decisions.push({ tid, ...d });
      }
      await q(`CREATE TABLE bench_tpl (tid int PRIMARY KEY, path text, pidx int, org_kind text, cohort int, last_step int)`);
      await q(`INSERT INTO bench_tpl SELECT * FROM json_populate_recordset(NULL::bench_tpl, $1)`, [JSON.stringify(tpl)]);
      await q(`CREATE TABLE bench_tpl_step (tid int, step int, version int, state text, stage text, status text, outcome text, snapshot text,
                 opened_on date, closed_on date, decision_date date, ceremony_date date, recognition_date date, edition text, PRIMARY KEY (tid, step))`);
      for (let i = 0; i < steps.length; i += 200)
        await q(`INSERT INTO bench_tpl_step SELECT * FROM json_populate_recordset(NULL::bench_tpl_step, $1)`, [
          JSON.stringify(steps.slice(i, i + 200)),
        ]);
      await q(`CREATE TABLE bench_tpl_event (tid int, seq int, type text, payload text, event_date date, acting_body text, actor_role text, state_before text, state_after text,
                 rule_results text, edition text, ph boolean, payload_j jsonb, rule_results_j jsonb, PRIMARY KEY (tid, seq))`);
      for (let i = 0; i < events.length; i += 200)
        await q(`INSERT INTO bench_tpl_event SELECT * FROM json_populate_recordset(NULL::bench_tpl_event, $1)`, [
          JSON.stringify(events.slice(i, i + 200)),
        ]);
      await q(`UPDATE bench_tpl_event SET payload_j = payload::jsonb, rule_results_j = rule_results::jsonb`);
      await q(
        `CREATE TABLE bench_tpl_vote (tid int, seq int, body text, motion text, "meetingDate" date, eligible int, "for" int, against int, required int, passed boolean)`,
      );
      await q(`INSERT INTO bench_tpl_vote SELECT * FROM json_populate_recordset(NULL::bench_tpl_vote, $1)`, [JSON.stringify(votes)]);
      await q(
        `CREATE TABLE bench_tpl_decision (tid int, seq int, kind text, body text, number text, "signedOn" date, "receivedOn" date, outcome text)`,
      );
      await q(`INSERT INTO bench_tpl_decision SELECT * FROM json_populate_recordset(NULL::bench_tpl_decision, $1)`, [
        JSON.stringify(decisions),
      ]);
      await q(`CREATE TABLE bench_tpl_deadline (tid int, step int, key text, timer_id text, start_date date, due_date date, extended_due_date date, calendar_status text,
                 calendar_years int[], edition text, responsible text, reminders text, basis text, status text, fence int)`);
      for (let i = 0; i < deadlines.length; i += 500)
        await q(`INSERT INTO bench_tpl_deadline SELECT * FROM json_populate_recordset(NULL::bench_tpl_deadline, $1)`, [
          JSON.stringify(deadlines.slice(i, i + 500)),
        ]);
      await q(`CREATE INDEX ON bench_tpl_deadline (tid, step)`);
    });

    await step('case assignment + candidates', async () => {
      const { open: O, closed: K, cells: C } = size;
      const nPeople = PEOPLE.length;
      // Open cases at every stage of the admit path (cohort 0: 2025-26); closed ones over five years.
      await q(`CREATE TABLE bench_case AS
               WITH a AS (
                 SELECT n, true AS is_open, 'admit' AS path, 0 AS cohort, ((n - 1) % 26) AS step FROM generate_series(1, ${O}) n
                 UNION ALL
                 SELECT ${O} + n, false, CASE WHEN bench_rand('path', n) < 0.85 THEN 'admit' ELSE 'notAdmitted' END, -((n - 1) % 5), NULL FROM generate_series(1, ${K}) n
               ), b AS (
                 SELECT a.*, 1 + floor(bench_rand('cell', a.n) * ${C})::int AS cell, (a.n % ${nPeople}) AS pidx FROM a
               )
               SELECT b.n, b.is_open, b.cohort, b.cell, b.pidx, bench_uuid('case', b.n) AS id, bench_uuid('cand', b.n) AS person_id,
                      c.id AS org_id, c.competent_id, t.tid, COALESCE(b.step, t.last_step) AS step,
                      ${names.replaceAll('N)', 'b.n + 5000000)')} AS full_name
                 FROM b JOIN bench_cell c ON c.k = b.cell
                 JOIN bench_tpl t ON t.path = b.path AND t.pidx = b.pidx AND t.cohort = b.cohort
                  AND t.org_kind = CASE WHEN c.delegated THEN 'delegatedBaseCommittee' ELSE 'standingCommittee' END`);
      await q(`ALTER TABLE bench_case ADD PRIMARY KEY (n)`);
      const birth = PEOPLE.map((p, i) => `WHEN ${i} THEN date '${p.birth}'`).join(' ');
      const sex = PEOPLE.map((p, i) => `WHEN ${i} THEN '${p.sex}'`).join(' ');
      const occ = PEOPLE.map((p, i) => `WHEN ${i} THEN '${p.occupation}'`).join(' ');
      const edu = PEOPLE.map((p, i) => `WHEN ${i} THEN '${p.education}'`).join(' ');
      await q(`INSERT INTO people (id, organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
               SELECT person_id, org_id, full_name, ((CASE pidx ${birth} END) + make_interval(years => cohort))::date,
                      (CASE pidx ${sex} END)::person_sex, 'Kinh', (CASE pidx ${occ} END)::occupation_category, (CASE pidx ${edu} END)::education_level
                 FROM bench_case`);
      // Full members after a recognition: a membership in their cell.
      await q(`INSERT INTO memberships (person_id, body_id, role, status, valid_from)
               SELECT bc.person_id, bc.org_id, 'member', 'full', s.recognition_date
                 FROM bench_case bc JOIN bench_tpl_step s ON s.tid = bc.tid AND s.step = bc.step
                WHERE s.outcome = 'fullMember' AND s.recognition_date IS NOT NULL`);
    });

    const sub = (col) =>
      `replace(replace(replace(${col}, '${TPL.caseId}', bc.id::text), '${TPL.orgId}', bc.org_id::text), '${TPL.competentId}', bc.competent_id::text)`;

    await step('cases', async () => {
      await q(`INSERT INTO cases (id, person_id, organisation_id, status, state, stage, outcome, snapshot, machine_version, edition, version, readmission,
                                  opened_on, closed_on, decision_date, ceremony_date, recognition_date, created_at, updated_at)
               SELECT bc.id, bc.person_id, bc.org_id, s.status::case_status, s.state, s.stage, s.outcome,
                      replace(${sub('s.snapshot')}, '${TPL.name}', bc.full_name)::jsonb, 1, s.edition, s.version, false,
                      s.opened_on, s.closed_on, s.decision_date, s.ceremony_date, s.recognition_date,
                      s.opened_on::timestamptz + interval '9 hours',
                      COALESCE(e.event_date, s.opened_on)::timestamptz + make_interval(secs => 28800 + floor(bench_rand('upd', bc.n) * 30000)::int)
                 FROM bench_case bc JOIN bench_tpl_step s ON s.tid = bc.tid AND s.step = bc.step
                 LEFT JOIN bench_tpl_event e ON e.tid = bc.tid AND e.seq = bc.step + 1`);
    });

    await step('case events (history)', async () => {
      // The stage_entered_on trigger (one case update per event) is off for the bulk load: set once afterwards.
      const stageTrigger = (await q(`SELECT 1 FROM pg_trigger WHERE tgname = 'case_events_stage_entered_on'`)).rows.length > 0;
      if (stageTrigger) await q(`ALTER TABLE case_events DISABLE TRIGGER case_events_stage_entered_on`);
      await q(`INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, recorded_at, state_before, state_after, rule_results, machine_version, edition)
               SELECT bc.id, e.seq, e.type, CASE WHEN e.ph THEN ${sub('e.payload')}::jsonb ELSE e.payload_j END, e.event_date, e.acting_body, e.actor_role,
                      COALESCE(e.event_date, date '2025-01-01')::timestamptz + interval '10 hours', e.state_before, e.state_after, e.rule_results_j, 1, e.edition
                 FROM bench_case bc JOIN bench_tpl_event e ON e.tid = bc.tid AND e.seq <= bc.step + 1`);
      if (stageTrigger) await q(`ALTER TABLE case_events ENABLE TRIGGER case_events_stage_entered_on`);
      if (stageTrigger)
        await q(`UPDATE cases c SET stage_entered_on = m.d
                 FROM (SELECT e.case_id, max(COALESCE(e.event_date, (e.recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) AS d FROM case_events e
                        WHERE e.state_before IS DISTINCT FROM e.state_after AND e.corrected_by_seq IS NULL GROUP BY e.case_id) m
                WHERE m.case_id = c.id`);
    });

    await step('votes, decisions, deadlines', async () => {
      await q(`INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed)
               SELECT bc.id, ce.id, v.body, v.motion::vote_motion, v."meetingDate", v.eligible, v."for", v.against, v.required, v.passed
                 FROM bench_case bc JOIN bench_tpl_vote v ON v.tid = bc.tid AND v.seq <= bc.step + 1
                 JOIN case_events ce ON ce.case_id = bc.id AND ce.seq = v.seq`);
      await q(`INSERT INTO decisions (case_id, event_id, kind, body, number, signed_on, received_on, outcome)
               SELECT bc.id, ce.id, d.kind, d.body, d.number, d."signedOn", d."receivedOn", d.outcome
                 FROM bench_case bc JOIN bench_tpl_decision d ON d.tid = bc.tid AND d.seq <= bc.step + 1
                 JOIN case_events ce ON ce.case_id = bc.id AND ce.seq = d.seq`);
      await q(`INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years, edition, responsible, reminders, basis, status, fence)
               SELECT bc.id, d.key, d.timer_id, d.start_date, d.due_date, d.extended_due_date, d.calendar_status::deadline_calendar_status, d.calendar_years, d.edition,
                      d.responsible, d.reminders::jsonb, d.basis::jsonb, d.status::deadline_status, d.fence
                 FROM bench_case bc JOIN bench_tpl_deadline d ON d.tid = bc.tid AND d.step = bc.step`);
      await q(`UPDATE cases c SET next_due = d.nd, overdue = d.nd < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                 FROM (SELECT case_id, min(COALESCE(extended_to, due_date)) AS nd FROM deadlines WHERE status = 'pending' GROUP BY case_id) d
                WHERE d.case_id = c.id AND c.status = 'open'`);
    });

    await step('users and grants', async () => {
      const { uppers: U, bases: B, cells: C } = size;
      await q(`INSERT INTO users (id, username, password_hash) VALUES (bench_uuid('user', 0), $1, $2)`, [BENCH_USER, passwordHash]);
      await q(
        `INSERT INTO role_grants (user_id, role, organisation_id, valid_from) VALUES (bench_uuid('user', 0), 'admin', NULL, '2020-01-01')`,
      );
      // Staff: one per cell, base and upper committee, and the province's departments (one shared hash: bcrypt is slow).
      await q(
        `INSERT INTO users (id, username, password_hash)
               SELECT bench_uuid('user', n), 'bench-u' || n, $1 FROM generate_series(1, ${C + B + U + 2}) n`,
        [passwordHash],
      );
      await q(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from)
               SELECT bench_uuid('user', n),
                      (CASE WHEN n <= ${C} THEN 'cellCommittee' WHEN n <= ${C + B} THEN 'baseCommitteeStaff' WHEN n <= ${C + B + U} THEN 'competentStaff'
                            WHEN n = ${C + B + U + 1} THEN 'organisationDepartment' ELSE 'inspection' END)::user_role,
                      CASE WHEN n <= ${C} THEN bench_uuid('org', 1000000 + n) WHEN n <= ${C + B} THEN bench_uuid('org', 100000 + n - ${C})
                           WHEN n <= ${C + B + U} THEN bench_uuid('org', n - ${C + B}) ELSE bench_uuid('org', 0) END,
                      '2020-01-01'
                 FROM generate_series(1, ${C + B + U + 2}) n`);
    });

    const counts = await step('vacuum analyze + counts', async () => {
      await q(`VACUUM ANALYZE`);
      const out = {};
      for (const t of [
        'organisations',
        'organisation_closure',
        'people',
        'memberships',
        'cases',
        'case_events',
        'votes',
        'decisions',
        'deadlines',
        'users',
        'role_grants',
      ])
        out[t] = Number((await q(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
      out.openCases = Number((await q(`SELECT count(*) AS n FROM cases WHERE status = 'open'`)).rows[0].n);
      out.pendingDeadlines = Number((await q(`SELECT count(*) AS n FROM deadlines WHERE status = 'pending'`)).rows[0].n);
      out.databaseBytes = Number((await q(`SELECT pg_database_size(current_database()) AS n`)).rows[0].n);
      return out;
    });
    const meta = {
      version: DATA_VERSION,
      scale,
      seed,
      size,
      counts,
      timings,
      generatedAt: new Date().toISOString(),
      method: 'set-based INSERT ... SELECT generate_series (no COPY: pg-copy-streams is not installed)',
    };
    await q(`INSERT INTO bench_meta (key, value) VALUES ('data', $1)`, [JSON.stringify(meta)]);
    meta.totalMs = Math.round(performance.now() - t0);
    log(`data ${scale}: done in ${(meta.totalMs / 1000).toFixed(1)} s ${JSON.stringify(counts)}`);
    return meta;
  });
  return withClient(url, async (c) => (await c.query(`SELECT value FROM bench_meta WHERE key = 'data'`)).rows[0].value);
}

/** The database's generator metadata, or null when it does not exist or is from another version. */
export async function existingData(scale) {
  try {
    return await withClient(dbUrl(dbName(scale)), async (c) => {
      const r = await c.query(`SELECT value FROM bench_meta WHERE key = 'data'`);
      const v = r.rows[0]?.value;
      return v && v.version === DATA_VERSION ? v : null;
    });
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs();
  generate({ scale: args.scale ?? 'small', seed: typeof args.seed === 'string' ? args.seed : undefined })
    .then((meta) => {
      process.stdout.write(`${JSON.stringify(meta, null, 2)}\n`);
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    });
}
