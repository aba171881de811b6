import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../libs/platform/src/database/data-source.js';
import { PG_ADMIN_URL, assertTestDatabase, runId, templateDb, withDatabase, workerId } from './env.js';

const MIGRATED = 'migrated';

/** Migrate the template once per run, whichever worker gets there first (advisory lock). */
async function ensureTemplateMigrated(c: pg.Client): Promise<void> {
  const marker = async (): Promise<string | null> =>
    (await c.query<{ d: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [templateDb()])).rows[0]?.d ?? null;
  if ((await marker()) === MIGRATED) return;
  await c.query(`SELECT pg_advisory_lock(4242)`);
  try {
    if ((await marker()) === MIGRATED) return;
    await runMigrations(withDatabase(PG_ADMIN_URL, templateDb()));
    await c.query(`COMMENT ON DATABASE "${templateDb()}" IS '${MIGRATED}'`);
  } finally {
    await c.query(`SELECT pg_advisory_unlock(4242)`);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template (fast, and isolated
 * from every other worker and file).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `kn_test_${runId()}_w${workerId()}_${randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  await admin(async (c) => {
    await ensureTemplateMigrated(c);
    // CREATE DATABASE ... TEMPLATE needs no other session on the template; retry briefly if one is closing.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
        return;
      } catch (err) {
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    name,
    url: withDatabase(PG_ADMIN_URL, name),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
