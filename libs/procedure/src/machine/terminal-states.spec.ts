import { describe, expect, it } from '@jest/globals';
import { type AnyStateNode } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import { type CaseEvent } from '../events/case-event.event.js';
import { AFTER_CLOSE_EVENTS, CASE_OUTCOMES, admissionMachine, type StageMeta } from './admission.machine.js';
import { type AdmissionInput, type MachineEvent } from './admission.types.js';
import { type CaseSnapshot, acceptsAfterClose, applyEvent, caseOutcome, createInitialSnapshot, stageAccepts } from './case-engine.js';
import { failedVotes } from './record-event.js';
import { competentVote, env, importedMember, input, refused, run, university, vote } from './testing/case.fixture.js';
import { sampleEvents } from './testing/sample-events.js';

type Snap = ReturnType<typeof admissionMachine.resolveState>;
const ids = (failures: { id: string }[]) => failures.map((f) => f.id);
const metaOf = (n: AnyStateNode) => n.meta as StageMeta | undefined;

/**
 * Terminal stages: every `final` node that completes nothing above it (no ancestor with onDone,
 * unlike the dossier's parallel regions), and every stage that declares an outcome (fullMember is
 * terminal but not final: a wrongful recognition can still be cancelled).
 */
function terminalNodes(): AnyStateNode[] {
  const all = getStateNodes(admissionMachine.root);
  const completesParent = (n: AnyStateNode): boolean => {
    for (let p = n.parent; p && p !== admissionMachine.root; p = p.parent) if (p.config.onDone !== undefined) return true;
    return false;
  };
  return all.filter((n) => (n.type === 'final' && !completesParent(n)) || metaOf(n)?.outcome !== undefined);
}

/** The stage and a few coarse flags: enough to reach every terminal stage, small enough to end. */
function serializeState(s: Snap): string {
  const f = s.context.facts;
  const e = f.evidence;
  const v = JSON.stringify(s.value);
  const early = /sympathiser|dossier|identified|awaitingCellVote/.test(v);
  return JSON.stringify({
    v: s.value,
    ...(early
      ? {
          cert: e.awarenessCert !== undefined,
          app: e.applicationOn !== undefined,
          decl: e.declarationOn !== undefined,
          certified: e.backgroundCertified !== undefined,
          requested: e.checks.length,
          answered: e.checks.filter((c) => c.answeredOn).length,
          introducers: Math.min(e.introducers.filter((i) => i.active).length, 2),
          opinions: e.opinions !== undefined,
        }
      : {}),
    ...(v.includes('candidacy') ? { lastFailed: f.votes.at(-1)?.carried === false } : {}),
    ...(/recognition|probation/.test(v)
      ? {
          cellFails: failedVotes(f, 'CELL', 'recognition'),
          motion: e.recognitionMotion ?? null,
          course: e.newMemberCert !== undefined,
          review: e.selfReviewOn !== undefined,
          recOpinions: e.recognitionOpinionsOn !== undefined,
          assessed: e.helpers.some((h) => h.stage === 'probation' && h.assessmentOn),
        }
      : {}),
    ...(v.includes('removed') ? { complaint: e.complaint !== undefined } : {}),
  });
}

const toCase = (s: Snap): CaseSnapshot => ({ machineVersion: 1, status: s.status === 'done' ? 'done' : 'active', value: s.value, context: s.context });
const SKIP = new Set(['helper.assigned', 'consent.provinceRecorded', 'ceremony.lateConsentRecorded', 'dossier.renewed', 'introducer.replaced', 'memberRecord.filed', 'transfer.recorded']);

describe('every terminal path closes the case (model test over the final states, xstate/graph)', () => {
  const terminals = terminalNodes();
  const byId = new Map(terminals.map((n) => [n.id, n]));
  // The first path found to each terminal stage, as the events that lead there.
  const pathTo = new Map<string, { org: AdmissionInput['organisation']; events: MachineEvent[] }>();
  for (const org of [university, { ...university, isBaseCell: true }] as AdmissionInput['organisation'][]) {
    const paths = getShortestPaths(admissionMachine, {
      input: input({ organisation: org }),
      events: (s) => sampleEvents(s.context),
      serializeState: (s) => serializeState(s as Snap),
      filterEvents: (s, e) => !SKIP.has(e.type) && stageAccepts(toCase(s as Snap), e.type),
      limit: 200_000,
    });
    for (const p of paths) {
      const snap = p.state as Snap;
      for (const n of terminals) {
        if (pathTo.has(n.id) || !snap.matches(n.path.join('.') as never)) continue;
        pathTo.set(n.id, { org, events: p.steps.map((st) => st.event as MachineEvent).filter((e) => !e.type.startsWith('xstate.')) });
      }
    }
  }

  it('declares an outcome on every terminal stage (removed.closed had none: issue 16 "an exit that never ends")', () => {
    expect(terminals.map((n) => [n.id, metaOf(n)?.outcome ?? null])).toEqual([
      ['admission.removed.closed', 'removed'],
      ['admission.fullMember', 'fullMember'],
      ['admission.notAdmitted', 'notAdmitted'],
      ['admission.withdrawn', 'withdrawn'],
      ['admission.removedFromSympathiserList', 'removedFromSympathiserList'],
      ['admission.cancelled', 'cancelled'],
    ]);
    expect([...new Set(terminals.map((n) => metaOf(n)?.outcome))].sort()).toEqual([...CASE_OUTCOMES].sort());
  });

  it.each([...byId.keys()])('reaches %s through the engine, and the case is then closed with its outcome', (id) => {
    const found = pathTo.get(id);
    expect(found).toBeDefined();
    // Replay the path through applyEvent (the application's door), in the path's organisation.
    let s = createInitialSnapshot(input({ organisation: found!.org }));
    for (const ev of found!.events) {
      const { env: evEnv, ...event } = ev;
      const r = applyEvent(s, event as CaseEvent, evEnv ?? env('2025-01-05'));
      if (!r.accepted) throw new Error(`${ev.type}: ${JSON.stringify(r.failures.map((f) => f.id))}`);
      s = r.snapshot;
    }
    expect(s.status).toBe('done');
    expect(caseOutcome(s)).toBe(metaOf(byId.get(id)!)!.outcome);
    // No further step of the path: only what the texts allow after the end.
    for (const type of ['deadline.fired', 'cell.recognitionVoted', 'ceremony.held', 'helper.assigned'] as const) expect(stageAccepts(s, type)).toBe(false);
    expect(acceptsAfterClose(s, 'decision.cancelled')).toBe(id === 'admission.fullMember');
  });

  it('only the cancellation is accepted after the end', () => {
    expect(AFTER_CLOSE_EVENTS).toEqual(['decision.cancelled']);
  });
});

const removalDecision = (date: string, receivedOn: string): CaseEvent => ({
  type: 'decision.removalSigned',
  decisionNo: '3-QĐ',
  signedOn: date,
  vote: vote('remove', date, 7, 4),
  decidedBy: university.competentBody,
  receivedOn,
});

describe('removal from the probationary list ends the case (procedure.md §3 Exits; QĐ294 §8.2)', () => {
  it('after the complaint window the case is closed with outcome removed (was state=removed.closed, status open)', () => {
    const member = importedMember('2025-02-02', 'recognition');
    const removed = run(member, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-03' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-04' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-02-05', 11, 8) },
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-02-10', 7, 5) },
      removalDecision('2026-02-20', '2026-02-23'),
    ]).snapshot;
    expect(removed.status).toBe('active');
    expect(caseOutcome(removed)).toBeNull();
    const closed = run(removed, [{ type: 'deadline.fired', timerId: 'removalComplaint', dueDate: '2026-04-06' }]).snapshot;
    expect(closed.value).toEqual({ removed: 'closed' });
    expect(closed.status).toBe('done');
    expect(caseOutcome(closed)).toBe('removed');
    // A rejected complaint ends it the same way.
    const rejected = run(removed, [
      { type: 'removal.complaintLodged', receivedOn: '2026-03-02', level: 'upperCommittee' },
      { type: 'complaint.resolved', date: '2026-05-04', outcome: 'rejected' },
    ]).snapshot;
    expect([rejected.status, caseOutcome(rejected)]).toEqual(['done', 'removed']);
  });
});

// PROC-PROBATION-LENGTH (procedure.md §4): "recognition only after 12 months from the ceremony; no extension.
// It guards recognition, never a removal for breach of standing (HD06 §4.6, see Exits)". §3 Exits: a probationary
// member who breaches membership standing "can be removed at any time during probation, with the same votes".
describe('HD06 §4.6: removal at any time during probation (PROC-PROBATION-LENGTH guards recognition only)', () => {
  it('removes a probationary member five months into probation, with the same votes, and ends the probation timer', () => {
    const member = importedMember('2025-09-15');
    const voted = run(member, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-09' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-10' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-02-12', 11, 8) },
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-02-16', 7, 5) },
    ]).snapshot;
    expect(voted.value).toEqual({ membership: { recognition: 'awaitingDecision' } });
    const removed = run(voted, [removalDecision('2026-02-20', '2026-02-23')]);
    expect(removed.snapshot.value).toEqual({ removed: 'complaintWindow' });
    expect(removed.intents).toContainEqual({ type: 'cancelDeadline', key: 'probationEnd' });
  });

  it('still refuses a recognition vote before the 12 months end, naming PROC-PROBATION-LENGTH', () => {
    const member = importedMember('2025-09-15');
    const ready = run(member, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-09' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-10' },
    ]).snapshot;
    expect(ids(refused(ready, { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-02-12', 11, 9) }))).toContain('PROC-PROBATION-LENGTH');
  });

  it('a removal vote that does not reach 2/3 keeps the member on probation (PROC-CELL-VOTE, same votes)', () => {
    const member = importedMember('2025-09-15');
    const failed = run(member, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-09' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-10' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-02-12', 11, 6) },
    ]).snapshot;
    expect(failed.value).toEqual({ membership: 'probation' });
  });
});

// §6.5 and QĐ294 §4.4 "kết nạp người vào Đảng và công nhận đảng viên chính thức sai quy định": "inspections usually
// find them after recognition, so the path exists from the decision until long after the case reached full member";
// "the audit must show who proposed and who decided" (PROC-CANCELLATION).
describe('QĐ294 §4.4: a wrongful recognition can be cancelled after the case closed (PROC-CANCELLATION)', () => {
  const fullMember = () => {
    const member = importedMember('2025-03-14');
    const done = run(member, [
      { type: 'deadline.fired', timerId: 'probationEnd', dueDate: '2026-03-14' },
      { type: 'recognition.selfReviewed', date: '2026-03-16' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-17' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-18' },
      { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-03-20', 12, 10) },
      { type: 'base.recognitionVoted', vote: vote('recognise', '2026-03-24', 8, 6) },
      { type: 'decision.recognitionSigned', decisionNo: '9-QĐ', signedOn: '2026-04-02', partyCardDecided: true, ...competentVote('recognise', '2026-04-02') },
    ]).snapshot;
    expect([done.value, done.status, caseOutcome(done)]).toEqual(['fullMember', 'done', 'fullMember']);
    return done;
  };
  const cancel = (extra: Partial<Extract<CaseEvent, { type: 'decision.cancelled' }>>): CaseEvent => ({
    type: 'decision.cancelled',
    date: '2026-10-05',
    defect: 'substantive',
    reason: 'kiểm tra phát hiện chưa đủ tiêu chuẩn khi công nhận',
    proposedBy: 'Ủy ban Kiểm tra Đảng ủy',
    decidedBy: 'Ban Thường vụ Đảng ủy',
    ...extra,
  });

  it('a criterion not met: the decision is cancelled and the name removed; who proposed and who decided are recorded', () => {
    const cancelled = run(fullMember(), [cancel({})]).snapshot;
    expect([cancelled.value, cancelled.status, caseOutcome(cancelled)]).toEqual(['cancelled', 'done', 'cancelled']);
    expect(cancelled.context.facts.evidence.cancellations.at(-1)).toMatchObject({ proposedBy: 'Ủy ban Kiểm tra Đảng ủy', decidedBy: 'Ban Thường vụ Đảng ủy' });
  });

  it('a procedural fault in the recognition: only the recognition steps are redone (the case reopens at the cell vote)', () => {
    const redo = run(fullMember(), [cancel({ defect: 'procedural', redoFrom: 'recognitionCellResolution' })]).snapshot;
    expect(redo.value).toEqual({ membership: { recognition: 'preparing' } });
    expect([redo.status, caseOutcome(redo)]).toEqual(['active', null]);
    expect(redo.context.facts.evidence.recognitionDecision).toBeUndefined();
    expect(redo.context.facts.evidence.ceremony?.heldOn).toBe('2025-03-14');
  });

  it('refuses a cancellation without its proposer and decider, and every further step of the path on the closed case', () => {
    const done = fullMember();
    expect(ids(refused(done, cancel({ proposedBy: ' ' })))).toContain('PROC-CANCELLATION');
    expect(ids(refused(done, { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-10-05', 12, 10) }))).toEqual(['PROC-ORDER']);
    expect(ids(refused(done, { type: 'deadline.fired', timerId: 'probationEnd', dueDate: '2026-03-14' }))).toEqual(['PROC-ORDER']);
  });
});
