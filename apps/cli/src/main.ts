import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig, loadEnvFile, runMigrations } from '#platform';
import { seedDemo } from './seed-demo.js';
import { anchorAuditAt, formatVerification, verifyAuditAt } from '#audit';

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

program
  .command('audit:verify')
  .description('Kiểm tra tính toàn vẹn của nhật ký (thoát mã 1 nếu bị sửa) / verify the audit trail (exit 1 when tampered)')
  .option('--chain <chain>', "một chuỗi / one chain, e.g. 'case:<id>'")
  .option('--json', 'in kết quả dạng JSON / print the result as JSON')
  .action(async (opts: { chain?: string; json?: boolean }) => {
    loadEnvFile();
    const result = await verifyAuditAt(loadConfig().DATABASE_URL, { chain: opts.chain });
    console.log(opts.json ? JSON.stringify(result, null, 2) : formatVerification(result));
    if (!result.ok) process.exitCode = 1;
  });

program
  .command('audit:anchor')
  .description('Neo các đầu chuỗi ngay bây giờ / anchor the audit chain heads now')
  .action(async () => {
    loadEnvFile();
    const a = await anchorAuditAt(loadConfig().DATABASE_URL);
    console.log(a ? `anchor #${a.seq} (${a.chains} chains) ${a.hash}` : 'Không có gì mới để neo / nothing new to anchor');
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
