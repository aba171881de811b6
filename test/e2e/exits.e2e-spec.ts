import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, vote } from '../support/scenarios.js';

/**
 * Exits over HTTP (issue 16): every terminal path closes the case (status, outcome, closedOn);
 * removal from the probationary list at any time during probation (HD06 §4.6); a wrongful
 * recognition cancelled after the case closed (QĐ294 §4.4, procedure.md §6.5).
 */
describe('exits: removal during probation, complaint, wrongful recognition (procedure.md §3 Exits, §6.5)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const setClock = (iso: string) => admin.post('/api/v1/admin/clock', { to: iso }).expect(200);
  const caseRow = async (id: string) => (await db.query(`SELECT status, state, outcome, closed_on::text AS closed_on, version FROM cases WHERE id = $1`, [id]))[0];
  const post = (caseId: string, version: number, event: object) => admin.post(`/api/v1/cases/${caseId}/events`, event, { 'If-Match': `"${version}"` });

  /** A probationary member brought in by the go-live import (the earlier steps are history). */
  async function member(ceremonyOn: string, stage: 'probation' | 'fullMember', now: string) {
    await setClock(now);
    const c = await openDemoCase(t.app, admin, seeded);
    const decidedBy = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    const imported = await recordAll(admin, c.caseId, c.version, [
      {
        type: 'case.imported',
        importedOn: now.slice(0, 10),
        stage,
        source: 'test',
        evidence: {
          decision: { decisionNo: '77-QĐ/ĐU', signedOn: '2025-02-20', receivedOn: '2025-02-25', decidedBy },
          ceremonyOn,
          helper: { ...MINH, assignedOn: ceremonyOn },
          newMemberCertIssuedOn: '2025-06-01',
          memberRecordFiledOn: ceremonyOn,
        },
      },
    ]);
    return { caseId: c.caseId, version: imported.version, decidedBy };
  }

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    db = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    await topUpRoll(db, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 11);
    admin = await login(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  // PROC-PROBATION-LENGTH: "It guards recognition, never a removal for breach of standing (HD06 §4.6)";
  // §3 Exits: removed "at any time during probation, with the same votes".
  it('HD06 §4.6: a probationary member is removed five months into probation; a recognition vote then is still refused (PROC-PROBATION-LENGTH)', async () => {
    const m = await member('2025-09-15', 'probation', '2026-03-10T03:00:00Z');
    const prepared = await recordAll(admin, m.caseId, m.version, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-02' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-03' },
    ]);
    const early = await post(m.caseId, prepared.version, { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-03-04', 11, 9) }).expect(422);
    expect(early.body.rules.map((r: { id: string }) => r.id)).toContain('PROC-PROBATION-LENGTH');

    await recordAll(admin, m.caseId, prepared.version, [
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-03-04', 11, 8) },
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-03-04', 8, 6) },
      { type: 'decision.removalSigned', decisionNo: '3-QĐ/ĐU', signedOn: '2026-03-05', vote: vote('remove', '2026-03-05', 8, 6), decidedBy: m.decidedBy, receivedOn: '2026-03-05' },
    ]);
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'removed.complaintWindow', status: 'open', outcome: null });
    const probationEnd = (await db.query(`SELECT status FROM deadlines WHERE case_id = $1 AND key = 'probationEnd'`, [m.caseId]))[0];
    expect(probationEnd.status).toBe('cancelled');

    // The complaint window (30 wd from receipt, QĐ294 §8.2) passes: the worker's firing ends the case.
    const [w] = await db.query(`SELECT id, fence, due_date::text AS due FROM deadlines WHERE case_id = $1 AND key = 'removalComplaint'`, [m.caseId]);
    // 30 wd after Thu 2026-03-05 (no day off until 27 April in calendar-vn.md).
    expect(w.due).toBe('2026-04-16');
    await setClock('2026-04-16T17:00:30Z');
    expect(await t.app.get(DeadlineRunner).wake(w.id, w.fence)).toBe('done');
    // Was: state=removed.closed, status=open, outcome=null, closedOn=null.
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'removed.closed', status: 'closed', outcome: 'removed', closed_on: '2026-04-16' });
    // No further step of the path on the closed case.
    const after = await post(m.caseId, (await caseRow(m.caseId)).version, { type: 'helper.assigned', date: '2026-04-17', helper: MINH, reason: 'x' });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('CASE.CLOSED');
  });

  // §7 "Complaint resolution: 90 wd (provincial committees and the direct upper committee of a base
  // organisation), 180 wd (central level)" (QĐ294 §8.2.2): which body resolves is recorded with the complaint.
  it('QĐ294 §8.2.2: a complaint resolved by the direct upper committee of a base organisation runs 90 wd (the 180 wd central level is in timers.spec); a rejected complaint closes the case', async () => {
    const m = await member('2025-02-02', 'probation', '2026-03-10T03:00:00Z');
    const removed = await recordAll(admin, m.caseId, m.version, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-02' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-03' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-03-04', 11, 8) },
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-03-04', 8, 6) },
      { type: 'decision.removalSigned', decisionNo: '4-QĐ/ĐU', signedOn: '2026-03-05', vote: vote('remove', '2026-03-05', 8, 6), decidedBy: m.decidedBy, receivedOn: '2026-03-06' },
      { type: 'removal.complaintLodged', receivedOn: '2026-03-09', level: 'upperCommittee' },
    ]);
    const [d] = await db.query(`SELECT due_date::text AS due, variant FROM deadlines WHERE case_id = $1 AND key = 'complaintResolution'`, [m.caseId]);
    // 90 wd after Mon 2026-03-09, skipping 27 April and 30 April-1 May (calendar-vn.md 2026): Thu 2026-07-16.
    expect(d).toMatchObject({ variant: 'default', due: '2026-07-16' });
    await setClock('2026-03-20T03:00:00Z');
    await recordAll(admin, m.caseId, removed.version, [{ type: 'complaint.resolved', date: '2026-03-20', outcome: 'rejected' }]);
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'removed.closed', status: 'closed', outcome: 'removed', closed_on: '2026-03-20' });
  });

  // §6.5 / QĐ294 §4.4 "kết nạp người vào Đảng và công nhận đảng viên chính thức sai quy định": the path exists
  // "until long after the case reached full member"; "the audit must show who proposed and who decided".
  it('QĐ294 §4.4: a wrongful recognition is cancelled on the closed full-member case, by the committee that may cancel it; nothing else is accepted', async () => {
    const m = await member('2024-03-14', 'fullMember', '2026-06-01T03:00:00Z');
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'fullMember', status: 'closed', outcome: 'fullMember' });
    const further = await post(m.caseId, m.version, { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-06-01', 11, 9) });
    expect(further.status).toBe(409);
    expect(further.body.code).toBe('CASE.CLOSED');
    const unsigned = await post(m.caseId, m.version, {
      type: 'decision.cancelled',
      date: '2026-06-01',
      defect: 'substantive',
      reason: 'Kiểm tra phát hiện không đủ tiêu chuẩn',
      proposedBy: ' ',
      decidedBy: 'Ban Thường vụ Đảng ủy',
    });
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.rules.map((r: { id: string }) => r.id)).toContain('PROC-CANCELLATION');

    await recordAll(admin, m.caseId, m.version, [
      {
        type: 'decision.cancelled',
        date: '2026-06-01',
        defect: 'substantive',
        reason: 'Kiểm tra phát hiện không đủ tiêu chuẩn khi công nhận',
        proposedBy: 'Ủy ban Kiểm tra Đảng ủy',
        decidedBy: 'Ban Thường vụ Đảng ủy',
      },
    ]);
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'cancelled', status: 'closed', outcome: 'cancelled', closed_on: '2026-06-01' });
    const [ev] = await db.query(`SELECT payload FROM case_events WHERE case_id = $1 AND type = 'decision.cancelled'`, [m.caseId]);
    expect(ev.payload).toMatchObject({ proposedBy: 'Ủy ban Kiểm tra Đảng ủy', decidedBy: 'Ban Thường vụ Đảng ủy' });
  });

  it('a procedural fault in a recognition reopens the full-member case at the recognition vote only', async () => {
    const m = await member('2024-03-14', 'fullMember', '2026-06-01T03:00:00Z');
    await recordAll(admin, m.caseId, m.version, [
      {
        type: 'decision.cancelled',
        date: '2026-06-01',
        defect: 'procedural',
        redoFrom: 'recognitionCellResolution',
        reason: 'Nghị quyết chi bộ không đủ số đảng viên dự họp',
        proposedBy: 'Ban Tổ chức',
        decidedBy: 'Ban Thường vụ Đảng ủy',
      },
    ]);
    expect(await caseRow(m.caseId)).toMatchObject({ state: 'membership.recognition.preparing', status: 'open', outcome: null, closed_on: null });
  });
});
