import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { MINH, openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, s1Events, vote } from '../support/scenarios.js';

interface RuleView {
  id: string;
  passed: boolean;
  reason?: { vi: string; en: string };
}
interface ViolationView {
  ruleId: string;
  step: string;
  status: string;
  details?: { reason?: { vi: string; en: string } };
}

/**
 * PROC-BASE-VOTE, PROC-COMPETENT-VOTE over HTTP: the minutes' `eligible` of a committee vote is
 * checked against the committee's membership on the meeting date, like the cell's (QĐ294 §9.3.3,
 * §9.3.4; HD06 §3.7a, §4.6d). The demo university committee is S-1's: 9 members, one on
 * temporary transfer, so 8 sitting; it is also the delegated base committee that decides.
 */
describe('committee vote denominators against the committee roster', () => {
  let t: TestApp;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const post = (caseId: string, version: number, event: object) => admin.post(`/api/v1/cases/${caseId}/events`, event, { 'If-Match': `"${version}"` });
  /** The page's votes (a step answers only the compact result). */
  const votes = async (caseId: string) => (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.votes as unknown[];
  const rule = (body: { rules?: RuleView[] }, id: string) => body.rules?.find((r) => r.id === id);
  const violations = async (caseId: string): Promise<ViolationView[]> => (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.violations;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    seeded = await seedDemo(t.app);
    await topUpRoll(t.app.get(DataSource), seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('S-1: a base vote of 9 against 8 sitting members is refused naming both; with a reason it is accepted and flagged; the decision counts the 9 in total', async () => {
    await admin.post('/api/v1/admin/clock', { to: '2025-10-09T03:00:00Z' }).expect(200);
    const c = await openDemoCase(t.app, admin, seeded);
    const competentBody = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    const events = s1Events(competentBody);
    const baseAt = events.findIndex((e) => (e as { type: string }).type === 'base.admissionVoted');
    let { version } = await recordAll(admin, c.caseId, c.version, events.slice(0, baseAt));

    // The form's roster hint (GET …/committee-vote-basis) gives the figures the engine checks against.
    const hint = async (query: Record<string, string>) =>
      (await admin.get(`/api/v1/cases/${c.caseId}/committee-vote-basis`).query(query).expect(200)).body.basis;
    expect(await hint({ type: 'base.admissionVoted', date: '2025-10-09' })).toMatchObject({ body: 'BASE', eligible: 8, members: 9, sitting: 8, delegated: false });
    expect(await hint({ type: 'decision.admissionSigned', date: '2025-10-20' })).toMatchObject({ body: 'COMPETENT', eligible: 9, members: 9, sitting: 8, delegated: true });
    expect(await hint({ type: 'decision.removalSigned', date: '2025-10-20' })).toMatchObject({ body: 'COMPETENT', eligible: 8 });
    const bad = await admin.get(`/api/v1/cases/${c.caseId}/committee-vote-basis`).query({ type: 'cell.admissionVoted', date: '2025-02-30' }).expect(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/type/);

    const refused = await post(c.caseId, version, { type: 'base.admissionVoted', vote: vote('admit', '2025-10-09', 9, 7) }).expect(422);
    expect(rule(refused.body, 'PROC-BASE-VOTE')?.reason?.vi).toContain('Biên bản ghi 9 người được biểu quyết, danh sách cấp ủy viên đương nhiệm của đảng ủy cơ sở là 8');
    expect(rule(refused.body, 'PROC-BASE-VOTE')?.reason?.en).toContain('Minutes say 9 eligible, the base committee’s sitting members says 8');

    const reason = 'Đồng chí đang sinh hoạt tạm thời nơi khác có mặt và biểu quyết';
    const accepted = await post(c.caseId, version, { type: 'base.admissionVoted', vote: { ...vote('admit', '2025-10-09', 9, 7), mismatchReason: reason } }).expect(200);
    version = accepted.body.version;
    expect((await votes(c.caseId)).at(-1)).toMatchObject({ body: 'BASE', eligible: 9, passed: true });
    const flagged = (await violations(c.caseId)).find((v) => v.ruleId === 'PROC-BASE-VOTE');
    expect(flagged).toMatchObject({ step: 'base.admissionVoted' });
    expect(flagged?.details?.reason?.vi).toContain(`(9/8): ${reason}`);

    // The delegated base committee deciding admission counts its total members (HD06 §3.7a): 9, not the 8 sitting.
    await admin.post('/api/v1/admin/clock', { to: '2025-10-20T03:00:00Z' }).expect(200);
    const decision = { type: 'decision.admissionSigned', decisionNo: '123-QĐ/ĐU', signedOn: '2025-10-20', decidedBy: competentBody };
    const sittingOnly = await post(c.caseId, version, { ...decision, vote: vote('admit', '2025-10-20', 8, 7) }).expect(422);
    expect(rule(sittingOnly.body, 'PROC-COMPETENT-VOTE')?.reason?.en).toContain('Minutes say 8 eligible, the competent body’s membership says 9');
    await post(c.caseId, version, { ...decision, vote: vote('admit', '2025-10-20', 9, 6) }).expect(200);
    expect((await votes(c.caseId)).at(-1)).toMatchObject({ body: 'COMPETENT', eligible: 9, passed: true });
    expect((await violations(c.caseId)).filter((v) => v.ruleId === 'PROC-COMPETENT-VOTE')).toEqual([]);
  });

  it('HD06 §4.6d: the delegated base committee removes with its sitting members (8), not its total (9)', async () => {
    await admin.post('/api/v1/admin/clock', { to: '2026-03-10T03:00:00Z' }).expect(200);
    const c = await openDemoCase(t.app, admin, seeded);
    const decidedBy = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    expect(decidedBy.kind).toBe('delegatedBaseCommittee');
    let { version } = await recordAll(admin, c.caseId, c.version, [
      {
        type: 'case.imported',
        importedOn: '2026-03-10',
        stage: 'probation',
        source: 'test',
        evidence: {
          decision: { decisionNo: '77-QĐ/ĐU', signedOn: '2025-02-20', receivedOn: '2025-02-25', decidedBy },
          ceremonyOn: '2025-09-15',
          helper: { ...MINH, assignedOn: '2025-09-15' },
          newMemberCertIssuedOn: '2025-06-01',
          memberRecordFiledOn: '2025-09-15',
        },
      },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-02' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-03' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-03-04', 15, 11) },
    ]);
    // The base committee's removal resolution counts the sitting members too (QĐ294 §9.3.3).
    const baseTotal = await post(c.caseId, version, { type: 'base.recognitionVoted', vote: vote('remove', '2026-03-04', 9, 6) }).expect(422);
    expect(rule(baseTotal.body, 'PROC-BASE-VOTE')?.reason?.en).toContain('Minutes say 9 eligible, the base committee’s sitting members says 8');
    version = (await post(c.caseId, version, { type: 'base.recognitionVoted', vote: vote('remove', '2026-03-04', 8, 6) }).expect(200)).body.version;

    const removal = { type: 'decision.removalSigned', decisionNo: '3-QĐ/ĐU', signedOn: '2026-03-05', decidedBy, receivedOn: '2026-03-05' };
    const total = await post(c.caseId, version, { ...removal, vote: vote('remove', '2026-03-05', 9, 6) }).expect(422);
    const refusal = rule(total.body, 'PROC-COMPETENT-VOTE');
    expect(refusal?.reason?.vi).toContain('Biên bản ghi 9 người được biểu quyết, danh sách thành viên cấp ủy có thẩm quyền là 8');
    // 2/3 of the 8 sitting is 6: 5 does not carry, 6 does.
    const short = await post(c.caseId, version, { ...removal, vote: vote('remove', '2026-03-05', 8, 5) });
    expect(short.status).toBe(200);
    expect((await votes(c.caseId)).at(-1)).toMatchObject({ body: 'COMPETENT', eligible: 8, passed: false });
    const removed = await post(c.caseId, short.body.version, { ...removal, vote: vote('remove', '2026-03-05', 8, 6) }).expect(200);
    expect((await votes(c.caseId)).at(-1)).toMatchObject({ body: 'COMPETENT', eligible: 8, passed: true });
    expect(removed.body.state).toMatch(/^removed/);
  });
});
