import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { formatReaudit, reauditCommand, type ReauditReport } from '../../apps/cli/src/reaudit.js';
import { dataSourceOptions, type AppConfig } from '../../libs/platform/src/index.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertCase, insertOrg } from '../support/reports.js';

/**
 * `ket-nap re-audit`: the pure catalogue of libs/procedure replayed over stored cases; it prints,
 * per case, the deadlines moved and the violations opened and closed. Data built in SQL as it was
 * left by the engine before the fixes (a worker violation on an on-time answer, a consented late
 * ceremony still flagged, a 2021-07 decision deadline computed with the 2025-07 length).
 */
describe('re-audit CLI', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let config: AppConfig;
  const live = (caseId: string, org: string, ruleId: string, step: string) =>
    ds.query(`INSERT INTO violations (case_id, organisation_id, rule_id, step, details) VALUES ($1, $2, $3, $4, '{}')`, [caseId, org, ruleId, step]);
  const statusOf = async (caseId: string) =>
    Object.fromEntries(
      ((await ds.query(`SELECT rule_id, step, status FROM violations WHERE case_id = $1`, [caseId])) as { rule_id: string; step: string; status: string }[]).map((v) => [
        `${v.rule_id}|${v.step}`,
        v.status,
      ]),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url);
    ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'reaudit-test', poolSize: 2 }));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('prints per case the violations opened and closed, with the reason; a second run changes nothing', async () => {
    const province = await insertOrg(ds, 'RA-P', 'provincialCommittee', null);
    const base = await insertOrg(ds, 'RA-B', 'baseCommittee', province);
    const cell = await insertOrg(ds, 'RA-C', 'cell', base);

    // The web-board bug as it was stored: the worker fired, the answer (dated before the due date) came after.
    const answered = await insertCase(ds, {
      organisationId: cell,
      deadlines: [{ key: 'backgroundCheckAnswer:TT-01', timerId: 'backgroundCheckAnswer', start: '2025-03-13', due: '2025-04-24', status: 'fired' }],
      evidence: { checks: [{ requestId: 'TT-01', subject: 'candidate', abroad: false, sentOn: '2025-03-13', answeredOn: '2025-04-20', finding: 'clear' }] },
    });
    await live(answered, cell, 'PROC-DEADLINES', 'backgroundCheckAnswer:TT-01');
    // A late ceremony whose consent was recorded: only the consent violation had been closed.
    const consented = await insertCase(ds, {
      organisationId: cell,
      deadlines: [{ key: 'ceremony', start: '2025-10-21', due: '2025-12-02', status: 'cancelled' }],
      events: [
        { type: 'ceremony.held', date: '2025-12-15' },
        { type: 'ceremony.lateConsentRecorded', date: '2025-12-20' },
      ],
    });
    await live(consented, cell, 'PROC-DEADLINES', 'ceremony');
    // A decision signed after its due date that nobody flagged.
    const late = await insertCase(ds, {
      organisationId: cell,
      deadlines: [{ key: 'admissionDecision', start: '2025-10-06', due: '2025-12-08', status: 'cancelled' }],
      decisions: [{ kind: 'admission', date: '2025-12-10' }],
    });

    const text = await reauditCommand(config, { organisation: 'RA-P', today: '2026-01-15', repairDeadlines: false });
    expect(text.split('\n')[0]).toBe('Kiểm tra lại / re-audit ' + province + ': 3 hồ sơ/cases; hạn dời/deadlines moved 0; vi phạm mở/opened 1, mở lại/reopened 0, đóng/closed 2');
    expect(text).toContain(`  hồ sơ/case ${answered}\n    - đóng/closed PROC-DEADLINES backgroundCheckAnswer:TT-01: Thực hiện ngày 2025-04-20, trong hạn 2025-04-24`);
    expect(text).toContain(
      `  hồ sơ/case ${consented}\n    - đóng/closed PROC-DEADLINES ceremony: Cấp ủy cấp trên đồng ý tổ chức lễ kết nạp muộn ngày 2025-12-20 / The upper committee consented to the late ceremony on 2025-12-20`,
    );
    expect(text).toContain(`  hồ sơ/case ${late}\n    + mở/opened PROC-DEADLINES admissionDecision: Quyết định kết nạp quá hạn: thực hiện ngày 2025-12-10, hạn 2025-12-08`);
    expect(await statusOf(answered)).toEqual({ 'PROC-DEADLINES|backgroundCheckAnswer:TT-01': 'resolved' });
    expect(await statusOf(consented)).toEqual({ 'PROC-DEADLINES|ceremony': 'resolved' });
    expect(await statusOf(late)).toEqual({ 'PROC-DEADLINES|admissionDecision': 'open' });

    const again = JSON.parse(await reauditCommand(config, { organisation: 'RA-C', today: '2026-01-15', repairDeadlines: false, json: true })) as ReauditReport;
    expect(again).toMatchObject({ cases: 3, opened: 0, reopened: 0, closed: 0, byCase: [] });
    expect(formatReaudit(again)).toContain('Không có gì thay đổi / nothing changed');
  });

  it('a 2021-07 decision deadline computed with the 2025-07 length: the deadline moves, and the overdue violation it caused closes', async () => {
    const province = await insertOrg(ds, 'RB-P', 'provincialCommittee', null);
    const cell = await insertOrg(ds, 'RB-C', 'cell', province);
    // Cell resolution 2025-06-20 (edition 2021-07: 60 wd): due 2025-09-16, not 2025-08-22 (45 wd).
    const caseId = await insertCase(ds, {
      organisationId: cell,
      evidence: { cellResolution: { motion: 'admit', meetingDate: '2025-06-20', eligible: 9, for: 9, against: 0 } },
      deadlines: [{ key: 'admissionDecision', start: '2025-06-20', due: '2025-08-22', status: 'pending' }],
    });
    // As the planner stored it: the right edition named, the wrong length applied.
    await ds.query(`UPDATE deadlines SET edition = '2021-07', extended_due_date = '2025-09-12' WHERE case_id = $1`, [caseId]);
    await live(caseId, cell, 'PROC-DEADLINES', 'admissionDecision');
    const report = JSON.parse(await reauditCommand(config, { organisation: 'RB-P', today: '2025-09-01', json: true })) as ReauditReport;
    expect(report).toMatchObject({ cases: 1, deadlinesMoved: 1, opened: 0, closed: 1 });
    const [entry] = report.byCase;
    expect(entry!.caseId).toBe(caseId);
    expect(entry!.deadlines).toEqual([{ key: 'admissionDecision', note: expect.stringContaining('2025-08-22 -> 2025-09-16') }]);
    expect(entry!.closed.map((v) => `${v.ruleId}|${v.step}`)).toEqual(['PROC-DEADLINES|admissionDecision']);
    expect(formatReaudit(report)).toContain('    ~ hạn/deadline admissionDecision:');
    expect(await statusOf(caseId)).toEqual({ 'PROC-DEADLINES|admissionDecision': 'resolved' });
  });
});
