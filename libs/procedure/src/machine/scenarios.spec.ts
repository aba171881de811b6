import { describe, expect, it } from '@jest/globals';
import { type CaseEvent } from '../events/case-event.event.js';
import { probationEndOf } from '../rules/conditions.rule.js';
import { applyEvent } from './case-engine.js';
import {
  admissionEvents,
  competentVote,
  dossierEvents,
  env,
  importedMember,
  lan,
  memberIntro,
  minh,
  refused,
  run,
  start,
  twoMemberDossier,
  university,
  vote,
} from './testing/case.fixture.js';

const ids = (failures: { id: string }[]) => failures.map((f) => f.id);

describe('S-1 the ordinary path', () => {
  it('goes from the sympathiser list to full member with the right timers and dates', () => {
    let s = start();
    const trail: Record<string, unknown[]> = {};
    for (const e of [...dossierEvents(), ...admissionEvents()]) {
      const r = applyEvent(s, e, env(e.type === 'cell.admissionVoted' ? '2025-10-06' : '2025-11-07'));
      if (!r.accepted) throw new Error(JSON.stringify(r.failures));
      trail[e.type] = r.intents;
      if (e.type === 'cell.admissionVoted') {
        const cellVote = r.ruleResults.find((x) => x.id === 'PROC-CELL-VOTE')!;
        expect(cellVote.facts).toMatchObject({ required: 10, for: 11 });
        expect(r.ruleResults.find((x) => x.id === 'COND-AWARENESS-CERT')!.passed).toBe(true);
        expect(r.ruleResults.find((x) => x.id === 'COND-DOSSIER-FRESH')!.facts).toMatchObject({ compiledOn: '2025-03-03' });
      }
      s = r.snapshot;
    }
    expect(trail['backgroundCheck.requested']).toContainEqual({ type: 'scheduleDeadline', timerId: 'backgroundCheckAnswer', start: '2025-03-14', key: 'backgroundCheckAnswer:r1' });
    expect(trail['cell.admissionVoted']).toContainEqual({ type: 'scheduleDeadline', timerId: 'admissionDecision', start: '2025-10-06', key: 'admissionDecision' });
    expect(trail['decision.receivedByCell']).toContainEqual({ type: 'scheduleDeadline', timerId: 'ceremony', start: '2025-10-21', key: 'ceremony' });
    expect(trail['ceremony.held']).toContainEqual({ type: 'scheduleDeadline', timerId: 'probationEnd', start: '2025-11-07', key: 'probationEnd' });
    expect(s.value).toEqual({ membership: 'probation' });
    expect(probationEndOf(s.context.facts)).toBe('2026-11-07');
    expect(s.context.facts.evidence.decision?.signedOn).toBe('2025-10-20'); // party age counts from here

    const recognition: CaseEvent[] = [
      { type: 'memberRecord.filed', date: '2025-11-20' },
      { type: 'newMemberCourse.certified', issuedOn: '2026-03-01' },
      { type: 'deadline.fired', timerId: 'probationEnd', dueDate: '2026-11-07' },
      { type: 'recognition.selfReviewed', date: '2026-11-07' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-11-08' },
      { type: 'recognition.opinionsConsolidated', date: '2026-11-09' },
      { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-11-16', 16, 13) },
      { type: 'base.recognitionVoted', vote: vote('recognise', '2026-11-18', 8, 7) },
      { type: 'decision.recognitionSigned', decisionNo: '45-QĐ/ĐU', signedOn: '2026-11-25', partyCardDecided: true, ...competentVote('recognise', '2026-11-25') },
    ];
    const done = run(s, recognition).snapshot;
    expect(done.value).toBe('fullMember');
    expect(done.status).toBe('done');
    expect(done.context.facts.evidence.recognitionDecision?.effectiveOn).toBe('2026-11-07');
  });
});

describe('S-2 a vote that falls short', () => {
  it('records 5 of 8 with its counts, stays, informs BASE; 6 of 8 passes', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const failed = applyEvent(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-09-01', 8, 5, { roll: 9 }) }, env('2025-09-01'));
    if (!failed.accepted) throw new Error('refused');
    expect(failed.snapshot.value).toEqual({ candidacy: 'awaitingCellVote' });
    expect(failed.snapshot.context.facts.votes.at(-1)).toMatchObject({ body: 'CELL', carried: false, required: 6, vote: { for: 5, eligible: 8 } });
    expect(failed.intents).toContainEqual({ type: 'notify', to: 'BASE', template: 'cellVoteFailed' });
    const passed = run(failed.snapshot, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-09-08', 8, 6, { roll: 9 }) }]);
    expect(passed.snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
  });
});

describe('S-3 two full members introduce, one leaves', () => {
  const agency = { ...university, youthUnionExists: false };
  const older = { ...lan, birthDate: '1991-03-01', youthUnionMember: false };
  const meeting = { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-15', 12, 10) } as const;

  it('qualifies B alongside since 2024-10-15 and refuses B since 2024-10-16', () => {
    const ok = run(start({ person: older, organisation: agency }), twoMemberDossier('2024-08-01', '2024-10-15')).snapshot;
    expect(run(ok, [meeting]).snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
    const short = run(start({ person: older, organisation: agency }), twoMemberDossier('2024-08-01', '2024-10-16')).snapshot;
    expect(ids(refused(short, meeting))).toEqual(['COND-INTRODUCERS']);
  });

  it('accepts C alongside for 4 months as a recorded replacement', () => {
    const ready = run(start({ person: older, organisation: agency }), twoMemberDossier('2024-08-01', '2024-10-15')).snapshot;
    const replaced = run(ready, [
      { type: 'introducer.replaced', date: '2025-10-01', replacedIntroducerId: 'B', reason: 'B chuyển sinh hoạt sang đảng bộ khác', replacement: { introducerId: 'C', name: 'C', memberStatus: 'full', alongsideSince: '2025-06-15' } },
    ]).snapshot;
    expect(replaced.value).toEqual({ candidacy: 'awaitingCellVote' });
    const r = applyEvent(replaced, meeting, env('2025-10-15'));
    expect(r.accepted).toBe(true);
    const intro = r.ruleResults.find((x) => x.id === 'COND-INTRODUCERS')!;
    expect(intro.facts['exemptions']).toEqual([{ id: 'C', exempt: 'B chuyển sinh hoạt sang đảng bộ khác' }]);
  });
});

describe('S-4 an expired certificate', () => {
  it('blocks the cell resolution of 2025-09-16 and allows it on 2025-09-15', () => {
    const person = { ...lan, birthDate: '1996-01-01' };
    const ready = run(start({ person }), dossierEvents('2020-09-15')).snapshot;
    const late = refused(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-09-16', 9, 9) });
    expect(ids(late)).toEqual(['COND-AWARENESS-CERT']);
    expect(late[0]!.citation[0]).toMatchObject({ instrument: 'HD06', section: '§5.4b' });
    expect(run(ready, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-09-15', 9, 9) }]).snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
  });
});

describe('S-5 age limits', () => {
  it('blocks at 17 years 11 months and allows on the 18th birthday', () => {
    const ready = run(start({ person: { ...lan, birthDate: '2007-11-30' } }), dossierEvents()).snapshot;
    const early = refused(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-11-29', 9, 9) });
    expect(ids(early)).toContain('CRIT-AGE');
    expect(run(ready, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-11-30', 9, 9) }]).snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
  });

  it('treats 721 months as over 60: consent gate before the decision, not a rejection', () => {
    const old = { ...lan, birthDate: '1965-06-01', youthUnionMember: false };
    const voted = run(start({ person: old }), [
      ...twoMemberDossier('2020-01-01', '2020-01-01'),
      { type: 'cell.admissionVoted', vote: vote('admit', '2025-07-15', 9, 9) },
      { type: 'base.admissionVoted', vote: vote('admit', '2025-07-18', 7, 7) },
    ]).snapshot;
    const decision: CaseEvent = { type: 'decision.admissionSigned', decisionNo: '7-QĐ', signedOn: '2025-08-01', ...competentVote('admit', '2025-08-01') };
    const blocked = refused(voted, decision);
    expect(ids(blocked)).toEqual(['COND-PROVINCE-CONSENT']);
    expect(blocked[0]!.reason?.en).toContain('healthAndPrestigeAttestation');
    const decided = run(voted, [
      { type: 'attestation.recorded', date: '2025-07-20', kind: 'healthAndPrestige' },
      { type: 'attestation.recorded', date: '2025-07-20', kind: 'overSixtyReason', reason: 'noPartyWhereWorksOrLives' },
      { type: 'consent.provinceRecorded', date: '2025-07-28', subject: 'overSixty', documentNo: '99-CV/TU' },
      decision,
    ]).snapshot;
    expect(decided.value).toEqual({ decided: 'awaitingReceipt' });
  });
});

describe('S-6 deadline across a year boundary', () => {
  it('starts the decision timer at the cell resolution and flags a decision after the stored due date', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const voted = applyEvent(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-12-15', 15, 12) }, env('2025-12-15'));
    if (!voted.accepted) throw new Error('refused');
    expect(voted.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'admissionDecision', start: '2025-12-15', key: 'admissionDecision' });
    const based = run(voted.snapshot, [{ type: 'base.admissionVoted', vote: vote('admit', '2026-01-05', 8, 6) }]).snapshot;
    const dueDates = { admissionDecision: '2026-02-24' };
    const onTime = applyEvent(based, { type: 'decision.admissionSigned', decisionNo: '1', signedOn: '2026-02-24', ...competentVote('admit', '2026-02-24') }, env('2026-02-24', undefined, dueDates));
    expect(onTime.accepted && onTime.intents.filter((i) => i.type === 'openViolation')).toEqual([]);
    const late = applyEvent(based, { type: 'decision.admissionSigned', decisionNo: '1', signedOn: '2026-02-25', ...competentVote('admit', '2026-02-25') }, env('2026-02-25', undefined, dueDates));
    if (!late.accepted) throw new Error('a late decision must never be blocked');
    expect(late.intents).toContainEqual(expect.objectContaining({ type: 'openViolation', ruleId: 'PROC-DEADLINES', step: 'admissionDecision' }));
  });
});

describe('S-7 late recognition still dates from the end of probation', () => {
  it('opens the recognition step on 2026-03-14, flags the late cell vote, recognises from 2026-03-14', () => {
    const member = importedMember('2025-03-14');
    const opened = run(member, [{ type: 'deadline.fired', timerId: 'probationEnd', dueDate: '2026-03-14' }]);
    expect(opened.snapshot.value).toEqual({ membership: { recognition: 'preparing' } });
    expect(opened.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'cellRecognitionResolution', start: '2026-03-14', key: 'cellRecognitionResolution' });
    const prepared = run(opened.snapshot, [
      { type: 'recognition.selfReviewed', date: '2026-03-16' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-03-17' },
      { type: 'recognition.opinionsConsolidated', date: '2026-03-18' },
    ]).snapshot;
    const cell: CaseEvent = { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-04-28', 12, 10) };
    const late = applyEvent(prepared, cell, env('2026-04-28', undefined, { cellRecognitionResolution: '2026-04-24' }));
    if (!late.accepted) throw new Error(JSON.stringify(late.failures));
    expect(late.intents).toContainEqual(expect.objectContaining({ type: 'openViolation', ruleId: 'PROC-DEADLINES', step: 'cellRecognitionResolution' }));
    const done = run(late.snapshot, [
      { type: 'base.recognitionVoted', vote: vote('recognise', '2026-05-05', 8, 6) },
      { type: 'decision.recognitionSigned', decisionNo: '9-QĐ', signedOn: '2026-05-20', partyCardDecided: true, ...competentVote('recognise', '2026-05-20') },
    ]).snapshot;
    expect(done.value).toBe('fullMember');
    expect(done.context.facts.evidence.recognitionDecision?.effectiveOn).toBe('2026-03-14');
  });

  it('refuses a self-review dated before the end of probation', () => {
    const member = importedMember('2025-03-14');
    expect(ids(refused(member, { type: 'recognition.selfReviewed', date: '2026-03-13' }))).toEqual(['COND-SELF-REVIEW-AFTER-END']);
  });
});

describe('S-8 removal from the probationary list', () => {
  it('removes with 8/11, 5/7, 4/7 and shows a 30 wd complaint window from receipt', () => {
    const member = importedMember('2025-02-02', 'recognition');
    const removal = run(member, [
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-03' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-04' },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-02-05', 11, 8) },
      { type: 'base.recognitionVoted', vote: vote('remove', '2026-02-10', 7, 5) },
    ]).snapshot;
    expect(removal.value).toEqual({ membership: { recognition: 'awaitingDecision' } });
    const removed = run(removal, [
      { type: 'decision.removalSigned', decisionNo: '3-QĐ', signedOn: '2026-02-20', vote: vote('remove', '2026-02-20', 7, 4), decidedBy: university.competentBody, receivedOn: '2026-02-23' },
    ]);
    expect(removed.snapshot.value).toEqual({ removed: 'complaintWindow' });
    expect(removed.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'removalComplaint', start: '2026-02-23', key: 'removalComplaint' });
    const closed = run(removed.snapshot, [{ type: 'deadline.fired', timerId: 'removalComplaint', dueDate: '2026-04-06' }]).snapshot;
    expect(closed.value).toEqual({ removed: 'closed' });
  });
});

describe('S-9 re-admission', () => {
  const person = { ...lan, birthDate: '1985-01-01', youthUnionMember: false };
  const readmission = (reason: 'ownRequestFamilyHardship' | 'corruptionConviction' | 'abandonedActivity') => ({
    readmission: { leftOn: '2022-06-01', reason, reasonNote: 'hoàn cảnh gia đình đặc biệt khó khăn', previouslyReadmitted: false },
  });
  it('passes the waiting period at 37 months, fails at 35, needs the provincial consent, then probation again', () => {
    const ready = run(start({ person, variant: readmission('ownRequestFamilyHardship') }), twoMemberDossier('2020-01-01', '2020-01-01')).snapshot;
    expect(ids(refused(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-05-20', 9, 9) }))).toEqual(['COND-READMISSION']);
    const voted = run(ready, [
      { type: 'cell.admissionVoted', vote: vote('admit', '2025-07-16', 9, 9) },
      { type: 'base.admissionVoted', vote: vote('admit', '2025-07-20', 7, 7) },
    ]).snapshot;
    const decision: CaseEvent = { type: 'decision.admissionSigned', decisionNo: '8-QĐ', signedOn: '2025-08-05', ...competentVote('admit', '2025-08-05') };
    expect(ids(refused(voted, decision))).toEqual(['COND-PROVINCE-CONSENT']);
    const admitted = run(voted, [
      { type: 'consent.provinceRecorded', date: '2025-08-01', subject: 'readmission' },
      decision,
      { type: 'decision.receivedByCell', receivedOn: '2025-08-06' },
      { type: 'ceremony.held', heldOn: '2025-08-20', helper: minh, oathRead: true },
    ]).snapshot;
    expect(admitted.value).toEqual({ membership: 'probation' });
  });
  it('never re-admits after corruption or abandoning party activity', () => {
    for (const reason of ['corruptionConviction', 'abandonedActivity'] as const) {
      const ready = run(start({ person, variant: readmission(reason) }), twoMemberDossier('2020-01-01', '2020-01-01')).snapshot;
      expect(ids(refused(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-07-16', 9, 9) }))).toEqual(['COND-READMISSION']);
    }
  });
});

describe('S-10 edition switch', () => {
  it('starts the decision timer from the cell resolution of 2025-06-10 under edition 2021-07 and cites the texts of each step date', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const voted = applyEvent(ready, { type: 'cell.admissionVoted', vote: vote('admit', '2025-06-10', 15, 12) }, env('2025-06-10'));
    if (!voted.accepted) throw new Error('refused');
    expect(voted.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'admissionDecision', start: '2025-06-10', key: 'admissionDecision' });
    const age = voted.ruleResults.find((r) => r.id === 'CRIT-AGE')!;
    expect(age.edition).toBe('2021-07');
    expect(age.citation.map((c) => c.instrument)).toEqual(['QĐ232', 'QĐ232', 'HD06']);
    const based = run(voted.snapshot, [{ type: 'base.admissionVoted', vote: vote('admit', '2025-06-20', 8, 6) }]).snapshot;
    const decided = applyEvent(based, { type: 'decision.admissionSigned', decisionNo: '2', signedOn: '2025-07-20', ...competentVote('admit', '2025-07-20') }, env('2025-07-20'));
    if (!decided.accepted) throw new Error('refused');
    const consent = decided.ruleResults.find((r) => r.id === 'COND-PROVINCE-CONSENT')!;
    expect(consent.edition).toBe('2025-07');
    expect(consent.citation[0]!.instrument).toBe('QĐ294');
  });
});

describe('S-11 the same vote twice', () => {
  it('gives the same single transition from the same snapshot version, and refuses a replay on the next one', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const event: CaseEvent = { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11) };
    const a = applyEvent(ready, event, env('2025-10-06'));
    const b = applyEvent(ready, event, env('2025-10-06'));
    expect(a).toEqual(b);
    if (!a.accepted) throw new Error('refused');
    expect(a.snapshot.context.facts.votes).toHaveLength(1);
    expect(ids(refused(a.snapshot, event, '2025-10-06'))).toEqual(['PROC-ORDER']);
  });
});

describe('exits', () => {
  it('closes as notAdmitted only after a failed vote', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const notAdmitted: CaseEvent = { type: 'case.notAdmitted', date: '2025-09-10', reason: 'chi bộ không xét lại' };
    expect(ids(refused(ready, notAdmitted))).toEqual(['PROC-ORDER']);
    const failed = run(ready, [{ type: 'cell.admissionVoted', vote: vote('admit', '2025-09-01', 9, 3) }]).snapshot;
    const closed = run(failed, [notAdmitted]);
    expect(closed.snapshot.value).toBe('notAdmitted');
    expect(closed.intents).toContainEqual({ type: 'cancelDeadline', key: 'dossierFreshness' });
  });

  it('escalates to COMPETENT after three failed recognition votes', () => {
    let s = importedMember('2025-02-02', 'recognition');
    s = run(s, [
      { type: 'recognition.selfReviewed', date: '2026-02-02' },
      { type: 'recognition.helperAssessed', helperId: 'dv-minh', date: '2026-02-03' },
      { type: 'recognition.opinionsConsolidated', date: '2026-02-04' },
      { type: 'cell.recognitionVoted', vote: vote('recognise', '2026-02-05', 9, 5) },
      { type: 'cell.recognitionVoted', vote: vote('remove', '2026-02-12', 9, 4) },
    ]).snapshot;
    expect(s.value).toEqual({ membership: { recognition: 'preparing' } });
    const third = run(s, [{ type: 'cell.recognitionVoted', vote: vote('recognise', '2026-02-19', 9, 5) }]);
    expect(third.snapshot.value).toEqual({ membership: { recognition: 'awaitingDecision' } });
    expect(third.intents).toContainEqual({ type: 'notify', to: 'COMPETENT', template: 'recognitionEscalated' });
    const recognised = run(third.snapshot, [{ type: 'decision.recognitionSigned', decisionNo: '1', signedOn: '2026-02-25', partyCardDecided: true, ...competentVote('recognise', '2026-02-25') }]);
    expect(recognised.snapshot.value).toBe('fullMember');
  });

  it('cancels a wrongful decision: substantive closes, procedural returns to the redo point keeping earlier steps', () => {
    const decided = run(start(), [...dossierEvents(), ...admissionEvents().slice(0, 4)]).snapshot;
    const cancel = (redoFrom?: 'cellResolution' | 'introductions'): CaseEvent => ({
      type: 'decision.cancelled',
      date: '2025-11-01',
      defect: redoFrom ? 'procedural' : 'substantive',
      ...(redoFrom ? { redoFrom } : {}),
      reason: 'phát hiện sai sót',
      proposedBy: 'Ban Tổ chức',
      decidedBy: 'Ban Thường vụ',
    });
    expect(run(decided, [cancel()]).snapshot.value).toBe('cancelled');
    const redo = run(decided, [cancel('cellResolution')]).snapshot;
    expect(redo.value).toEqual({ candidacy: 'awaitingCellVote' });
    expect(redo.context.facts.evidence.opinions).toBeDefined();
    expect(redo.context.facts.evidence.cellResolution).toBeUndefined();
    const redoIntro = run(decided, [cancel('introductions')]).snapshot;
    expect(redoIntro.value).toMatchObject({ candidacy: { dossier: { introductions: 'pending', opinions: 'consolidated' } } });
  });

  it('routes a transfer after the dossier went to COMPETENT through the destination (6.3)', () => {
    const withCompetent = run(start(), [...dossierEvents(), ...admissionEvents().slice(0, 2)]).snapshot;
    const moved = run(withCompetent, [{ type: 'transfer.recorded', date: '2025-10-12', toOrganisationId: 'cell-2', dossierSentToCompetent: true }]);
    expect(moved.snapshot.value).toEqual({ candidacy: { awaitingDecision: 'inTransit' } });
    expect(moved.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'transferForward', start: '2025-10-12', key: 'transferForward' });
    const forwarded = run(moved.snapshot, [{ type: 'transfer.dossierForwarded', date: '2025-10-20', receivedOn: '2025-10-22' }]);
    expect(forwarded.intents).toContainEqual({ type: 'scheduleDeadline', timerId: 'transferDecide', start: '2025-10-22', key: 'transferDecide' });
    expect(forwarded.snapshot.value).toEqual({ candidacy: { awaitingDecision: 'withCompetent' } });
  });

  it('needs a new helper at the destination after a transfer before the cell resolution (6.1)', () => {
    const ready = run(start(), dossierEvents()).snapshot;
    const moved = run(ready, [{ type: 'transfer.recorded', date: '2025-06-01', toOrganisationId: 'cell-2' }]).snapshot;
    expect(moved.value).toMatchObject({ candidacy: { dossier: { introductions: 'pending' } } });
    const again = run(moved, [memberIntro('dv-new', '2025-06-02', '2025-06-05'), { type: 'introduction.youthUnionResolved', resolutionDate: '2025-06-05' }]).snapshot;
    const voteEvent: CaseEvent = { type: 'cell.admissionVoted', vote: vote('admit', '2025-07-01', 9, 9) };
    expect(ids(refused(again, voteEvent))).toEqual(['PROC-TRANSFER']);
    const helped = run(again, [{ type: 'helper.assigned', date: '2025-06-03', helper: { memberId: 'dv-new', name: 'Mới', memberStatus: 'full' } }]).snapshot;
    expect(run(helped, [voteEvent]).snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
  });
});
