import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineRunner } from '../../libs/cases/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, topUpRoll, type Client } from '../support/http.js';
import { recordAll, s1Events as s1Scenario } from '../support/scenarios.js';
import { startTestWorker } from '../support/worker.js';

jest.setTimeout(120_000);

/** S-1 as scenarios.md gives it (the demo committee's roster matches: 8 sitting, 9 in total). */
const s1Events = s1Scenario;

/** The web's own form model (apps/web/src/components/form-model.ts), loaded at run time: the web app is typechecked by its own tsconfig (JSX). */
type Values = Record<string, string | boolean>;
interface EventField {
  name: string;
  type: string;
  required: boolean;
  fields?: EventField[];
  values?: string[];
}
const WEB_FORM_MODEL: string = '../../apps/web/src/components/form-model.js';
type ToPayload = (fields: EventField[], values: Values, rows: Record<string, number>) => Record<string, unknown>;

interface ViolationView {
  ruleId: string;
  step: string;
  status: string;
}

/**
 * procedure.md §4 PROC-DEADLINES: "An act done before its due date never opens a violation. A
 * violation closes when what cures it is recorded (e.g. the upper committee's consent to a late
 * ceremony closes the ceremony's lateness as well as the consent violation)." Walked over HTTP as
 * the web board does it: payloads built by the web's own form model, the worker running, and the
 * case's dates in the past (a case entered after the facts).
 */
describe('violations open and close by rule, the way the web board walks a case', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let runner: DeadlineRunner;
  let admin: Client;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  let fields: Record<string, EventField[]>;
  let toPayload: ToPayload;

  const violations = async (caseId: string): Promise<ViolationView[]> => (await admin.get(`/api/v1/cases/${caseId}`).expect(200)).body.violations;
  const openOnes = async (caseId: string) => (await violations(caseId)).filter((v) => v.status !== 'resolved').map((v) => `${v.ruleId}|${v.step}`);
  /** The body the web's EventForm posts: blanks omitted, a required yes/no always sent. */
  const webPayload = (type: string, values: Values) => ({ type, ...toPayload(fields[type]!, values, {}) });

  beforeAll(async () => {
    ({ toPayload } = (await import(WEB_FORM_MODEL)) as { toPayload: ToPayload });
    t = await startTestApp();
    seeded = await seedDemo(t.app);
    await topUpRoll(t.app.get(DataSource), seeded.organisations['DEMO-CB-SINHVIEN']!, 'member', 15);
    admin = await login(t.app, 'admin');
    // The case is entered after the facts: every date of S-1 is in the past.
    await admin.post('/api/v1/admin/clock', { to: '2026-01-10T03:00:00Z' }).expect(200);
    const events = (await admin.get('/api/v1/procedure/events').expect(200)).body as { type: string; fields: EventField[] }[];
    fields = Object.fromEntries(events.map((e) => [e.type, e.fields]));
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  // No worker yet: it would fire the overdue decision deadline at once (a fired deadline cannot be extended either).
  it('an extension recorded before the base deadline with a reason keeps a decision inside the window on time; one asked for after it is refused', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const competent = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    const events = s1Events(competent);
    const atVote = events.findIndex((e) => (e as { type: string }).type === 'cell.admissionVoted');
    let { version } = await recordAll(admin, c.caseId, c.version, events.slice(0, atVote + 2));
    // The decision is due 2025-12-08 (+15 wd to 2025-12-29). Asked for the day after: too late.
    await admin.post('/api/v1/admin/clock', { to: '2025-12-09T03:00:00Z' }).expect(200);
    const late = await admin.post(`/api/v1/cases/${c.caseId}/deadlines/admissionDecision/extend`, { to: '2025-12-29', reason: 'Cấp ủy họp bổ sung' });
    expect(late.status).toBe(422);
    expect(JSON.stringify(late.body)).toContain('after the due date 2025-12-08');
    // On the base due date itself, with a reason: granted.
    await admin.post('/api/v1/admin/clock', { to: '2025-12-08T03:00:00Z' }).expect(200);
    await admin.post(`/api/v1/cases/${c.caseId}/deadlines/admissionDecision/extend`, { to: '2025-12-29', reason: 'Cấp ủy họp bổ sung' }).expect(200);
    await admin.post('/api/v1/admin/clock', { to: '2026-01-10T03:00:00Z' }).expect(200);
    const decision = { ...(events[atVote + 2] as Record<string, unknown>), signedOn: '2025-12-20', vote: { ...(events[atVote + 2] as { vote: object }).vote, meetingDate: '2025-12-20' } };
    ({ version } = await recordAll(admin, c.caseId, version, [decision]));
    expect((await openOnes(c.caseId)).filter((k) => k.includes('admissionDecision'))).toEqual([]);
    expect(version).toBeGreaterThan(c.version);
  });

  it('a background-check answer dated before its due date closes the overdue violation the worker opened (the web-board bug)', async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const s1 = s1Events({ id: 'x', kind: 'x' });
    let { version } = await recordAll(admin, c.caseId, c.version, s1.slice(0, 5));
    // The web form leaves "received by the asked committee (if known)" blank: the deadline runs from the sending date, estimated.
    const request = webPayload('backgroundCheck.requested', { requestId: 'TT-01', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '' });
    expect(request).toEqual({ type: 'backgroundCheck.requested', requestId: 'TT-01', subject: 'candidate', abroad: false, sentOn: '2025-03-13' });
    ({ version } = await recordAll(admin, c.caseId, version, [request]));
    const view = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    const deadline = view.body.deadlines.find((d: { key: string }) => d.key === 'backgroundCheckAnswer:TT-01');
    expect(deadline).toMatchObject({ start: '2025-03-13', status: 'pending' });
    const due: string = deadline.due;
    expect(due < '2026-01-10').toBe(true);

    // The worker runs on the board's stack: the due date is long past, so it fires at once. (Started
    // only now: a running relay could fire the deadline before the pending read above.)
    worker = await startTestWorker(t.config, { relayMs: 100, sweepMs: 3_600_000 });
    runner = worker.get(DeadlineRunner);
    await runner.sweep();
    expect(await openOnes(c.caseId)).toEqual(['PROC-DEADLINES|backgroundCheckAnswer:TT-01']);

    // The answer came back the day before the due date; it is only typed in now.
    const answeredOn = (await admin.get(`/api/v1/cases/${c.caseId}`)).body.deadlines.find((d: { key: string }) => d.key === 'backgroundCheckAnswer:TT-01').due as string;
    const dayBefore = new Date(Date.parse(`${answeredOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await recordAll(admin, c.caseId, version, [webPayload('backgroundCheck.answered', { requestId: 'TT-01', answeredOn: dayBefore, finding: 'clear' })]);
    expect(await openOnes(c.caseId)).toEqual([]);
    const closed = (await violations(c.caseId)).find((v) => v.step === 'backgroundCheckAnswer:TT-01');
    expect(closed).toMatchObject({ ruleId: 'PROC-DEADLINES', status: 'resolved' });
    const list = await admin.get(`/api/v1/violations?ruleId=PROC-DEADLINES&status=resolved`).expect(200);
    const row = list.body.items.find((v: { caseId: string; step: string }) => v.caseId === c.caseId && v.step === 'backgroundCheckAnswer:TT-01');
    expect(row.resolution).toContain(`Thực hiện ngày ${dayBefore}, trong hạn ${due}`);

    // A second request whose answer really was late: the worker's violation stays open and now carries the answer's date.
    let v2 = (await admin.get(`/api/v1/cases/${c.caseId}`)).body.version as number;
    ({ version: v2 } = await recordAll(admin, c.caseId, v2, [
      webPayload('backgroundCheck.requested', { requestId: 'TT-02', subject: 'parent', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' }),
    ]));
    await runner.sweep();
    const due2 = (await admin.get(`/api/v1/cases/${c.caseId}`)).body.deadlines.find((d: { key: string }) => d.key === 'backgroundCheckAnswer:TT-02').due as string;
    const dayAfter = new Date(Date.parse(`${due2}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await recordAll(admin, c.caseId, v2, [webPayload('backgroundCheck.answered', { requestId: 'TT-02', answeredOn: dayAfter, finding: 'clear' })]);
    expect(await openOnes(c.caseId)).toEqual(['PROC-DEADLINES|backgroundCheckAnswer:TT-02']);
    const stillOpen = (await admin.get(`/api/v1/violations?ruleId=PROC-DEADLINES&status=open`).expect(200)).body.items.find(
      (v: { caseId: string; step: string }) => v.caseId === c.caseId && v.step === 'backgroundCheckAnswer:TT-02',
    );
    expect(stillOpen).toMatchObject({ dueDate: due2, actualDate: dayAfter });
  });

  /** S-1 up to the decision's receipt (2025-10-21; ceremony due 2025-12-02), with the case's competent body. */
  const toReceipt = async () => {
    const c = await openDemoCase(t.app, admin, seeded);
    const competent = (await admin.get(`/api/v1/cases/${c.caseId}`).expect(200)).body.facts.org.competentBody;
    const events = s1Events(competent);
    const { version } = await recordAll(admin, c.caseId, c.version, events.slice(0, -1));
    return { caseId: c.caseId, version, ceremony: events.at(-1) as Record<string, unknown> };
  };

  it('a late ceremony opens PROC-DEADLINES and PROC-CEREMONY-CONSENT; the upper committee’s consent closes both', async () => {
    const r = await toReceipt();
    let { version } = await recordAll(admin, r.caseId, r.version, [{ ...r.ceremony, heldOn: '2025-12-15' }]);
    expect((await openOnes(r.caseId)).sort()).toEqual(['PROC-CEREMONY-CONSENT|ceremony', 'PROC-DEADLINES|ceremony']);
    ({ version } = await recordAll(admin, r.caseId, version, [webPayload('ceremony.lateConsentRecorded', { date: '2025-12-20', documentNo: '' })]));
    expect(await openOnes(r.caseId)).toEqual([]);
    const both = (await violations(r.caseId)).filter((v) => v.step === 'ceremony');
    expect(both.map((v) => `${v.ruleId}:${v.status}`).sort()).toEqual(['PROC-CEREMONY-CONSENT:resolved', 'PROC-DEADLINES:resolved']);
    expect(version).toBeGreaterThan(r.version);
  });

  it('a consent recorded before the late ceremony: no violation stays open', async () => {
    const r = await toReceipt();
    await recordAll(admin, r.caseId, r.version, [
      webPayload('ceremony.lateConsentRecorded', { date: '2025-12-05', documentNo: '15-CV/ĐU' }),
      { ...r.ceremony, heldOn: '2025-12-15' },
    ]);
    expect(await openOnes(r.caseId)).toEqual([]);
  });

  it('held on the due date: on time, nothing opens even after the worker sweeps', async () => {
    const r = await toReceipt();
    await recordAll(admin, r.caseId, r.version, [{ ...r.ceremony, heldOn: '2025-12-02' }]);
    await runner.sweep();
    expect((await openOnes(r.caseId)).filter((k) => k.endsWith('|ceremony'))).toEqual([]);
  });

});
