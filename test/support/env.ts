/** Where the test services are; CI and developers use the local PostgreSQL and Redis. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_BASE_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Every Jest run names its databases after its own process id, so concurrent runs (two
 * developers, or a developer and CI) never drop each other's databases.
 */
export function runId(): string {
  return process.env.KN_TEST_RUN ?? String(process.ppid);
}

export function templateDb(): string {
  return `kn_test_template_${runId()}`;
}

export function workerId(): number {
  return Number(process.env.JEST_WORKER_ID ?? '1');
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The test harness never touches a database whose name does not say it is for tests. */
export function assertTestDatabase(name: string): void {
  if (!/test/.test(name)) throw new Error(`Refusing to use database "${name}": its name must contain "test"`);
}
