import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig, loadEnvFile, runMigrations } from '#platform';
import { seedDemo } from './seed-demo.js';

/** The operator CLI: one entry point for database and data operations (docs/operations.md). */
const program = new Command()
  .name('ket-nap')
  .description('Kết nạp đảng viên — công cụ vận hành / operator CLI')
  .showHelpAfterError();

program
  .command('migrate')
  .description('Áp dụng các migration còn thiếu / apply pending migrations')
  .action(async () => {
    loadEnvFile();
    const applied = await runMigrations(loadConfig().DATABASE_URL);
    console.log(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}` : 'Không có migration mới / nothing to apply');
  });

program
  .command('seed-demo')
  .description('Nạp dữ liệu mẫu (chạy lại không thay đổi gì) / load demo data (idempotent)')
  .action(async () => {
    loadEnvFile();
    const config = loadConfig();
    if (config.NODE_ENV === 'production' && process.env.SEED_DEMO !== 'true') {
      throw new Error('Refusing to seed demo data in production without SEED_DEMO=true');
    }
    const summary = await seedDemo(config.DATABASE_URL);
    console.log(`Dữ liệu mẫu / demo data: ${summary}`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
