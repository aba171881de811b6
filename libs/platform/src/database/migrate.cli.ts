import { loadConfig } from '../config/app-config.js';
import { loadEnvFile } from '../config/env-file.js';
import { runMigrations } from './data-source.js';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const applied = await runMigrations(config.DATABASE_URL);
  process.stdout.write(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}\n` : 'Không có migration mới / nothing to apply\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
