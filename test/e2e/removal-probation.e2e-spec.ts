import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, vote } from '../support/scenarios.js';

/**
 * HD06 §4.6 "Thủ tục xóa tên đảng viên dự bị vi phạm tư cách":
 *   "a) Chi bộ xem xét, nếu có hai phần ba đảng viên chính thức trở lên biểu quyết đồng ý xoá tên
 *    đảng viên dự bị thì ra nghị quyết, báo cáo cấp ủy cấp trên.
 *    b) Đảng ủy cơ sở xem xét, nếu có hai phần ba đảng ủy viên trở lên biểu quyết đồng ý xoá tên
 *    đảng viên dự bị thì ra nghị quyết, báo cáo cấp ủy có thẩm quyền.
 *    c) Ban thường vụ cấp ủy có thẩm quyền kết nạp đảng viên xem xét, nếu có trên một nửa số thành
 *    viên biểu quyết đồng ý xoá tên thì ra quyết định xoá tên. ..."
 * The text names the votes only: no self-review, helper assessment or consolidated opinions (HD06
 * §4.2-4.4, the recognition file). A removal for breach "at any time during probation"
 * (procedure.md §3 Exits) is therefore not blocked by COND-RECOGNITION-DOSSIER.
 */
describe('removal during probation needs the votes, not the recognition file (HD06 §4.6)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

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

  it('a cell removal vote five months into probation, with no assessment or opinions, is accepted and the removal goes on to the decision', async () => {
    await admin.post('/api/v1/admin/clock', { to: '2026-03-10T03:00:00Z' }).expect(200);
    const c = await openDemoCase(t.app, admin, seeded);
    const decidedBy = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    const imported = await recordAll(admin, c.caseId, c.version, [
      {
        type: 'case.imported',
        importedOn: '2026-03-10',
        stage: 'probation',
        source: 'test',
        evidence: {
          decision: { decisionNo: '78-QĐ/ĐU', signedOn: '2025-09-01', receivedOn: '2025-09-05', decidedBy },
          ceremonyOn: '2025-09-15',
          helper: { ...MINH, assignedOn: '2025-09-15' },
          memberRecordFiledOn: '2025-09-15',
        },
      },
    ]);
    const cell = await admin.post(`/api/v1/cases/${c.caseId}/events`, { type: 'cell.recognitionVoted', vote: vote('remove', '2026-03-04', 11, 8) }, { 'If-Match': `"${imported.version}"` });
    // Was: 422 COND-RECOGNITION-DOSSIER (helperAssessment, opinions missing).
    expect({ status: cell.status, rules: (cell.body.rules ?? []).map((r: { id: string }) => r.id) }).toEqual({ status: 200, rules: [] });
    await recordAll(admin, c.caseId, cell.body.version, [
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-03-04', 8, 6) },
      { type: 'decision.removalSigned', decisionNo: '5-QĐ/ĐU', signedOn: '2026-03-05', vote: vote('remove', '2026-03-05', 8, 6), decidedBy, receivedOn: '2026-03-06' },
    ]);
    const [row] = await db.query(`SELECT state FROM cases WHERE id = $1`, [c.caseId]);
    expect(row.state).toBe('removed.complaintWindow');
  });
});
