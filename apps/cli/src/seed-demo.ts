import { DataSource } from 'typeorm';
import { dataSourceOptions } from '#platform';

/**
 * The demo dataset, idempotent: each part checks what is already there. Later features add their
 * part here (organisations and users, candidates at several stages, ...).
 */
export async function seedDemo(databaseUrl: string): Promise<string> {
  const ds = new DataSource(dataSourceOptions({ url: databaseUrl, applicationName: 'ket-nap-seed' }));
  await ds.initialize();
  try {
    const parts: string[] = [];
    return parts.length ? parts.join('; ') : 'empty province (nothing to add yet)';
  } finally {
    await ds.destroy();
  }
}
