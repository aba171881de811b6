import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoOrgs, UserService, verifyPassword } from '../../libs/orgs/src/index.js';
import { dataSourceOptions, paths, type AppConfig } from '../../libs/platform/src/index.js';
import { adminCreateCommand, calendarSetCommand, formatImportReport, importCommand } from '../../apps/cli/src/commands.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The operator CLI's commands, called as main.ts calls them, on a real database. */
describe('operator CLI', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let config: AppConfig;
  let dir: string;
  const logs: string[] = [];
  const realLog = console.log;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url);
    ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'cli-test', poolSize: 2 }));
    await ds.initialize();
    await seedDemoOrgs(ds);
    dir = await mkdtemp(path.join(tmpdir(), 'kn-cli-'));
    console.log = (...args: unknown[]) => void logs.push(args.join(' '));
  });
  afterAll(async () => {
    console.log = realLog;
    await rm(dir, { recursive: true, force: true });
    await ds?.destroy();
    await db?.drop();
  });

  it('import <kind> <file>: prints the report, exits 1 and stores nothing when a row is bad', async () => {
    const file = path.join(dir, 'orgs.csv');
    await writeFile(file, 'Mã tổ chức,Tên tổ chức,Loại tổ chức,Mã tổ chức cấp trên,Từ ngày\nCLI-CB-1,Chi bộ CLI,cell,DEMO-DU-MAY,01/02/2024\nCLI-CB-2,Chi bộ hai,cell,DEMO-DU-MAY,31/02/2024\n');
    logs.length = 0;
    expect(await importCommand(config, 'organisations', file, {})).toBe(1);
    expect(logs.join('\n')).toContain('dòng/row 3, Từ ngày: Ngày không hợp lệ');
    expect((await ds.query(`SELECT count(*)::int AS n FROM organisations WHERE code LIKE 'CLI-%'`))[0].n).toBe(0);
  });

  it('import <kind> <file>: a good file once, then unchanged; --report writes the JSON report', async () => {
    const file = path.join(dir, 'orgs-ok.csv');
    await writeFile(file, 'code,name,kind,parent_code,valid_from\r\nCLI-CB-1,Chi bộ CLI,cell,DEMO-DU-MAY,2024-02-01\r\n');
    const report = path.join(dir, 'report.json');
    expect(await importCommand(config, 'organisations', file, { report })).toBe(0);
    expect(JSON.parse(await readFile(report, 'utf8'))).toMatchObject({ status: 'done', counts: { created: 1 } });
    expect(await importCommand(config, 'organisations', file, { json: true })).toBe(0);
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ status: 'done', counts: { created: 0, unchanged: 1 } });
    await expect(importCommand(config, 'people', file, {})).rejects.toThrow(/unknown kind/);
  });

  it('admin:create makes a global administrator once (--if-not-exists the second time)', async () => {
    expect(await adminCreateCommand(config, { username: 'ops-admin' }, 'a-long-enough-password')).toContain('administrator created');
    const user = await new UserService(ds).findByUsername('ops-admin');
    expect(user!.grants).toEqual([expect.objectContaining({ role: 'admin', organisationId: null })]);
    const [{ hash }] = await ds.query(`SELECT password_hash AS hash FROM users WHERE username = 'ops-admin'`);
    expect(await verifyPassword('a-long-enough-password', hash)).toBe(true);
    expect(await adminCreateCommand(config, { username: 'ops-admin', ifNotExists: true }, 'x')).toContain('user exists');
    await expect(adminCreateCommand(config, { username: 'ops-admin' }, 'a-long-enough-password')).rejects.toThrow(/already exists/);
  });

  it('calendar:set enters a year with its reason, and refuses a file for another year or bad data', async () => {
    const year = JSON.parse(await readFile(paths.calendarDir() + '/2027.json', 'utf8'));
    const file = path.join(dir, '2027.json');
    await writeFile(file, JSON.stringify({ ...year, status: 'confirmed', sources: [...year.sources, 'Thông báo nghỉ lễ 2027'] }));
    expect(await calendarSetCommand(config, '2027', file, 'Chính phủ công bố lịch nghỉ 2027')).toMatchObject({ recomputed: expect.any(Number) });
    const [row] = await ds.query(`SELECT status, reason, origin FROM calendar_years WHERE year = 2027`);
    expect(row).toEqual({ status: 'confirmed', reason: 'Chính phủ công bố lịch nghỉ 2027', origin: 'operator' });
    await expect(calendarSetCommand(config, '2026', file, 'lý do đủ dài')).rejects.toThrow(/not 2026/);
    await expect(calendarSetCommand(config, '2027', file, 'x')).rejects.toThrow(/reason/);
    await writeFile(file, JSON.stringify({ ...year, daysOff: [{ date: '2027-02-30', name: 'không có thật' }] }));
    await expect(calendarSetCommand(config, '2027', file, 'dữ liệu sai để thử')).rejects.toThrow(/calendar/i);
  });

  it('formats a report Vietnamese first, one line per issue', () => {
    const text = formatImportReport({
      kind: 'members',
      status: 'rejected',
      counts: { rows: 2, created: 0, unchanged: 0, invalid: 1 },
      issues: [{ row: 2, line: 2, field: 'birth_date', column: 'Ngày sinh', code: 'IMPORTS.INVALID', vi: 'Ngày không hợp lệ', en: 'Invalid date' }],
      issuesNotListed: 0,
    });
    expect(text.split('\n')).toEqual(['KHÔNG NHẬP GÌ / NOTHING IMPORTED (members): 1 dòng lỗi / bad rows of 2', '  dòng/row 2, Ngày sinh: Ngày không hợp lệ / Invalid date [IMPORTS.INVALID]']);
  });
});
