import { readFile, writeFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { CalendarStore, DeadlineOperations, TimerRepairService, type TimerRepairReport } from '#cases';
import { ImportService, isImportKind, IMPORT_KINDS, MAX_FILE_BYTES, type ImportReport } from '#imports';
import { UserService, todayInVietnam } from '#orgs';
import { type AppConfig, dataSourceOptions, previousEncryptionKeys } from '#platform';
import { type CalendarYear } from '#procedure';
import { rotateDataEncryptionKey, type KeyRotationResult } from './keys-rotate.js';
import { withOperatorContext } from './operator-context.js';
import { ProgressBar } from './progress-bar.js';

/** One line per issue, Vietnamese first. */
export function formatImportReport(report: ImportReport): string {
  const c = report.counts;
  const lines = [
    report.status === 'done'
      ? `Đã nhập / imported ${report.kind}: ${c.rows} dòng/rows, mới/created ${c.created}, đã có/unchanged ${c.unchanged}`
      : `KHÔNG NHẬP GÌ / NOTHING IMPORTED (${report.kind}): ${c.invalid} dòng lỗi / bad rows of ${c.rows}`,
  ];
  for (const i of report.issues) {
    const where = i.row === null ? (i.line === null ? 'tệp/file' : `dòng tệp/line ${i.line}`) : `dòng/row ${i.row}${i.line !== null && i.line !== i.row ? ` (line ${i.line})` : ''}`;
    lines.push(`  ${where}${i.field ? `, ${i.column ?? i.field}` : ''}: ${i.vi} / ${i.en} [${i.code}]`);
  }
  if (report.issuesNotListed) lines.push(`  ... và ${report.issuesNotListed} lỗi khác / and ${report.issuesNotListed} more`);
  for (const k of report.cases ?? []) {
    if (k.outcome === 'failed') continue;
    lines.push(`  ${k.source}/${k.externalId}: ${k.outcome} ${k.caseId ?? ''} ${k.stage ?? ''}${k.violations?.length ? ` vi phạm/violations: ${k.violations.join(', ')}` : ''}`.trimEnd());
  }
  return lines.join('\n');
}

/** `import <kind> <file>`: the same ImportService as the API's background job, run in this process. */
export async function importCommand(config: AppConfig, kind: string, file: string, opts: { json?: boolean; report?: string }): Promise<number> {
  if (!isImportKind(kind)) throw new Error(`Loại không hợp lệ / unknown kind "${kind}": ${IMPORT_KINDS.join(', ')}`);
  const bytes = await readFile(file);
  if (bytes.length > MAX_FILE_BYTES) throw new Error(`Tệp lớn hơn / file larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('Tệp phải mã hóa UTF-8 / the file must be UTF-8 encoded');
  }
  const bar = new ProgressBar(`nhập/import ${kind}`);
  const report = await withOperatorContext(config, (app) =>
    app.get(ImportService).run(kind, text, { actor: { userId: null, scopeRoots: null }, onProgress: (done, total) => bar.update(done, total) }),
  );
  bar.finish();
  if (opts.report) await writeFile(opts.report, `${JSON.stringify(report, null, 2)}\n`);
  console.log(opts.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
  return report.status === 'done' && report.issues.length === 0 ? 0 : 1;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Mật khẩu / password (ADMIN_PASSWORD or stdin): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `admin:create`: the first administrator (a global admin grant). The password comes from
 * ADMIN_PASSWORD or stdin, never from the command line (it would show in the process list).
 */
export async function adminCreateCommand(config: AppConfig, opts: { username: string; ifNotExists?: boolean }, password?: string): Promise<string> {
  const secret = password ?? process.env.ADMIN_PASSWORD ?? (await readStdin());
  const ds = new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'ket-nap-admin-cli', poolSize: 2 }));
  await ds.initialize();
  try {
    const users = new UserService(ds);
    const existing = await users.findByUsername(opts.username);
    if (existing) {
      if (opts.ifNotExists) return `Người dùng đã tồn tại / user exists: ${existing.username}`;
      throw new Error(`Người dùng đã tồn tại / user already exists: ${existing.username}`);
    }
    const user = await users.create({ username: opts.username, password: secret });
    await users.grant({ userId: user.id, role: 'admin', organisationId: null, validFrom: todayInVietnam() });
    return `Đã tạo quản trị viên / administrator created: ${user.username} (${user.id})`;
  } finally {
    await ds.destroy();
  }
}

/** `calendar:set <year> <file.json> --reason`: enter or confirm a year; open deadlines are recomputed. */
export async function calendarSetCommand(config: AppConfig, yearArg: string, file: string, reason: string): Promise<{ recomputed: number; changed: number }> {
  const year = Number(yearArg);
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new Error(`Năm không hợp lệ / invalid year: ${yearArg}`);
  if (!reason || reason.trim().length < 5) throw new Error('Nêu lý do (--reason, ≥ 5 ký tự) / give a reason (--reason, 5 characters at least)');
  let data: Partial<CalendarYear>;
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as Partial<CalendarYear>;
  } catch (err) {
    throw new Error(`Không đọc được tệp JSON / cannot read the JSON file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('Tệp phải là một đối tượng năm / the file must be one year object');
  if (data.year !== undefined && data.year !== year) throw new Error(`Tệp là năm ${data.year}, không phải ${year} / the file is for ${data.year}, not ${year}`);
  // The store validates the year (dates inside it, weekdays off, weekend make-up days) and refuses bad data.
  return withOperatorContext(config, (app) => app.get(DeadlineOperations).enterCalendarYear({ ...data, year } as CalendarYear, reason.trim(), { userId: null }));
}

/** `keys:rotate`: from DATA_ENCRYPTION_KEY (+ DATA_ENCRYPTION_KEYS_OLD) to NEW_DATA_ENCRYPTION_KEY. */
export async function keysRotateCommand(config: AppConfig, opts: { batchSize?: number }): Promise<KeyRotationResult> {
  const toKey = config.NEW_DATA_ENCRYPTION_KEY ?? config.DATA_ENCRYPTION_KEY;
  const fromKeys = [config.DATA_ENCRYPTION_KEY, ...previousEncryptionKeys(config)].filter((k) => k !== toKey);
  if (fromKeys.length === 0)
    throw new Error('Không có khóa cũ nào để xoay: đặt NEW_DATA_ENCRYPTION_KEY, hoặc DATA_ENCRYPTION_KEYS_OLD / no old key to rotate from: set NEW_DATA_ENCRYPTION_KEY (or DATA_ENCRYPTION_KEYS_OLD)');
  const ds = new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'ket-nap-keys-cli', poolSize: 2 }));
  await ds.initialize();
  const bar = new ProgressBar('xoay khóa/rotate keys');
  try {
    return await rotateDataEncryptionKey(ds, { toKey, fromKeys, hmacKey: config.IDENTITY_HMAC_KEY, batchSize: opts.batchSize, onProgress: (d, t) => bar.update(d, t) });
  } finally {
    bar.finish();
    await ds.destroy();
  }
}

/** One line per change, Vietnamese first (the rows are also in the timer_repairs table). */
export function formatTimerRepair(report: TimerRepairReport): string {
  const lines = [
    `Sửa thời hạn / timer repair: ${report.settingsChecked} thiết lập/settings, ${report.deadlinesChecked} hạn/deadlines kiểm tra/checked, ${report.changes.length} thay đổi/changes`,
  ];
  for (const c of report.changes) {
    const where = c.caseId ? `case ${c.caseId}${c.key ? ` ${c.key}` : ''}` : `org ${c.organisationId}`;
    lines.push(`  ${c.kind} ${where}: ${c.note}`);
  }
  return lines.join('\n');
}

/** `timers:repair` (and after `migrate`): TimerRepairService in an operator context. */
export async function timersRepairCommand(config: AppConfig, opts: { json?: boolean } = {}): Promise<string> {
  const report = await withOperatorContext(config, async (app) => {
    // The shipped calendar years first (a database migrated but never started has none).
    await app.get(CalendarStore).seedFromConfig();
    return app.get(TimerRepairService).run();
  });
  return opts.json ? JSON.stringify(report, null, 2) : formatTimerRepair(report);
}
