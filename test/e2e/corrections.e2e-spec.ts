import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../libs/audit/src/index.js';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, s1Events } from '../support/scenarios.js';

/**
 * Corrections of recorded acts (procedure.md §6.6, I-13) over HTTP: the corrected act takes the
 * original's place, the case is re-judged by replaying its log, the original stays in the log.
 */
describe('corrections of recorded acts (§6.6, I-13)', () => {
  let t: TestApp;
  let admin: Client;
  let chiuy: Client;
  let danguy: Client;
  let ds: DataSource;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

  type Ev = { seq: number; type: string; payload: Record<string, unknown>; correctedBySeq: number | null; correctsSeq: number | null; correctionReason: string | null; recordedByName: string };
  const events = async (client: Client, caseId: string): Promise<Ev[]> => (await client.get(`/api/v1/cases/${caseId}/events`).expect(200)).body;
  const correct = (client: Client, caseId: string, seq: number, version: number | null, body: object) =>
    client.post(`/api/v1/cases/${caseId}/events/${seq}/corrections`, body, version === null ? {} : { 'If-Match': `"${version}"` });
  const clock = (to: string) => admin.post('/api/v1/admin/clock', { to: `${to}T03:00:00Z` }).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    seeded = await seedDemo(t.app);
    await topUpRoll(ds, seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    chiuy = await login(t.app, 'chiuy');
    danguy = await login(t.app, 'danguy');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a ceremony date typed wrong, through probation and the opening of recognition', () => {
    let caseId: string;
    let version: number;
    let ceremonySeq: number;
    let firedSeq: number;
    let selfReviewSeq: number;

    beforeAll(async () => {
      await clock('2025-11-10');
      const opened = await openDemoCase(t.app, admin, seeded);
      caseId = opened.caseId;
      const competent = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.facts.org.competentBody;
      ({ version } = await recordAll(admin, caseId, opened.version, s1Events(competent)));
      // Twelve months later the worker opens recognition (probation end 2026-11-07), then the self-review.
      await clock('2026-11-20');
      await t.app.get(DeadlineRunner).sweep();
      version = (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.version;
      ({ version } = await recordAll(chiuy, caseId, version, [{ type: 'recognition.selfReviewed', date: '2026-11-09' }]));
      const log = await events(admin, caseId);
      ceremonySeq = log.find((e) => e.type === 'ceremony.held')!.seq;
      firedSeq = log.find((e) => e.type === 'deadline.fired')!.seq;
      selfReviewSeq = log.find((e) => e.type === 'recognition.selfReviewed')!.seq;
      expect(firedSeq).toBeLessThan(selfReviewSeq);
    });

    it('refuses a correction that makes a later act illegal, naming the rule and the act, and changes nothing', async () => {
      const before = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
      const logBefore = await events(admin, caseId);
      // Held on 2025-11-10, the probation would end on 2026-11-10: the self-review of 2026-11-09 is too early.
      const res = await correct(chiuy, caseId, ceremonySeq, version, {
        reason: 'Gõ nhầm ngày lễ kết nạp',
        payload: { heldOn: '2025-11-10', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' }, oathRead: true },
      });
      expect(res.status).toBe(422);
      expect(res.body.act).toMatchObject({ seq: selfReviewSeq, type: 'recognition.selfReviewed', corrected: false });
      expect(res.body.rules.map((r: { id: string }) => r.id)).toContain('COND-SELF-REVIEW-AFTER-END');
      expect(res.body.title).toMatch(/quy định|Quy định|không/i);
      const after = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
      expect(after.body.version).toBe(before.body.version);
      expect(after.body.deadlines).toEqual(before.body.deadlines);
      expect(after.body.facts.ceremonyDate).toBe('2025-11-07');
      expect(await events(admin, caseId)).toEqual(logBefore);
    });

    it('refuses to correct the engine’s own act (a timer firing) with 403', async () => {
      const res = await correct(admin, caseId, firedSeq, version, { reason: 'thử sửa', payload: { timerId: 'probationEnd', dueDate: '2026-11-01' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CASE.ENGINE_ACT_NOT_CORRECTABLE');
    });

    it('answers 428 without If-Match and 409 with a stale one, with the current case', async () => {
      const body = { reason: 'Gõ nhầm ngày', payload: { heldOn: '2025-11-05', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' }, oathRead: true } };
      expect((await correct(chiuy, caseId, ceremonySeq, null, body)).status).toBe(428);
      const stale = await correct(chiuy, caseId, ceremonySeq, version - 1, body);
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(version);
      expect(stale.body.case.version).toBe(version);
    });

    it('refuses a reason left blank and a payload the event schema refuses, with field messages', async () => {
      const blank = await correct(chiuy, caseId, ceremonySeq, version, { reason: '   ', payload: { heldOn: '2025-11-05' } });
      expect(blank.status).toBe(400);
      expect(JSON.stringify(blank.body.errors)).toMatch(/reason/);
      const bad = await correct(chiuy, caseId, ceremonySeq, version, { reason: 'Gõ nhầm', payload: { heldOn: '2025-02-30', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' }, oathRead: true } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.errors)).toMatch(/payload\.heldOn/);
      const otherType = await correct(chiuy, caseId, ceremonySeq, version, { reason: 'Gõ nhầm', payload: { type: 'application.filed', date: '2025-03-10' } });
      expect(otherType.status).toBe(400);
    });

    it('corrects a decision number: the replay re-derives the same case, only the decision row changes', async () => {
      const before = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
      const log = await events(admin, caseId);
      const decision = log.find((e) => e.type === 'decision.admissionSigned')!;
      const res = await correct(admin, caseId, decision.seq, version, { reason: 'Số quyết định đúng là 124-QĐ/ĐU', payload: { ...decision.payload, decisionNo: '124-QĐ/ĐU' } });
      expect(res.status).toBe(200);
      version = res.body.version;
      expect(res.body.decisions).toEqual([expect.objectContaining({ kind: 'admission', number: '124-QĐ/ĐU', signedOn: '2025-10-20', outcome: 'admitted' })]);
      expect(res.body.state).toBe(before.body.state);
      expect(res.body.deadlines).toEqual(before.body.deadlines);
      expect(res.body.violations).toEqual(before.body.violations);
      expect(res.body.facts.evidence.decision).toEqual({ ...before.body.facts.evidence.decision, decisionNo: '124-QĐ/ĐU' });
      expect({ ...res.body.facts, evidence: { ...res.body.facts.evidence, decision: null } }).toEqual({ ...before.body.facts, evidence: { ...before.body.facts.evidence, decision: null } });
      const after = await events(admin, caseId);
      // The worker's firing is derived again from the same dates: it stands, unmarked.
      expect(after.find((e) => e.seq === firedSeq)!.correctedBySeq).toBeNull();
      const correction = after.find((e) => e.correctsSeq === decision.seq)! as Ev & { correctionEffects: { fields: string[]; deadlines: unknown[]; firingsSuperseded: number[] } };
      expect(correction.correctionEffects).toMatchObject({ fields: ['decisionNo'], deadlines: [], firingsSuperseded: [] });
    });

    it('corrects the ceremony date: probation end, recognition deadlines and the §8 dates follow', async () => {
      const before = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
      const cellBefore = before.body.deadlines.find((d: { key: string }) => d.key === 'cellRecognitionResolution');
      expect(cellBefore).toMatchObject({ start: '2026-11-07', status: 'pending' });
      const res = await correct(chiuy, caseId, ceremonySeq, version, {
        reason: 'Biên bản ghi lễ kết nạp ngày 05/11/2025',
        payload: { heldOn: '2025-11-05', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' }, oathRead: true },
      });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(version + 1);
      expect(res.headers.etag).toBe(`"${version + 1}"`);
      version = res.body.version;
      // §8: the ceremony date is "ngày vào Đảng"; the decision date stays; the recognition date will be 2026-11-05.
      expect(res.body.facts).toMatchObject({ ceremonyDate: '2025-11-05', decisionDate: '2025-10-20' });
      expect(res.body.state).toBe(before.body.state);
      const cell = res.body.deadlines.find((d: { key: string }) => d.key === 'cellRecognitionResolution');
      expect(cell).toMatchObject({ start: '2026-11-05', status: 'pending' });
      expect(cell.due < cellBefore.due).toBe(true);
      expect(res.body.deadlines.find((d: { key: string }) => d.key === 'probationEnd')).toMatchObject({ start: '2025-11-05', due: '2026-11-05' });
      expect(res.body.deadlines.find((d: { key: string }) => d.key === 'memberRecord')).toMatchObject({ start: '2025-11-05' });
      const [row] = await ds.query(`SELECT ceremony_date::text, decision_date::text FROM cases WHERE id = $1`, [caseId]);
      expect(row).toEqual({ ceremony_date: '2025-11-05', decision_date: '2025-10-20' });
    });

    it('keeps the original in the log, marked, next to the correction with its author and reason', async () => {
      const log = await events(chiuy, caseId);
      const original = log.find((e) => e.seq === ceremonySeq)!;
      const correction = log.find((e) => e.correctsSeq === ceremonySeq)!;
      expect(original.payload.heldOn).toBe('2025-11-07');
      expect(original.correctedBySeq).toBe(correction.seq);
      expect(correction).toMatchObject({ type: 'ceremony.held', seq: version, correctionReason: 'Biên bản ghi lễ kết nạp ngày 05/11/2025', recordedByName: expect.any(String) });
      expect(correction.payload.heldOn).toBe('2025-11-05');
      // The worker's firing of 2026-11-07 is no longer derived from the dates: marked as superseded too.
      expect(log.find((e) => e.seq === firedSeq)!.correctedBySeq).toBe(correction.seq);
      const view = await chiuy.get(`/api/v1/cases/${caseId}`).expect(200);
      expect(view.body.timeline.find((e: { seq: number }) => e.seq === ceremonySeq)).toMatchObject({ correctedBySeq: correction.seq });
      // A corrected act is corrected again through its latest version.
      const again = await correct(chiuy, caseId, ceremonySeq, version, { reason: 'lại', payload: { heldOn: '2025-11-06', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' }, oathRead: true } });
      expect(again.status).toBe(409);
      expect(again.body.correctedBySeq).toBe(correction.seq);
    });

    it('writes the correction to the audit trail with the seq, the reason and what moved', async () => {
      await t.app.get(AuditService).flush();
      const rows = await ds.query(
        `SELECT action, actor_user_id, details FROM audit_log WHERE case_id = $1 AND action = 'case.eventCorrected' AND (details->>'correctedSeq')::int = $2`,
        [caseId, ceremonySeq],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].details).toMatchObject({ correctedSeq: ceremonySeq, correctionSeq: version, type: 'ceremony.held', reason: 'Biên bản ghi lễ kết nạp ngày 05/11/2025', fields: ['heldOn'] });
      expect(rows[0].details.deadlines.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['probationEnd', 'cellRecognitionResolution', 'memberRecord']));
      expect(rows[0].actor_user_id).not.toBeNull();
      const http = await ds.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE case_id = $1 AND action IN ('case.correction', 'case.event') GROUP BY action`, [caseId]);
      // The original act's recording and the correction's request are both in the trail.
      expect(Object.fromEntries(http.map((r: { action: string; n: number }) => [r.action, r.n]))).toMatchObject({ 'case.event': expect.any(Number), 'case.correction': expect.any(Number) });
    });
  });

  describe('a birth date that makes the admission unlawful', () => {
    it('is refused with the criterion and the act it breaks, and changes nothing', async () => {
      await clock('2025-11-10');
      const opened = await openDemoCase(t.app, admin, seeded);
      const competent = (await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200)).body.facts.org.competentBody;
      const { version } = await recordAll(admin, opened.caseId, opened.version, s1Events(competent).slice(0, 12));
      // Born 2008-01-01, the candidate is 17 at the cell meeting of 2025-10-06 (CRIT-AGE, QĐ294 §1.1.1).
      const res = await correct(chiuy, opened.caseId, 1, version, { reason: 'Giấy khai sinh', payload: { person: { birthDate: '2008-01-01' } } });
      expect(res.status).toBe(422);
      expect(res.body.rules.map((r: { id: string }) => r.id)).toContain('CRIT-AGE');
      expect(res.body.act).toMatchObject({ type: 'cell.admissionVoted', corrected: false });
      const after = await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200);
      expect(after.body.version).toBe(version);
      expect(after.body.person.birthDate).toBe('2003-03-03');
    });
  });

  describe('an expungement date given at opening (re-admission, QĐ294 §3.5.1b)', () => {
    it('is corrected through the opening: a date that breaks the 60 months is refused at the cell vote, a lawful one is taken', async () => {
      await clock('2025-11-10');
      const cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
      const person = await admin
        .post('/api/v1/admin/people', { organisationId: cellId, fullName: 'Lê Văn Lại', birthDate: '1985-01-01', sex: 'male', ethnicity: 'Kinh', occupation: 'worker', educationLevel: 'upperSecondary' })
        .expect(201);
      const readmission = { leftOn: '2019-01-01', reason: 'lessSeriousConvictionExpunged', previouslyReadmitted: false, expungedOn: '2020-06-01' };
      const created = await admin.post('/api/v1/cases', { personId: person.body.id, organisationId: cellId, variant: { readmission } }).expect(201);
      const members = [
        { type: 'introduction.memberRecorded', introducerId: 'dv-a', name: 'Đảng viên A', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
        { type: 'introduction.memberRecorded', introducerId: 'dv-b', name: 'Đảng viên B', memberStatus: 'full', alongsideSince: '2023-01-01', letterDate: '2025-04-21' },
        { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included' },
        { type: 'cell.admissionVoted', vote: { motion: 'admit', meetingDate: '2025-10-06', eligible: 15, for: 11, against: 4 } },
      ];
      // 64 months from the expungement (2020-06-01) to the cell meeting (2025-10-06): the vote is lawful.
      const { version } = await recordAll(admin, created.body.id, created.body.version, [...s1Events({ id: 'x', kind: 'upperStandingCommittee' }).slice(0, 8), ...members]);
      // Expunged on 2021-06-01 instead, only 52 months: the recorded cell vote would become unlawful.
      const late = await correct(chiuy, created.body.id, 1, version, { reason: 'Bản án ghi ngày xoá án tích 01/6/2021', payload: { variant: { readmission: { ...readmission, expungedOn: '2021-06-01' } } } });
      expect(late.status).toBe(422);
      expect(late.body.rules.map((r: { id: string }) => r.id)).toContain('COND-READMISSION');
      expect(late.body.act).toMatchObject({ type: 'cell.admissionVoted', corrected: false });
      const ok = await correct(chiuy, created.body.id, 1, version, { reason: 'Bản án ghi ngày xoá án tích 01/3/2020', payload: { variant: { readmission: { ...readmission, expungedOn: '2020-03-01' } } } });
      expect(ok.status).toBe(200);
      expect(ok.body.facts.variant.readmission.expungedOn).toBe('2020-03-01');
      expect(ok.body.state).toContain('awaitingBaseVote');
    });
  });

  describe('a background-check answer date', () => {
    let caseId: string;
    let version: number;
    let answerSeq: number;

    beforeAll(async () => {
      await clock('2025-05-12');
      const opened = await openDemoCase(t.app, admin, seeded);
      caseId = opened.caseId;
      const dossier = s1Events({ id: 'x', kind: 'upperStandingCommittee' }).slice(0, 8);
      // The answer came on 2025-05-09, after its due date (2025-04-26); the certification follows it.
      const late = dossier.map((e) => {
        const ev = e as { type: string };
        if (ev.type === 'backgroundCheck.answered') return { ...ev, answeredOn: '2025-05-09' };
        if (ev.type === 'background.certified') return { ...ev, date: '2025-05-10' };
        return ev;
      });
      ({ version } = await recordAll(admin, caseId, opened.version, late));
      answerSeq = (await events(admin, caseId)).find((e) => e.type === 'backgroundCheck.answered')!.seq;
    });

    const deadlineViolation = async () =>
      ((await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.violations as { ruleId: string; step: string; status: string }[]).filter(
        (v) => v.ruleId === 'PROC-DEADLINES' && v.step.startsWith('backgroundCheckAnswer'),
      );

    it('a late answer has opened PROC-DEADLINES; correcting its date to before the due date closes it', async () => {
      expect((await deadlineViolation()).map((v) => v.status)).toEqual(['open']);
      // Roles as for the corrected act: the answer is the base committee's, not the cell's.
      const cell = await correct(chiuy, caseId, answerSeq, version, { reason: 'Công văn trả lời đề ngày 20/4/2025', payload: { requestId: 'r1', answeredOn: '2025-04-20', finding: 'clear' } });
      expect(cell.status).toBe(403);
      const res = await correct(danguy, caseId, answerSeq, version, { reason: 'Công văn trả lời đề ngày 20/4/2025', payload: { requestId: 'r1', answeredOn: '2025-04-20', finding: 'clear' } });
      expect(res.status).toBe(200);
      version = res.body.version;
      const v = await deadlineViolation();
      expect(v.length).toBeGreaterThan(0);
      expect(v.every((x) => x.status === 'resolved')).toBe(true);
      const history = await ds.query(
        `SELECT h.action FROM violation_history h JOIN violations v ON v.id = h.violation_id WHERE v.case_id = $1 AND v.rule_id = 'PROC-DEADLINES' ORDER BY h.at`,
        [caseId],
      );
      expect(history.map((h: { action: string }) => h.action)).toContain('cleared');
    });

    it('correcting the correction back to a late date opens it again', async () => {
      const log = await events(admin, caseId);
      const latest = log.find((e) => e.correctsSeq === answerSeq)!;
      const res = await correct(danguy, caseId, latest.seq, version, { reason: 'Ngày đúng là 08/5/2025', payload: { requestId: 'r1', answeredOn: '2025-05-08', finding: 'clear' } });
      expect(res.status).toBe(200);
      version = res.body.version;
      expect((await deadlineViolation()).some((x) => x.status === 'open')).toBe(true);
      const after = await events(admin, caseId);
      expect(after.filter((e) => e.type === 'backgroundCheck.answered').map((e) => [e.payload.answeredOn, e.correctedBySeq !== null])).toEqual([
        ['2025-05-09', true],
        ['2025-04-20', true],
        ['2025-05-08', false],
      ]);
    });
  });

  describe('a cell resolution date corrected after the decision (edition 2021-07 decision timer)', () => {
    it('moves the settled decision deadline with it and closes the late-decision violation the corrected date no longer finds', async () => {
      await clock('2025-09-18');
      const opened = await openDemoCase(t.app, admin, seeded);
      const competent = (await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200)).body.facts.org.competentBody;
      const path = s1Events(competent).slice(0, 14) as Array<Record<string, unknown>>;
      const vote = (v: unknown, meetingDate: string) => ({ ...(v as object), meetingDate });
      // Cell resolution typed as 2025-06-20 (60 wd: due 2025-09-16); the decision of 2025-09-17 is then a day late.
      const events2021 = path.map((e) => {
        if (e.type === 'cell.admissionVoted') return { ...e, vote: vote(e.vote, '2025-06-20') };
        if (e.type === 'base.admissionVoted') return { ...e, vote: vote(e.vote, '2025-06-25') };
        if (e.type === 'decision.admissionSigned') return { ...e, signedOn: '2025-09-17', vote: vote(e.vote, '2025-09-17') };
        return e;
      });
      const { version } = await recordAll(admin, opened.caseId, opened.version, events2021);
      const before = (await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200)).body;
      const late = () => (before.violations as { ruleId: string; step: string; status: string; dueDate: string }[]).filter((v) => v.ruleId === 'PROC-DEADLINES' && v.step === 'admissionDecision');
      expect(late().map((v) => [v.status, v.dueDate])).toEqual([['open', '2025-09-16']]);
      const cellSeq = (await events(admin, opened.caseId)).find((e) => e.type === 'cell.admissionVoted')!.seq;
      const cellVote = events2021.find((e) => e.type === 'cell.admissionVoted')!;
      // The minutes say 2025-06-23: 60 wd from it (1-2 September off) end on 2025-09-17, the decision's date.
      const res = await correct(chiuy, opened.caseId, cellSeq, version, { reason: 'Biên bản họp chi bộ ghi ngày 23/6/2025', payload: { vote: vote(cellVote.vote, '2025-06-23') } });
      expect(res.status).toBe(200);
      const deadline = (res.body.deadlines as { key: string; start: string; due: string; edition: string }[]).find((d) => d.key === 'admissionDecision')!;
      expect([deadline.start, deadline.due, deadline.edition]).toEqual(['2025-06-23', '2025-09-17', '2021-07']);
      const after = (res.body.violations as { ruleId: string; step: string; status: string }[]).filter((v) => v.ruleId === 'PROC-DEADLINES' && v.step === 'admissionDecision');
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((v) => v.status === 'resolved')).toBe(true);
    });
  });

  describe('the opening: candidate facts, name and birth date', () => {
    it('corrects the person’s name and birth date and a candidate fact by correcting the opening, re-judging the case', async () => {
      await clock('2025-05-12');
      const opened = await openDemoCase(t.app, admin, seeded);
      const res = await correct(chiuy, opened.caseId, 1, opened.version, {
        reason: 'Giấy khai sinh ghi khác',
        payload: { candidate: { youthUnionMember: true, areaException: true }, person: { fullName: 'Nguyễn Văn Đúng', birthDate: '2003-04-04' } },
      });
      expect(res.status).toBe(200);
      expect(res.body.person).toMatchObject({ fullName: 'Nguyễn Văn Đúng', birthDate: '2003-04-04' });
      expect(res.body.facts.person).toMatchObject({ fullName: 'Nguyễn Văn Đúng', birthDate: '2003-04-04', areaException: true, youthUnionMember: true });
      const log = await events(chiuy, opened.caseId);
      expect(log.find((e) => e.seq === 1)!.correctedBySeq).toBe(2);
      expect(log.find((e) => e.seq === 2)).toMatchObject({ type: 'case.opened', correctsSeq: 1 });
      // Personal values never reach the audit trail: only which fields changed.
      await t.app.get(AuditService).flush();
      const [audit] = await ds.query(`SELECT details FROM audit_log WHERE case_id = $1 AND action = 'case.eventCorrected'`, [opened.caseId]);
      expect(JSON.stringify(audit.details)).not.toMatch(/Đúng|2003-04-04/);
      expect(audit.details.fields).toEqual(expect.arrayContaining(['candidate.areaException', 'person']));
      const unknown = await correct(chiuy, opened.caseId, 2, res.body.version, { reason: 'thử', payload: { candidate: { notAFact: true } } });
      expect(unknown.status).toBe(400);
      // An expungement date belongs to the re-admission variant (QĐ294 §3.5.1b); sent loose it is refused, naming the key.
      const loose = await correct(chiuy, opened.caseId, 2, res.body.version, { reason: 'thử', payload: { variant: { expungedOn: '2020-01-01' } } });
      expect(loose.status).toBe(400);
      expect(JSON.stringify(loose.body.errors)).toMatch(/variant\.expungedOn/);
    });
  });

  it('corrects an act of a closed case: the case stays closed, on the date of the act that closed it', async () => {
    await clock('2025-05-12');
    const opened = await openDemoCase(t.app, admin, seeded);
    const { version } = await recordAll(chiuy, opened.caseId, opened.version, [
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
      { type: 'case.withdrawn', date: '2025-03-03', reason: 'chuyển công tác' },
    ]);
    const closed = await admin.get(`/api/v1/cases/${opened.caseId}`).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'withdrawn', closedOn: '2025-03-03' });
    const withdrawal = (await events(admin, opened.caseId)).find((e) => e.type === 'case.withdrawn')!;
    const res = await correct(chiuy, opened.caseId, withdrawal.seq, version, { reason: 'Đơn rút đề ngày 04/3/2025', payload: { date: '2025-03-04', reason: 'chuyển công tác' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', outcome: 'withdrawn', closedOn: '2025-03-04', state: closed.body.state });
  });

  it('two corrections sent at once with the same version: one is applied, the other answers 409', async () => {
    await clock('2025-05-12');
    const opened = await openDemoCase(t.app, admin, seeded);
    const { version } = await recordAll(chiuy, opened.caseId, opened.version, [
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
    ]);
    const body = (d: string) => ({ reason: `ngày đúng ${d}`, payload: { resolutionDate: d, helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } } });
    const [a, b] = await Promise.all([correct(chiuy, opened.caseId, 2, version, body('2025-01-07')), correct(chiuy, opened.caseId, 2, version, body('2025-01-08'))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const log = await events(admin, opened.caseId);
    expect(log.filter((e) => e.correctsSeq === 2)).toHaveLength(1);
    expect(log).toHaveLength(3);
  });

  it('answers 404 for a case outside the user’s subtree and for an unknown event', async () => {
    const other = await openDemoCase(t.app, admin, seeded, 'DEMO-CB-GIANGVIEN');
    const res = await correct(chiuy, other.caseId, 1, other.version, { reason: 'thử', payload: {} });
    expect(res.status).toBe(404);
    const missing = await correct(admin, other.caseId, 99, other.version, { reason: 'thử', payload: {} });
    expect(missing.status).toBe(404);
  });
});
