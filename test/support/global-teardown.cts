import pg from 'pg';
// A CommonJS file (.cts), extensionless on purpose: Jest loads global hooks through require(), without moduleNameMapper.
import { PG_ADMIN_URL } from './env';

/** Drop this run's databases (each test file drops its own; this catches what a crash left). */
export default async function globalTeardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
      `kn_test_${process.pid}_%`,
      `kn_test_template_${process.pid}`,
    ]);
    for (const { datname } of rows.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
