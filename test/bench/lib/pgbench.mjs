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

/**
 * The SQL of one HTTP transition as the API really sent it (a passing cell.admissionVoted; the
 * statements and parameters that lib/count-queries.cjs kept of that POST, `capture`), replayed by
 * pgbench in simple mode: the one read, the vote's roster reads and the write(s), in order, with
 * the case's id, organisation and version taken from the read (`\gset`) and every other parameter
 * inlined as the literal the API sent, cast to the type PostgreSQL inferred for it (PREPARE). Like
 * the API's unnamed statements, each is parsed and planned every time. Each pgbench client works
 * on its own slice of cases prepared at the step before the cell vote (no version conflicts), so
 * the version check is kept.
 */
export async function writeTransitionScript({ url, tag, cases, capture }) {
  const { caseId, organisationId, statements } = capture;
  if (!/FROM cases c WHERE c\.id = \$1/.test(statements[0]?.text ?? '')) throw new Error('transition capture: the first statement is not the case read');
  if (!statements.some((x) => /^\s*WITH nd AS/.test(x.text))) throw new Error('transition capture: no write statement');
  // One line per statement; `--` comments go first (on one line they would swallow the rest).
  const oneLine = (sql) => sql.replace(/--[^\n]*$/gm, '').replace(/\s+/g, ' ').trim();
  const types = await withClient(url, async (c) => {
    const out = [];
    for (const [i, st] of statements.entries()) {
      if (st.values.length === 0) {
        out.push([]); // START TRANSACTION, COMMIT, or a statement without parameters
        continue;
      }
      await c.query(`PREPARE kn_capture_${i} AS ${st.text}`);
      const r = await c.query(`SELECT parameter_types::text[] AS t FROM pg_prepared_statements WHERE name = $1`, [`kn_capture_${i}`]);
      out.push(r.rows[0].t);
      await c.query(`DEALLOCATE kn_capture_${i}`);
    }
    return out;
  });
  // pgbench substitutes its variables anywhere in the text, quotes included (simple mode).
  const VARIABLE = /:(n|nclients|client_id|scale|random_seed|default_seed|c_[A-Za-z0-9_]+)\b/;
  const lines = statements.map((st, i) => {
    const version = /\bAND version = \$(\d+)/.exec(st.text)?.[1];
    const bind = (n) => {
      const v = st.values[n - 1];
      const type = types[i][n - 1];
      if (i === 0 && n === 1) return `bench_uuid('${tag}', :n)`;
      if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
      if (v === caseId) return `CAST(':c_id' AS ${type})`;
      if (v === organisationId) return `CAST(':c_organisation_id' AS ${type})`;
      if (version && n === Number(version)) return `CAST(':c_version' AS ${type})`;
      if (VARIABLE.test(String(v))) throw new Error(`transition capture: a parameter of statement ${i} holds a pgbench variable name`);
      return `CAST('${String(v).replaceAll("'", "''")}' AS ${type})`;
    };
    const sql = oneLine(st.text).replace(/\$(\d+)/g, (_, n) => bind(Number(n)));
    return i === 0 ? `${sql} \\gset c_` : `${sql};`;
  });
  const script = [
    '-- generated by test/bench/lib/pgbench.mjs from the statements one POST /cases/{id}/events sent (cell.admissionVoted)',
    `\\set n :client_id + 1 + :nclients * random(0, (${cases} / :nclients) - 1)`,
    ...lines,
    '',
  ].join('\n');
  const file = path.join(os.tmpdir(), `kn-bench-transition-${process.pid}.sql`);
  fs.writeFileSync(file, script);
  return { file, statements: statements.length };
}
