import { describe, expect, it } from '@jest/globals';
import { type VoteRecord } from './case-facts.js';
import { DEFAULT_ORG_SETTINGS as S } from './org-settings.js';
import {
  procBaseVote,
  procCancellation,
  procCellVote,
  procCeremonyConsent,
  procCompetentBody,
  procCompetentVote,
  procDeadlines,
  procHelper,
  procOrder,
  procProbationLength,
  procTransfer,
} from './procedures.rule.js';
import { committeeVoteDenominator, moreThanHalf, twoThirds } from './vote-thresholds.js';
import { facts, org, person } from './testing/facts.fixture.js';

const vote = (eligible: number, votesFor: number, extra: Partial<VoteRecord> = {}): VoteRecord => ({
  motion: 'admit',
  meetingDate: '2025-10-06',
  eligible,
  for: votesFor,
  against: eligible - votesFor,
  ...extra,
});

describe('thresholds', () => {
  it('rounds 2/3 up and takes more than half strictly', () => {
    expect([3, 8, 9, 11, 15].map(twoThirds)).toEqual([2, 6, 6, 8, 10]);
    expect([7, 8, 1].map(moreThanHalf)).toEqual([4, 5, 1]);
  });
});

describe('PROC-CELL-VOTE (S-1, S-2, I-6)', () => {
  const f = facts();
  it('S-2: 5 of 8 fails, 6 passes', () => {
    const r = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(8, 5, { roll: 9 }) });
    expect(r.passed).toBe(false);
    expect(r.invalidRecord).toBeUndefined();
    expect(r.facts['required']).toBe(6);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(8, 6, { roll: 9 }) }).passed).toBe(true);
  });
  it('S-1: 11 of 15 passes, 10 needed, 9 fails', () => {
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(15, 11) }).facts['required']).toBe(10);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(15, 10) }).passed).toBe(true);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(15, 9) }).passed).toBe(false);
  });
  it('refuses a roll under 3 full members (I-6)', () => {
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(2, 2, { roll: 2 }) }).invalidRecord).toBe(true);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(2, 2) }).invalidRecord).toBe(true);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(2, 2, { roll: 3 }) }).passed).toBe(true);
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(3, 2) }).passed).toBe(true);
  });
  it('refuses a roster mismatch without a reason and flags it with one', () => {
    const r = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(8, 6, { rosterEligible: 9 }) });
    expect(r.invalidRecord).toBe(true);
    expect(r.reason?.en).toContain('8');
    expect(r.reason?.en).toContain('9');
    const ok = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(8, 6, { rosterEligible: 9, mismatchReason: 'one member detained' }) });
    expect(ok.passed).toBe(true);
    expect(ok.flag).toBeDefined();
  });
  it('minutes above the roster roll: refused naming both figures without a reason, recorded and flagged with one (S-1 in a cell whose roster lags)', () => {
    const refused = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(15, 11, { rosterEligible: 6, roll: 6 }) });
    expect(refused.invalidRecord).toBe(true);
    expect(refused.reason?.en).toContain('15');
    expect(refused.reason?.en).toContain('6');
    const ok = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(15, 11, { rosterEligible: 6, roll: 6, mismatchReason: 'danh sách chưa cập nhật' }) });
    expect(ok.passed).toBe(true);
    expect(ok.flag).toBeDefined();
    expect(ok.facts['required']).toBe(10);
    const client = procCellVote.evaluate(f, '2025-10-06', S, { vote: vote(8, 6, { roll: 5 }) });
    expect(client.invalidRecord).toBe(true);
    expect(client.reason?.en).toContain('more than the cell');
  });
  it('refuses impossible counts', () => {
    expect(procCellVote.evaluate(f, '2025-10-06', S, { vote: { ...vote(8, 6), against: 3 } }).invalidRecord).toBe(true);
  });
});

describe('PROC-BASE-VOTE and PROC-COMPETENT-VOTE (S-1, S-8)', () => {
  it('base: 6 of 8 passes, 5 fails; S-8 5 of 7 passes', () => {
    expect(procBaseVote.evaluate(facts(), '2025-10-09', S, { vote: vote(8, 6) }).passed).toBe(true);
    expect(procBaseVote.evaluate(facts(), '2025-10-09', S, { vote: vote(8, 5) }).passed).toBe(false);
    expect(procBaseVote.evaluate(facts(), '2026-02-10', S, { vote: vote(7, 5, { motion: 'remove' }) }).passed).toBe(true);
  });
  it('competent: strictly more than half, 4 of 7 passes, 3 fails; 4 of 8 fails', () => {
    expect(procCompetentVote.evaluate(facts(), '2026-02-20', S, { vote: vote(7, 4, { motion: 'remove' }) }).passed).toBe(true);
    expect(procCompetentVote.evaluate(facts(), '2026-02-20', S, { vote: vote(7, 3) }).passed).toBe(false);
    expect(procCompetentVote.evaluate(facts(), '2026-02-20', S, { vote: vote(8, 4) }).passed).toBe(false);
  });
  it('delegated base committee: at least 2/3 (of total to admit, of sitting to remove)', () => {
    const delegated = facts({ org: org({ delegatedBase: true, competentBody: { id: 'du-1', kind: 'delegatedBaseCommittee' } }) });
    expect(procCompetentVote.evaluate(delegated, '2025-10-20', S, { vote: vote(9, 5) }).passed).toBe(false);
    const ok = procCompetentVote.evaluate(delegated, '2025-10-20', S, { vote: vote(9, 6) });
    expect(ok.passed).toBe(true);
    expect(ok.facts['denominator']).toBe('total members');
    expect(procCompetentVote.evaluate(delegated, '2025-10-20', S, { vote: vote(8, 6, { motion: 'remove' }) }).facts['denominator']).toBe('sitting members');
  });
});

describe('committee denominators against the membership (QĐ294 §9.3.3, §9.3.4; HD06 §3.7a, §4.6d)', () => {
  // S-1's university committee: 9 members holding office, one on temporary transfer and absent.
  const s1 = { total: 9, sitting: 8 };
  it('§9.3.3 "tổng số ủy viên đương nhiệm ... trừ số thành viên đã chuyển sinh hoạt đảng tạm thời không có mặt tại hội nghị, số thành viên đang bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam": the base committee counts its sitting members', () => {
    expect(committeeVoteDenominator('base', false, 'admit', s1)).toBe(8);
    expect(committeeVoteDenominator('base', false, 'remove', s1)).toBe(8);
    // The same committee deciding as COMPETENT: a standing committee counts its sitting members too.
    expect(committeeVoteDenominator('competent', false, 'admit', { total: 7, sitting: 6 })).toBe(6);
  });
  it('HD06 §3.7a "ít nhất hai phần ba tổng số cấp ủy viên" to admit (and recognise), §4.6d "hai phần ba đảng ủy viên đương nhiệm" to remove', () => {
    expect(committeeVoteDenominator('competent', true, 'admit', s1)).toBe(9);
    expect(committeeVoteDenominator('competent', true, 'recognise', s1)).toBe(9);
    expect(committeeVoteDenominator('competent', true, 'remove', s1)).toBe(8);
  });
  it('PROC-BASE-VOTE: minutes of 8 match the 8 sitting; minutes of 9 are refused naming 9 and 8; a reason accepts and flags', () => {
    expect(procBaseVote.evaluate(facts(), '2025-10-09', S, { vote: vote(8, 6, { rosterEligible: 8 }) }).passed).toBe(true);
    const r = procBaseVote.evaluate(facts(), '2025-10-09', S, { vote: vote(9, 6, { rosterEligible: 8 }) });
    expect(r.passed).toBe(false);
    expect(r.invalidRecord).toBe(true);
    expect(r.reason?.vi).toContain('Biên bản ghi 9 người được biểu quyết, danh sách cấp ủy viên đương nhiệm của đảng ủy cơ sở là 8');
    expect(r.reason?.en).toContain('Minutes say 9 eligible, the base committee’s sitting members says 8');
    const ok = procBaseVote.evaluate(facts(), '2025-10-09', S, { vote: vote(9, 6, { rosterEligible: 8, mismatchReason: 'the member on transfer attended' }) });
    expect(ok.passed).toBe(true);
    expect(ok.flag?.en).toContain('9/8');
  });
  it('PROC-COMPETENT-VOTE for a delegated committee at the 2/3 boundary of its 9 (6 carries, 5 does not) and of its 8 sitting to remove', () => {
    const delegated = facts({ org: org({ delegatedBase: true, competentBody: { id: 'du-1', kind: 'delegatedBaseCommittee' } }) });
    const admit = (eligible: number, votesFor: number) =>
      procCompetentVote.evaluate(delegated, '2025-10-20', S, { vote: vote(eligible, votesFor, { rosterEligible: committeeVoteDenominator('competent', true, 'admit', s1) }) });
    expect(admit(9, 6).passed).toBe(true);
    expect(admit(9, 5).passed).toBe(false);
    const sittingMinutes = admit(8, 6);
    expect(sittingMinutes.invalidRecord).toBe(true);
    expect(sittingMinutes.reason?.en).toContain('Minutes say 8 eligible, the competent body’s membership says 9');
    const remove = (eligible: number, votesFor: number) =>
      procCompetentVote.evaluate(delegated, '2026-02-20', S, {
        vote: vote(eligible, votesFor, { motion: 'remove', rosterEligible: committeeVoteDenominator('competent', true, 'remove', s1) }),
      });
    expect(remove(8, 6).passed).toBe(true);
    expect(remove(8, 5).passed).toBe(false);
    expect(remove(9, 6).invalidRecord).toBe(true);
  });
  it('a standing committee of 7 sitting: 4 carries, 3 does not; minutes of 8 refused', () => {
    const rosterEligible = committeeVoteDenominator('competent', false, 'admit', { total: 7, sitting: 7 });
    expect(procCompetentVote.evaluate(facts(), '2025-10-20', S, { vote: vote(7, 4, { rosterEligible }) }).passed).toBe(true);
    expect(procCompetentVote.evaluate(facts(), '2025-10-20', S, { vote: vote(7, 3, { rosterEligible }) }).passed).toBe(false);
    expect(procCompetentVote.evaluate(facts(), '2025-10-20', S, { vote: vote(8, 5, { rosterEligible }) }).invalidRecord).toBe(true);
  });
});

describe('other procedures', () => {
  it('PROC-ORDER fails when the stage does not accept the step or prerequisites are missing', () => {
    expect(procOrder.evaluate(facts(), '2025-10-06', S, { eventType: 'ceremony.held', stateAccepts: false }).passed).toBe(false);
    expect(procOrder.evaluate(facts(), '2025-10-06', S, { eventType: 'x', missingPrerequisites: [{ vi: 'a', en: 'b' }] }).missing).toBe(true);
    expect(procOrder.evaluate(facts(), '2025-10-06', S, { eventType: 'x', stateAccepts: true }).passed).toBe(true);
  });
  it('PROC-DEADLINES flags a late act and never blocks', () => {
    const r = procDeadlines.evaluate(facts(), '2026-04-28', S, { actDate: '2026-04-28', deadline: { key: 'cellRecognitionResolution', timerId: 'cellRecognitionResolution', dueDate: '2026-04-24' } });
    expect(r).toMatchObject({ passed: false, blocking: false });
    expect(procDeadlines.evaluate(facts(), '2026-04-24', S, { actDate: '2026-04-24', deadline: { key: 'k', timerId: 't', dueDate: '2026-04-24' } }).passed).toBe(true);
  });
  it('PROC-HELPER requires a full member', () => {
    expect(procHelper.evaluate(facts(), '2025-01-06', S, { helper: { memberId: 'm', memberStatus: 'probationary' } }).passed).toBe(false);
    expect(procHelper.evaluate(facts(), '2025-01-06', S, { helper: { memberId: 'm', memberStatus: 'full' } }).passed).toBe(true);
  });
  it('PROC-PROBATION-LENGTH allows recognition from the day the 12 months end', () => {
    const f = facts({ evidence: { ceremony: { heldOn: '2025-03-14', organisationId: 'cell-1' } } });
    expect(procProbationLength.evaluate(f, '2026-03-13', S).passed).toBe(false);
    expect(procProbationLength.evaluate(f, '2026-03-14', S).passed).toBe(true);
  });
  it('PROC-COMPETENT-BODY: the configured body, the upper standing committee for business owners', () => {
    const delegated = org({ delegatedBase: true, competentBody: { id: 'du-1', kind: 'delegatedBaseCommittee' }, upperStandingCommitteeId: 'btv-1' });
    expect(procCompetentBody.evaluate(facts({ org: delegated }), '2025-10-20', S, { decidedBy: { id: 'du-1', kind: 'delegatedBaseCommittee' } }).passed).toBe(true);
    const owner = facts({ org: delegated, person: person({ businessOwner: true }) });
    expect(procCompetentBody.evaluate(owner, '2025-10-20', S, { decidedBy: { id: 'du-1', kind: 'delegatedBaseCommittee' } }).passed).toBe(false);
    expect(procCompetentBody.evaluate(owner, '2025-10-20', S, { decidedBy: { id: 'btv-1', kind: 'upperStandingCommittee' } }).passed).toBe(true);
  });
  it('PROC-CEREMONY-CONSENT flags a late ceremony until the consent is recorded', () => {
    const deadline = { key: 'ceremony', timerId: 'ceremony', dueDate: '2025-12-02' };
    expect(procCeremonyConsent.evaluate(facts(), '2025-12-03', S, { actDate: '2025-12-03', deadline })).toMatchObject({ passed: false, blocking: false });
    const consented = facts({ evidence: { ceremonyLateConsentOn: '2025-12-01' } });
    expect(procCeremonyConsent.evaluate(consented, '2025-12-03', S, { actDate: '2025-12-03', deadline }).passed).toBe(true);
    expect(procCeremonyConsent.evaluate(facts(), '2025-12-02', S, { actDate: '2025-12-02', deadline }).passed).toBe(true);
  });
  it('PROC-TRANSFER: new helper at the destination, ceremony never at the old place', () => {
    const moved = facts({ transfers: [{ date: '2025-05-01', clause: '6.1', fromOrganisationId: 'cell-1', toOrganisationId: 'cell-2' }] });
    expect(procTransfer.evaluate(moved, '2025-10-06', S, { eventType: 'cell.admissionVoted' }).passed).toBe(false);
    const helped = { ...moved, evidence: { ...moved.evidence, helpers: [{ memberId: 'h', name: 'H', memberStatus: 'full' as const, assignedOn: '2025-05-02', stage: 'sympathiser' as const }] } };
    expect(procTransfer.evaluate(helped, '2025-10-06', S, { eventType: 'cell.admissionVoted' }).passed).toBe(true);
    const after = facts({ transfers: [{ date: '2025-10-25', clause: '6.4', fromOrganisationId: 'cell-1', toOrganisationId: 'cell-9', sameDecidingCommittee: false }] });
    expect(procTransfer.evaluate(after, '2025-11-07', S, { eventType: 'ceremony.held', ceremonyOrganisationId: 'cell-1' }).passed).toBe(false);
    expect(procTransfer.evaluate(after, '2025-11-07', S, { eventType: 'ceremony.held', ceremonyOrganisationId: 'cell-9' }).passed).toBe(true);
    expect(procTransfer.evaluate(facts(), '2025-11-07', S, {}).notApplicable).toBe(true);
  });
  it('PROC-CANCELLATION needs proposer, decider, a redo point, and the higher consent once received', () => {
    const decided = facts({ evidence: { decision: { decisionNo: '1', signedOn: '2025-10-20', decidedBy: { id: 'btv-1', kind: 'upperStandingCommittee' } } } });
    const c = { defect: 'procedural' as const, proposedBy: 'Ban Tổ chức', decidedBy: 'BTV' };
    expect(procCancellation.evaluate(decided, '2025-12-01', S, { cancellation: c }).passed).toBe(false);
    expect(procCancellation.evaluate(decided, '2025-12-01', S, { cancellation: { ...c, redoFrom: 'cellResolution' } }).passed).toBe(true);
    expect(procCancellation.evaluate(decided, '2025-12-01', S, { cancellation: { ...c, proposedBy: ' ', redoFrom: 'decision' } }).passed).toBe(false);
    const received = { ...decided, transfers: [{ date: '2025-11-01', clause: 'probation' as const, fromOrganisationId: 'cell-1', toOrganisationId: 'cell-2' }] };
    expect(procCancellation.evaluate(received, '2025-12-01', S, { cancellation: { ...c, redoFrom: 'decision' } }).passed).toBe(false);
    expect(procCancellation.evaluate(received, '2025-12-01', S, { cancellation: { ...c, redoFrom: 'decision', higherConsentOn: '2025-11-30' } }).passed).toBe(true);
  });
});
