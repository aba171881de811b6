import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig, loadEnvFile } from '#platform';
import { todayInVietnam } from '../common/dates.js';
import { UserService } from '../users/user.service.js';

/**
 * Create the first administrator (a global admin grant):
 *   ADMIN_PASSWORD=... node dist/libs/orgs/src/cli/create-admin.cli.js --username admin
 *   printf '%s' "$PASSWORD" | node dist/libs/orgs/src/cli/create-admin.cli.js --username admin
 * The password is never taken from the command line (it would show in the process list and history).
 */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Mật khẩu / password (ADMIN_PASSWORD or stdin): ');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  const program = new Command()
    .name('admin:create')
    .description('Tạo quản trị viên đầu tiên / create the first administrator')
    .requiredOption('--username <username>', 'tên đăng nhập / username')
    .option('--if-not-exists', 'không báo lỗi nếu đã có / succeed if the user already exists', false)
    .parse(process.argv);
  const opts = program.opts<{ username: string; ifNotExists: boolean }>();

  loadEnvFile();
  const config = loadConfig();
  const password = process.env.ADMIN_PASSWORD ?? (await readStdin());
  const ds = new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'ket-nap-admin-cli', poolSize: 2 }));
  await ds.initialize();
  try {
    const users = new UserService(ds);
    const existing = await users.findByUsername(opts.username);
    if (existing) {
      if (opts.ifNotExists) {
        process.stdout.write(`Người dùng đã tồn tại / user exists: ${existing.username}\n`);
        return;
      }
      throw new Error(`Người dùng đã tồn tại / user already exists: ${existing.username}`);
    }
    const user = await users.create({ username: opts.username, password });
    await users.grant({ userId: user.id, role: 'admin', organisationId: null, validFrom: todayInVietnam() });
    process.stdout.write(`Đã tạo quản trị viên / administrator created: ${user.username} (${user.id})\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
