import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

// Legal dates are calendar dates: keep PostgreSQL `date` values as 'YYYY-MM-DD' strings (never a
// JavaScript Date, which would shift them through the host's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint ids and counts fit in a JS number for this domain's sizes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
import { MIGRATIONS } from './migrations/index.js';

export interface DatabaseOptions {
  url: string;
  entities?: DataSourceOptions['entities'];
  applicationName?: string;
  poolSize?: number;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'ket-nap',
    // A bounded wait for a connection: a pool exhausted for 10 s answers an error, never hangs.
    extra: { max: options.poolSize ?? 20, connectionTimeoutMillis: 10_000 },
  } as DataSourceOptions;
}

/** Apply every pending migration; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions({ url, applicationName: 'ket-nap-migrate' }));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** True when the database has every migration this build knows. */
export async function migrationsApplied(ds: DataSource): Promise<boolean> {
  const rows: { name: string }[] = await ds.query(`SELECT name FROM migrations`);
  const done = new Set(rows.map((r) => r.name));
  return MIGRATIONS.every((m) => done.has(m.name));
}

/**
 * TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with `[rows, affectedCount]` but
 * SELECT and INSERT ... RETURNING with the rows alone: this returns the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
