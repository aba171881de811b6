import { DataSource, type DataSourceOptions } from 'typeorm';
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
    extra: { max: options.poolSize ?? 20 },
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
