// pgbench side of measure 1: TPC-B-like on its own database, and the transition's own SQL.
/* global URL */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PG_BASE, dbUrl, percentile, withClient } from './common.mjs';

const run = promisify(execFile);
export const PGBENCH_DB = 'kn_bench_pgbench';
const PGBENCH_SCALE = 32; // >= the largest client count, so TPC-B's branch rows are not the bottleneck

function connArgs() {
  const u = new URL(PG_BASE);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
}

export async function ensurePgbenchDb() {
  const exists = await withClient(
    dbUrl('postgres'),
    async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [PGBENCH_DB])).rowCount > 0,
  );
  if (exists) {
    const ok = await withClient(dbUrl(PGBENCH_DB), async (c) => {
      try {
        return Number((await c.query(`SELECT count(*) AS n FROM pgbench_branches`)).rows[0].n) === PGBENCH_SCALE;
      } catch {
        return false;
      }
    });
    if (ok) return;
  } else {
    await withClient(dbUrl('postgres'), (c) => c.query(`CREATE DATABASE ${PGBENCH_DB}`));
  }
  await run('pgbench', [...connArgs(), '-i', '-q', '-s', String(PGBENCH_SCALE), PGBENCH_DB], { maxBuffer: 1 << 24 });
}

/** Run pgbench; returns tps, mean and p50/p99 latency (ms) from its per-transaction log. */
export async function pgbench({ db, clients, seconds, script, vars = {}, extended = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kn-pgbench-'));
  try {
    const args = [
      ...connArgs(),
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(Math.max(1, Math.round(seconds))),
      '-l',
      `--log-prefix=${path.join(dir, 'log')}`,
    ];
    if (extended) args.push('-M', 'extended');
    if (script) args.push('-f', script);
    for (const [k, v] of Object.entries(vars)) args.push('-D', `${k}=${v}`);
    args.push(db);
    const { stdout } = await run('pgbench', args, { maxBuffer: 1 << 26 });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const lat = [];
    for (const f of fs.readdirSync(dir)) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const parts = line.split(' ');
        if (parts.length >= 3) lat.push(Number(parts[2]) / 1000);
      }
    }
    lat.sort((a, b) => a - b);
    return { clients, perSecond: tps, failed, p50: percentile(lat, 50), p99: percentile(lat, 99), transactions: lat.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const lit = (v) => (v === null || v === undefined ? 'NULL' : `'${String(v).replaceAll("'", "''")}'`);

/**
 * The SQL statements of one HTTP transition (a passing cell.admissionVoted by an administrator),
 * in the order CaseCommands.apply, CasesController.record, AuthGuard and the audit interceptor send
 * them (checked against the statement trace of test/bench/profile.mjs), with the engine's real
 * rule results, snapshot and deadline row as literals. Each pgbench client works on its own slice
 * of cases prepared for it at the step before the cell vote (no version conflicts), so the version
 * check is kept.
 */
export async function writeTransitionScript({ url, seed, tag, cases, adminId }) {
  const t = await withClient(url, async (c) => {
    const tid = (
      await c.query(`SELECT tid FROM bench_tpl WHERE path = 'admit' AND pidx = 0 AND org_kind = 'standingCommittee' AND cohort = 0`)
    ).rows[0].tid;
    const ev = (
      await c.query(`SELECT * FROM bench_tpl_event WHERE tid = $1 AND type = 'cell.admissionVoted' ORDER BY seq DESC LIMIT 1`, [tid])
    ).rows[0];
    const step = (await c.query(`SELECT * FROM bench_tpl_step WHERE tid = $1 AND step = $2`, [tid, ev.seq - 1])).rows[0];
    const dl = (
      await c.query(`SELECT * FROM bench_tpl_deadline WHERE tid = $1 AND step = $2 AND key = 'admissionDecision'`, [tid, ev.seq - 1])
    ).rows[0];
    const vote = (await c.query(`SELECT * FROM bench_tpl_vote WHERE tid = $1 AND seq = $2`, [tid, ev.seq])).rows[0];
    // JSON literals live in a table: pgbench would read ':true' or ':id' inside a literal as a variable.
    await c.query(`DROP TABLE IF EXISTS bench_pgb_lit`);
    await c.query(
      `CREATE TABLE bench_pgb_lit AS SELECT $1::text AS snapshot, $2::text AS payload, $3::text AS rule_results, $4::text AS reminders, $5::text AS basis,
                   '{"method":"POST","route":"/api/v1/cases/:id/events"}'::text AS audit_details`,
      [step.snapshot, ev.payload, ev.rule_results, dl.reminders, dl.basis],
    );
    return { ev, step, dl, vote };
  });
  const { ev, step, dl, vote } = t;
  const caseId = `bench_uuid('${tag}', CAST(:n AS int))`; // (bench_uuid = md5 of seed, tag, n; no ':' inside literals: pgbench would read it as a variable)
  void seed;
  const sql = `-- generated by test/bench/lib/pgbench.mjs: the statements of one HTTP transition
\\set n :client_id + 1 + :nclients * random(0, (${cases} / :nclients) - 1)
SELECT u.id, u.username, u.person_id AS "personId", EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = gen_random_uuid() AND t.user_id = u.id AND t.revoked_at IS NULL) AS live FROM users u WHERE u.id = '${adminId}' AND u.disabled_at IS NULL;
SELECT g.id, g.user_id, g.role, g.organisation_id, g.valid_from::text, g.valid_to::text FROM role_grants g WHERE g.user_id = '${adminId}' AND g.valid_from <= current_date AND (g.valid_to IS NULL OR g.valid_to > current_date) ORDER BY g.valid_from, g.role;
SELECT * FROM cases WHERE id = ${caseId} \\gset c_
SELECT 1 FROM organisations WHERE id = :c_organisation_id;
SELECT 1 FROM organisations WHERE id = :c_organisation_id;
SELECT s.settings FROM organisation_closure c JOIN LATERAL (SELECT settings FROM organisation_settings s WHERE s.organisation_id = c.ancestor_id AND s.valid_from <= current_date ORDER BY s.valid_from DESC LIMIT 1) s ON true WHERE c.descendant_id = :c_organisation_id ORDER BY c.depth DESC;
SELECT key, COALESCE(extended_to, due_date) AS due FROM deadlines WHERE case_id = :c_id AND status = 'pending' AND due_date IS NOT NULL;
BEGIN;
UPDATE cases SET snapshot = (SELECT snapshot FROM bench_pgb_lit)::jsonb, state = ${lit(ev.state_after)}, stage = 'awaitingBaseVote', status = 'open', outcome = NULL, closed_on = NULL, machine_version = 1, decision_date = COALESCE(NULL, decision_date), ceremony_date = COALESCE(NULL, ceremony_date), recognition_date = COALESCE(NULL, recognition_date), edition = COALESCE(${lit(step.edition)}, edition), version = version + 1, updated_at = now() WHERE id = :c_id AND version = :c_version RETURNING version \\gset u_
SELECT 1 FROM organisations WHERE id = :c_organisation_id;
INSERT INTO case_events (case_id, seq, type, payload, event_date, acting_body, actor_role, recorded_by, state_before, state_after, rule_results, machine_version, edition) VALUES (:c_id, :u_version, 'cell.admissionVoted', (SELECT payload FROM bench_pgb_lit)::jsonb, ${lit(ev.event_date)}, 'CELL', 'admin', '${adminId}', :c_state, ${lit(ev.state_after)}, (SELECT rule_results FROM bench_pgb_lit)::jsonb, 1, ${lit(ev.edition)}) RETURNING id \\gset e_
INSERT INTO votes (case_id, event_id, body, motion, meeting_date, eligible, votes_for, votes_against, required, passed, roster_eligible, mismatch_reason) VALUES (:c_id, :e_id, 'CELL', 'admit', ${lit(vote.meetingDate)}, ${vote.eligible}, ${vote.for}, ${vote.against}, ${vote.required ?? 'NULL'}, ${vote.passed}, NULL, NULL);
SELECT s.settings FROM organisation_closure c JOIN LATERAL (SELECT settings FROM organisation_settings s WHERE s.organisation_id = c.ancestor_id AND s.valid_from <= current_date ORDER BY s.valid_from DESC LIMIT 1) s ON true WHERE c.descendant_id = :c_organisation_id ORDER BY c.depth DESC;
INSERT INTO deadlines (case_id, key, timer_id, start_date, due_date, extended_due_date, calendar_status, calendar_years, edition, responsible, reminders, basis, status, fence) VALUES (:c_id, 'admissionDecision', 'admissionDecision', ${lit(dl.start_date)}, ${lit(dl.due_date)}, ${lit(dl.extended_due_date)}, ${lit(dl.calendar_status)}, ${lit(`{${dl.calendar_years.join(',')}}`)}, ${lit(dl.edition)}, ${lit(dl.responsible)}, (SELECT reminders FROM bench_pgb_lit)::jsonb, (SELECT basis FROM bench_pgb_lit)::jsonb, 'pending', 1) ON CONFLICT (case_id, key) DO UPDATE SET timer_id = EXCLUDED.timer_id, start_date = EXCLUDED.start_date, due_date = EXCLUDED.due_date, extended_due_date = EXCLUDED.extended_due_date, extended_to = NULL, calendar_status = EXCLUDED.calendar_status, calendar_years = EXCLUDED.calendar_years, edition = EXCLUDED.edition, responsible = EXCLUDED.responsible, reminders = EXCLUDED.reminders, basis = EXCLUDED.basis, status = 'pending', fence = deadlines.fence + 1, met_on = NULL, fired_at = NULL, escalated_at = NULL, updated_at = now() RETURNING id \\gset d_
INSERT INTO outbox (topic, payload) VALUES ('deadline.arm', json_build_object('deadlineId', CAST(:d_id AS text))::jsonb);
UPDATE cases SET next_due = d.next_due, overdue = COALESCE(d.next_due < current_date, false) FROM (SELECT min(COALESCE(extended_to, due_date)) AS next_due FROM deadlines WHERE case_id = :c_id AND status = 'pending') d WHERE cases.id = :c_id;
SELECT id, organisation_id, status, stage, state, decision_date::text, ceremony_date::text, recognition_date::text, snapshot FROM cases WHERE id = ANY(ARRAY[CAST(:c_id AS uuid)]);
SELECT case_id, seq, type, event_date::text AS event_date, payload FROM case_events WHERE case_id = ANY(ARRAY[CAST(:c_id AS uuid)]) ORDER BY case_id, seq;
SELECT id::text, case_id, body, motion, meeting_date::text AS meeting_date, eligible, votes_for, votes_against, required, passed FROM votes WHERE case_id = ANY(ARRAY[CAST(:c_id AS uuid)]) ORDER BY case_id, meeting_date, id;
SELECT id::text, case_id, kind, body, signed_on::text AS signed_on, received_on::text AS received_on, outcome FROM decisions WHERE case_id = ANY(ARRAY[CAST(:c_id AS uuid)]) ORDER BY case_id, signed_on, id;
SELECT case_id, key, timer_id, start_date::text AS start_date, due_date::text AS due_date, extended_to::text AS extended_to, status, responsible, edition FROM deadlines WHERE case_id = ANY(ARRAY[CAST(:c_id AS uuid)]) ORDER BY case_id, key;
SELECT id, rule_id, step, status, check_id, cleared_by_audit FROM violations WHERE case_id = :c_id FOR UPDATE;
COMMIT;
SELECT * FROM cases WHERE id = :c_id;
SELECT 1 FROM organisations WHERE id = :c_organisation_id;
SELECT id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level FROM people WHERE id = :c_person_id;
SELECT id, name, kind FROM organisations WHERE id = :c_organisation_id;
SELECT body, motion, meeting_date AS "meetingDate", eligible, votes_for AS "for", votes_against AS "against", required, passed FROM votes WHERE case_id = :c_id ORDER BY meeting_date, id;
SELECT kind, body, number, signed_on AS "signedOn", received_on AS "receivedOn", outcome FROM decisions WHERE case_id = :c_id ORDER BY signed_on, id;
SELECT id, form_code AS "formCode", number, dated, issuer, file_name AS "fileName" FROM documents WHERE case_id = :c_id ORDER BY dated, recorded_at;
SELECT key, timer_id, start_date, due_date, extended_due_date, extended_to, status, calendar_status, edition, reminders, responsible FROM deadlines WHERE case_id = :c_id ORDER BY COALESCE(extended_to, due_date) NULLS LAST, key;
SELECT rule_id AS "ruleId", step, status, due_date AS "dueDate", actual_date AS "actualDate", responsible, details FROM violations WHERE case_id = :c_id ORDER BY opened_at;
SELECT seq, type, event_date AS "eventDate", recorded_at AS "recordedAt", recorded_by AS "recordedBy", actor_role AS "actorRole", acting_body AS "actingBody", state_after AS "stateAfter" FROM case_events WHERE case_id = :c_id ORDER BY seq;
SELECT s.settings FROM organisation_closure c JOIN LATERAL (SELECT settings FROM organisation_settings s WHERE s.organisation_id = c.ancestor_id AND s.valid_from <= current_date ORDER BY s.valid_from DESC LIMIT 1) s ON true WHERE c.descendant_id = :c_organisation_id ORDER BY c.depth DESC;
SELECT key, COALESCE(extended_to, due_date) AS due FROM deadlines WHERE case_id = :c_id AND status = 'pending' AND due_date IS NOT NULL;
BEGIN ISOLATION LEVEL READ COMMITTED;
INSERT INTO audit_chain_heads AS h (chain, last_seq, last_hash) VALUES ('case:' || CAST(:c_id AS text), 0, repeat('0', 64)) ON CONFLICT (chain) DO UPDATE SET updated_at = now() RETURNING h.last_seq, h.last_hash \\gset a_
INSERT INTO audit_log (occurred_at, actor_user_id, actor_role, session_id, ip, user_agent, request_id, action, resource_type, resource_id, case_id, outcome, status_code, details, chain, chain_seq, prev_hash, hash) VALUES (now(), '${adminId}', 'admin', gen_random_uuid()::text, '127.0.0.1', 'kn-bench', gen_random_uuid()::text, 'case.event', 'case', :c_id, :c_id, 'ok', 200, (SELECT audit_details FROM bench_pgb_lit)::jsonb, 'case:' || CAST(:c_id AS text), CAST(:a_last_seq AS int) + 1, :a_last_hash, encode(sha256(random()::text::bytea), 'hex')) RETURNING id;
UPDATE audit_chain_heads SET last_seq = CAST(:a_last_seq AS int) + 1, last_hash = encode(sha256(random()::text::bytea), 'hex') WHERE chain = 'case:' || CAST(:c_id AS text);
COMMIT;
`;
  const file = path.join(os.tmpdir(), `kn-bench-transition-${process.pid}.sql`);
  fs.writeFileSync(file, sql);
  return { file, statements: sql.split('\n').filter((l) => /^(SELECT|INSERT|UPDATE|BEGIN|COMMIT)/.test(l)).length };
}
