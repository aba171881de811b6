import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig, loadEnvFile, runMigrations } from '#platform';
import { seedDemo } from './seed-demo.js';
import { reauditCommand } from './reaudit.js';
import { anchorAuditAt, chainAuditAt, formatVerification, verifyAuditAt } from '#audit';
import { adminCreateCommand, calendarSetCommand, importCommand, keysRotateCommand, timersRepairCommand } from './commands.js';
import { secretsInit } from './secrets-init.js';

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
    // The data repair that needs the law (edition-true timers); idempotent, prints what changed.
    if (applied.includes('EditionTrueTimers1767100000004')) {
      try {
        console.log(await timersRepairCommand(loadConfig()));
      } catch (err) {
        // The migrations stand; the repair needs the whole operator context (Redis included) and is idempotent.
        console.error(`Chưa sửa được thời hạn, hãy chạy timers:repair / timer repair not run, run timers:repair: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    }
  });

program
  .command('timers:repair')
  .description(
    'Sửa thiết lập thời hạn và tính lại hạn đang mở theo phiên bản quy định (chạy lại không thay đổi gì) / ' +
      'repair timer settings and recompute open deadlines with their edition (idempotent)',
  )
  .option('--json', 'in kết quả dạng JSON / print the result as JSON')
  .action(async (opts: { json?: boolean }) => {
    loadEnvFile();
    console.log(await timersRepairCommand(loadConfig(), opts));
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
    const summary = await seedDemo(config);
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
  .command('audit:chain')
  .description('Xâu chuỗi ngay các mục nhật ký đang chờ / chain the pending audit entries now (the API and worker do it continuously)')
  .option('--batch <n>', 'số mục mỗi giao dịch / entries per transaction', (v) => Number.parseInt(v, 10))
  .action(async (opts: { batch?: number }) => {
    loadEnvFile();
    const n = await chainAuditAt(loadConfig().DATABASE_URL, { batch: opts.batch });
    console.log(`đã xâu chuỗi / chained: ${n}`);
  });

program
  .command('audit:anchor')
  .description('Neo các đầu chuỗi ngay bây giờ / anchor the audit chain heads now')
  .action(async () => {
    loadEnvFile();
    const a = await anchorAuditAt(loadConfig().DATABASE_URL);
    console.log(a ? `anchor #${a.seq} (${a.chains} chains) ${a.hash}` : 'Không có gì mới để neo / nothing new to anchor');
  });

program
  .command('import')
  .description(
    'Nhập tệp CSV (organisations, members, memberships) hoặc JSON lines (cases); lỗi ở bất kỳ dòng nào: không lưu gì / ' +
      'import a CSV file (organisations, members, memberships) or JSON lines (cases); any bad row: nothing stored',
  )
  .argument('<kind>', 'organisations | members | memberships | cases')
  .argument('<file>', 'đường dẫn tệp (UTF-8) / path of the file (UTF-8)')
  .option('--json', 'in báo cáo dạng JSON / print the report as JSON')
  .option('--report <file>', 'ghi báo cáo JSON ra tệp / write the JSON report to a file')
  .action(async (kind: string, file: string, opts: { json?: boolean; report?: string }) => {
    loadEnvFile();
    process.exitCode = await importCommand(loadConfig(), kind, file, opts);
  });

program
  .command('admin:create')
  .description('Tạo quản trị viên đầu tiên (mật khẩu từ ADMIN_PASSWORD hoặc stdin) / create the first administrator (password from ADMIN_PASSWORD or stdin)')
  .requiredOption('--username <username>', 'tên đăng nhập / username')
  .option('--if-not-exists', 'không báo lỗi nếu đã có / succeed if the user already exists', false)
  .action(async (opts: { username: string; ifNotExists: boolean }) => {
    loadEnvFile();
    console.log(await adminCreateCommand(loadConfig(), opts));
  });

program
  .command('secrets:init')
  .description('Tạo một lần các bí mật của bộ docker compose (giữ nguyên nếu đã có) / create the compose stack\'s secrets once (kept when present)')
  .argument('[dir]', 'thư mục / directory', '/run/ket-nap-secrets')
  .action((dir: string) => {
    console.log(secretsInit(dir));
  });

program
  .command('calendar:set')
  .description('Nhập hoặc xác nhận lịch làm việc một năm; tính lại các thời hạn đang mở / enter or confirm a working-day calendar year; recompute open deadlines')
  .argument('<year>', 'năm / year')
  .argument('<file>', 'tệp JSON như config/calendar/<year>.json / a JSON file like config/calendar/<year>.json')
  .requiredOption('--reason <text>', 'lý do (ghi vào nhật ký) / reason (recorded)')
  .action(async (year: string, file: string, opts: { reason: string }) => {
    loadEnvFile();
    const r = await calendarSetCommand(loadConfig(), year, file, opts.reason);
    console.log(`Đã lưu năm ${year}; tính lại ${r.recomputed} thời hạn, ${r.changed} thay đổi / year ${year} saved; ${r.recomputed} deadlines recomputed, ${r.changed} changed`);
  });

program
  .command('keys:rotate')
  .description(
    'Mã hóa lại mọi giá trị mã hóa bằng NEW_DATA_ENCRYPTION_KEY (chạy lại được) / re-encrypt every encrypted value with NEW_DATA_ENCRYPTION_KEY (restartable)',
  )
  .option('--batch-size <n>', 'số dòng mỗi giao dịch / rows per transaction', (v) => Number.parseInt(v, 10), 500)
  .action(async (opts: { batchSize: number }) => {
    loadEnvFile();
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || opts.batchSize > 10_000) throw new Error('--batch-size: 1..10000');
    const r = await keysRotateCommand(loadConfig(), { batchSize: opts.batchSize });
    console.log(
      `Khóa mới / target key ${r.targetKeyId}: người/people ${r.people}, webhook ${r.webhookSecrets}, đã xoay trước đó / already rotated ${r.alreadyRotated}`,
    );
    if (r.notCovered.length) console.log(`Chưa có bộ mã hóa cho / no cipher yet for: ${r.notCovered.join(', ')}`);
  });

program
  .command('re-audit')
  .description(
    'Kiểm tra lại tuân thủ trên dữ liệu hiện có: dời hạn theo phiên bản quy định, rồi mở/đóng vi phạm theo quy tắc; in thay đổi theo hồ sơ (chạy lại không thay đổi gì) / ' +
      're-audit existing data: deadlines repaired to their edition, then violations opened and closed by rule; prints what changed per case (idempotent)',
  )
  .option('--organisation <code|id>', 'chỉ cây tổ chức này / only this subtree (the deadline repair is global)')
  .option('--today <YYYY-MM-DD>', 'ngày xét quá hạn / the date overdue deadlines are measured at (default: today in Vietnam)')
  .option('--no-repair-deadlines', 'không tính lại hạn / skip the deadline repair')
  .option('--json', 'in kết quả dạng JSON / print the result as JSON')
  .action(async (opts: { organisation?: string; today?: string; json?: boolean; repairDeadlines?: boolean }) => {
    loadEnvFile();
    console.log(await reauditCommand(loadConfig(), opts));
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
