import pg from 'pg';
// A CommonJS file (.cts), extensionless on purpose: Jest loads global hooks through require(), without moduleNameMapper.
import { PG_ADMIN_URL, assertTestDatabase } from './env';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs outside Jest's module system (no TypeScript path mapping), so it only prepares an empty
 * template database for this run; the first test file to need a database migrates it
 * (database.ts). Databases of runs whose process is gone are dropped; live runs are left alone.
 */
export default async function globalSetup(): Promise<void> {
  process.env.KN_TEST_RUN = String(process.pid);
  const template = `kn_test_template_${process.pid}`;
  assertTestDatabase(template);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'kn_test_%'`);
    for (const { datname } of stale.rows) {
      const pid = Number(/^kn_test_(?:template_)?(\d+)/.exec(datname)?.[1] ?? NaN);
      if (Number.isFinite(pid) && alive(pid) && pid !== process.pid) continue;
      assertTestDatabase(datname);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
}
