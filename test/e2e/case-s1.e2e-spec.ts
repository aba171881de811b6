import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { DataSource } from 'typeorm';
import { daysBetween } from '../../libs/procedure/src/dates.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { S1_CANDIDATE } from '../support/scenarios.js';

/**
 * scenarios.md S-1, the ordinary path, over HTTP against the real app, database and rules:
 * from the sympathiser list to probationary member, with the exact dates the scenario gives.
 */
describe('S-1 the ordinary path over HTTP', () => {
  let t: TestApp;
  let admin: Client;
  let caseId: string;
  let version: number;
  let competentBody: { id: string; kind: string };

  const record = async (event: object, expected = 200) => {
    const res = await admin.post(`/api/v1/cases/${caseId}/events`, event, { 'If-Match': `"${version}"` });
    if (res.status !== expected) throw new Error(`${(event as { type: string }).type}: ${res.status} ${JSON.stringify(res.body).slice(0, 1500)}`);
    if (res.status !== 200) return res;
    // A step answers the compact result; the page (GET) shows the rest, with the same checklist.
    expect(Object.keys(res.body)).toEqual(['id', 'version', 'state', 'stage', 'checklist']);
    version = res.body.version;
    const page = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
    expect(page.body.checklist).toEqual(res.body.checklist);
    return { status: res.status, body: page.body };
  };
  const vote = (motion: string, meetingDate: string, eligible: number, votesFor: number) => ({ motion, meetingDate, eligible, for: votesFor, against: eligible - votesFor });
  const minh = { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' };

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedDemo(t.app);
    // S-1's cell has 15 full members (the demo cell has fewer): the roster decides the denominator.
    await topUpRoll(t.app.get(DataSource), seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    await admin.post('/api/v1/admin/clock', { to: '2025-01-05T03:00:00Z' }).expect(200);
    const person = await admin
      .post('/api/v1/admin/people', { organisationId: seeded.organisations['DEMO-CB-SINHVIEN'], ...S1_CANDIDATE })
      .expect(201);
    const created = await admin
      .post('/api/v1/cases', { personId: person.body.id, organisationId: seeded.organisations['DEMO-CB-SINHVIEN'], candidate: { youthUnionMember: true } })
      .expect(201);
    caseId = created.body.id;
    version = created.body.version;
    competentBody = created.body.facts.org.competentBody;
    expect(created.headers.etag).toBe(`"${version}"`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('walks the dossier with the background-check deadline of S-1', async () => {
    await record({ type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: minh });
    await record({ type: 'awarenessCourse.certified', issuedOn: '2025-02-14', certificateNo: 'GCN-01' });
    await record({ type: 'dossier.cleared', decisionDate: '2025-03-03' });
    await record({ type: 'application.filed', date: '2025-03-10' });
    await record({ type: 'background.declared', date: '2025-03-12' });
    const req = await record({ type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' });
    const answer = req.body.deadlines.find((d: { timerId: string }) => d.timerId === 'backgroundCheckAnswer');
    // 30 wd after 2025-03-14: Hùng Kings' day 2025-04-07 skipped, Saturday 2025-04-26 a make-up working day.
    expect(answer).toMatchObject({ due: '2025-04-26', status: 'pending', calendarStatus: 'confirmed' });
    const answered = await record({ type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-04-08', finding: 'clear' });
    // The answer the deadline waited for is recorded on time: met on the answer's date, not cancelled.
    expect(answered.body.deadlines.find((d: { timerId: string }) => d.timerId === 'backgroundCheckAnswer')).toMatchObject({ status: 'met', metOn: '2025-04-08' });
    await record({ type: 'background.certified', date: '2025-04-10', politicalIssue: false });
    await record({ type: 'introduction.youthUnionResolved', resolutionDate: '2025-04-21', resolutionNo: '12-NQ/ĐTN' });
    await record({ type: 'introduction.memberRecorded', introducerId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: '2023-09-01', letterDate: '2025-04-21' });
    await record({ type: 'opinions.consolidated', date: '2025-04-25', residence: 'included', massOrganisations: ['Đoàn trường'] });
    // The checklist is judged today: on the day the dossier is complete, the cell may vote.
    await admin.post('/api/v1/admin/clock', { to: '2025-04-25T03:00:00Z' }).expect(200);
    const ready = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
    expect(ready.body.checklist.allowed).toContain('cell.admissionVoted');
    expect(ready.body.checklist.requirements.filter((r: { status: string }) => r.status !== 'passed')).toEqual([]);
    // Each pending deadline carries its countdown as of the clock's today (the dossier's 12 months:
    // calendar days to the due date, nothing overdue).
    const freshness = ready.body.deadlines.find((d: { timerId: string; status: string }) => d.timerId === 'dossierFreshness' && d.status === 'pending');
    expect(freshness.countdown).toEqual({ unit: 'calendarDays', left: daysBetween('2025-04-25', freshness.extendedTo ?? freshness.due), overdueDays: 0 });
    expect(ready.body.deadlines.filter((d: { status: string; countdown: unknown }) => d.status !== 'pending' && d.countdown !== null)).toEqual([]);
    // deadline.fired is the worker's alone (403 to every user): the checklist does not offer it.
    expect(ready.body.checklist.allowed).not.toContain('deadline.fired');
    expect(ready.body.checklist.blocked.map((b: { type: string }) => b.type)).not.toContain('deadline.fired');
  });

  it('refuses minutes whose eligible count differs from the roster of 15, with both numbers (PROC-CELL-VOTE)', async () => {
    const res = await record({ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 14, 11) }, 422);
    const rule = res.body.rules.find((r: { id: string }) => r.id === 'PROC-CELL-VOTE');
    expect(rule).toBeDefined();
    expect(JSON.stringify(rule.reason)).toMatch(/14/);
    expect(JSON.stringify(rule.reason)).toMatch(/15/);
  });

  it('records a vote below two thirds with its counts and leaves the case where it was (§3.10)', async () => {
    const before = await admin.get(`/api/v1/cases/${caseId}`).expect(200);
    const res = await record({ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 9) });
    expect(res.body.stage).toBe(before.body.stage);
    expect(res.body.state).toBe(before.body.state);
    expect(res.body.votes.at(-1)).toMatchObject({ body: 'CELL', eligible: 15, for: 9, passed: false, required: 10 });
    expect(res.body.deadlines.some((d: { timerId: string }) => d.timerId === 'admissionDecision')).toBe(false);
  });

  it('passes the cell vote (11 of 15, 10 needed) and schedules the decision deadline of S-1', async () => {
    const res = await record({ type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11) });
    const decision = res.body.deadlines.find((d: { timerId: string; status: string }) => d.timerId === 'admissionDecision' && d.status === 'pending');
    expect(decision).toMatchObject({ due: '2025-12-08', extendedDue: '2025-12-29', edition: '2025-07' });
    expect(res.body.votes.at(-1)).toMatchObject({ for: 11, required: 10, passed: true });
  });

  it('takes the base vote, the decision and its receipt, and schedules the ceremony deadline', async () => {
    await record({ type: 'base.admissionVoted', vote: vote('admit', '2025-10-09', 8, 6) });
    const signed = await record({
      type: 'decision.admissionSigned',
      decisionNo: '123-QĐ/ĐU',
      signedOn: '2025-10-20',
      vote: vote('admit', '2025-10-20', 9, 7),
      decidedBy: competentBody,
    });
    expect(signed.body.decisions).toEqual([expect.objectContaining({ kind: 'admission', number: '123-QĐ/ĐU', signedOn: '2025-10-20', outcome: 'admitted', receivedOn: null })]);
    expect(signed.body.deadlines.find((d: { timerId: string }) => d.timerId === 'admissionDecision')).toMatchObject({ status: 'met', metOn: '2025-10-20' });
    const received = await record({ type: 'decision.receivedByCell', receivedOn: '2025-10-21' });
    // The receipt updates the decision row in the same transition.
    expect(received.body.decisions).toEqual([expect.objectContaining({ kind: 'admission', signedOn: '2025-10-20', receivedOn: '2025-10-21' })]);
    const ceremony = received.body.deadlines.find((d: { timerId: string }) => d.timerId === 'ceremony');
    expect(ceremony).toMatchObject({ due: '2025-12-02', status: 'pending' });
  });

  it('holds the ceremony: probationary member until 2026-11-07, party age from 2025-10-20', async () => {
    const res = await record({ type: 'ceremony.held', heldOn: '2025-11-07', helper: minh, oathRead: true });
    expect(res.body.stage).toBe('probation');
    expect(res.body.deadlines.find((d: { timerId: string }) => d.timerId === 'ceremony')).toMatchObject({ status: 'met', metOn: '2025-11-07' });
    const [row] = await t.app.get(DataSource).query(`SELECT status::text, met_on::text FROM deadlines WHERE case_id = $1 AND key = 'ceremony'`, [caseId]);
    expect(row).toEqual({ status: 'met', met_on: '2025-11-07' });
    const probation = res.body.deadlines.find((d: { timerId: string }) => d.timerId === 'probationEnd');
    expect(probation).toMatchObject({ due: '2026-11-07', status: 'pending' });
    expect(res.body.facts).toMatchObject({ decisionDate: '2025-10-20', ceremonyDate: '2025-11-07' });
    expect(res.body.violations).toEqual([]);
    const log = await admin.get(`/api/v1/cases/${caseId}/events`).expect(200);
    expect(log.body.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: log.body.length }, (_, i) => i + 1));
  });
});
