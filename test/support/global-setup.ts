import pg from 'pg';
// Extensionless on purpose: Jest loads this file through require(), without moduleNameMapper.
import { PG_ADMIN_URL, TEMPLATE_DB, assertTestDatabase } from './env';

/**
 * Runs outside Jest's module system (no TypeScript path mapping), so it only prepares an empty
 * template database; the first test file to need a database migrates it (database.ts).
 */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(TEMPLATE_DB);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'kn_test_%'`);
    for (const { datname } of stale.rows) {
      assertTestDatabase(datname);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
}
