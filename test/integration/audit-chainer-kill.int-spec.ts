import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, AuditVerifier } from '#audit';
import { dataSourceOptions } from '#platform';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ensureServerBuilt } from '../support/dist.js';
import { eventually } from '../support/worker.js';

/**
 * The chainer (the production build's `audit:chain`) is killed with SIGKILL while a batch's
 * transaction is open; after a restart the verifier finds every chain intact and every recorded
 * entry in the chain exactly once.
 */
describe('the audit chainer killed mid-batch', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const children: ChildProcess[] = [];
  const N = 30_000;
  const BATCH = 2000;
  const CHAINS = 40;

  beforeAll(async () => {
    ensureServerBuilt('dist/apps/cli/src/main.js');
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'kill-test', poolSize: 3 }));
    await ds.initialize();
  }, 300_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await ds?.destroy();
    await db?.drop();
  });

  const chainer = (): ChildProcess => {
    const config = testConfig(db.url);
    const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', 'audit:chain', '--batch', String(BATCH)], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL: config.REDIS_URL,
        AUTH_TOKEN_SECRET: config.AUTH_TOKEN_SECRET,
        DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY,
        IDENTITY_HMAC_KEY: config.IDENTITY_HMAC_KEY,
        LOG_LEVEL: 'error',
        ENV_FILE: '/nonexistent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const count = async (table: string): Promise<number> => Number((await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('leaves the killed batch pending, whole; the restarted chainer completes every chain once', async () => {
    const cases = Array.from({ length: CHAINS }, () => randomUUID());
    // Chains that already have rows: the heads the killed batch had moved must be the ones that stay.
    const audit = new AuditService(ds);
    for (const caseId of cases) await audit.record({ action: 'case.read', outcome: 'ok', caseId, requestId: `before-${caseId}` });
    await audit.flush();
    // A large backlog, as entries committed with their commands would leave it.
    await ds.query(
      `INSERT INTO audit_outbox (occurred_at, action, outcome, status_code, case_id, request_id, details, chain)
       SELECT now() - (($1::int - g) * interval '1 millisecond'), 'case.event', 'ok', 200, c.id, 'kill-' || g, jsonb_build_object('n', g, 'nested', jsonb_build_object('b', 2, 'a', 1)), 'case:' || c.id
       FROM generate_series(1, $1::int) g JOIN unnest($2::uuid[]) WITH ORDINALITY AS c(id, k) ON c.k = 1 + g % $3::int`,
      [N, cases, CHAINS],
    );
    expect(await count('audit_outbox')).toBe(N);

    const first = chainer();
    // Wait until some batches are committed and the next one is open (the chainer holds its lock).
    await eventually(
      async () => {
        const [r] = (await ds.query(
          `SELECT (SELECT count(*)::int FROM audit_log) AS chained,
                  EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                          WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name = 'ket-nap-cli') AS mid`,
        )) as { chained: number; mid: boolean }[];
        return r!.chained > CHAINS && r!.mid;
      },
      60_000,
      5,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // The killed backend rolls its batch back (its connection is gone).
    await eventually(
      async () =>
        (await ds.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ket-nap-cli'`))
          .length === 0,
      30_000,
      20,
    );
    const chainedAtKill = (await count('audit_log')) - CHAINS;
    expect(chainedAtKill).toBeGreaterThan(0);
    expect(chainedAtKill).toBeLessThan(N);
    // Whole batches only: nothing of the batch in flight was kept, and nothing was lost.
    expect(chainedAtKill % BATCH).toBe(0);
    expect(chainedAtKill + (await count('audit_outbox'))).toBe(N);
    expect(await new AuditVerifier(ds).verify()).toMatchObject({ ok: true, problems: [] });

    const second = chainer();
    const code = await new Promise<number | null>((r) => second.once('exit', r));
    expect(code).toBe(0);
    expect(await count('audit_outbox')).toBe(0);

    const verification = await new AuditVerifier(ds).verify();
    expect(verification).toMatchObject({ ok: true, problems: [], chainsChecked: CHAINS, rowsChecked: N + CHAINS });
    const [once] = (await ds.query(
      `SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS distinct_ids FROM audit_log WHERE request_id LIKE 'kill-%'`,
    )) as { rows: number; distinct_ids: number }[];
    expect(once).toEqual({ rows: N, distinct_ids: N });
    // Per chain, in recording order: seq 1 is the earlier row, then the backlog in id order.
    const disorder = (await ds.query(
      `SELECT chain FROM (SELECT chain, chain_seq, row_number() OVER (PARTITION BY chain ORDER BY id) AS k FROM audit_log) x WHERE chain_seq <> k LIMIT 1`,
    )) as unknown[];
    expect(disorder).toEqual([]);
  }, 240_000);
});
