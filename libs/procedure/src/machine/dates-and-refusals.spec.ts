import { describe, expect, it } from '@jest/globals';
import { type LocalDate } from '../dates.js';
import { INSTRUMENTS } from '../editions.js';
import { type CaseEvent } from '../events/case-event.event.js';
import { resolveCitations } from '../rules/define-rule.js';
import { DEFAULT_ORG_SETTINGS } from '../rules/org-settings.js';
import { getRule } from '../rules/rulebook.js';
import { type RuleFailure } from '../rules/rule.types.js';
import { applyEvent, type CaseSnapshot } from './case-engine.js';
import { dossierEvents, lan, minh, run, start, twoMemberDossier, vote } from './testing/case.fixture.js';

const TODAY: LocalDate = '2025-10-06';
const withToday = (asOf: LocalDate, today: LocalDate = TODAY) => ({ asOf, today, settings: DEFAULT_ORG_SETTINGS });

function refusal(snapshot: CaseSnapshot, event: CaseEvent, today: LocalDate = TODAY): RuleFailure[] {
  const asOf = ((event as { vote?: { meetingDate: LocalDate } }).vote?.meetingDate ?? Object.values(event).find((v) => typeof v === 'string' && /^\d{4}-/.test(v))) as LocalDate;
  const r = applyEvent(snapshot, event, withToday(asOf, today));
  if (r.accepted) throw new Error(`${event.type} was accepted`);
  return r.failures;
}
const ids = (failures: RuleFailure[]) => failures.map((f) => f.id);
const dates = (failures: RuleFailure[]) => failures.find((f) => f.id === 'PROC-DATES');

describe('PROC-DATES (procedure.md §4, I-12): no act after today or before the act it depends on', () => {
  const certified = run(start(), dossierEvents().slice(0, 2)).snapshot;

  it('refuses an application dated after today, naming both dates (dd/mm/yyyy) and citing I-12', () => {
    const s = run(start(), dossierEvents().slice(0, 3)).snapshot;
    const f = refusal(s, { type: 'application.filed', date: '2026-03-10' });
    expect(ids(f)).toEqual(['PROC-DATES']);
    expect(dates(f)!.reason!.vi).toBe('Ngày đơn (10/03/2026) sau ngày hôm nay (06/10/2025)');
    expect(dates(f)!.reason!.en).toBe('Application date (10/03/2026) is after today (06/10/2025)');
    expect(dates(f)!.citation[0]).toMatchObject({ section: 'I-12' });
    expect(dates(f)!.dates).toEqual([{ field: 'date', date: '2026-03-10', relation: 'notAfter', other: 'today', otherDate: TODAY, display: { date: '10/03/2026', otherDate: '06/10/2025' } }]);
    const r = applyEvent(s, { type: 'application.filed', date: '2026-03-10' }, withToday('2026-03-10'));
    expect(!r.accepted && r.ruleResults.find((x) => x.id === 'PROC-DATES')!.facts['problems']).toEqual([
      { field: 'date', date: '2026-03-10', relation: 'notAfter', other: 'today', otherDate: TODAY, display: { date: '10/03/2026', otherDate: '06/10/2025' } },
    ]);
  });

  it('refuses an awareness certificate dated after today', () => {
    const listed = run(start(), dossierEvents().slice(0, 1)).snapshot;
    expect(dates(refusal(listed, { type: 'awarenessCourse.certified', issuedOn: '2025-10-07' }))!.reason!.en).toContain('is after today (06/10/2025)');
  });

  it('refuses the application dated before the consent to compile the dossier, and a consent dated after an application on file', () => {
    const cleared = run(start(), dossierEvents().slice(0, 3)).snapshot; // cleared 2025-03-03
    expect(dates(refusal(cleared, { type: 'application.filed', date: '2025-03-01' }))!.reason!.vi).toBe('Ngày đơn (01/03/2025) trước ngày đồng ý cho lập hồ sơ (03/03/2025)');
    // I-5: an application filed without a clearance; a clearance recorded later may not postdate it.
    const applied = run(certified, [{ type: 'application.filed', date: '2025-03-10' }]).snapshot;
    expect(dates(refusal(applied, { type: 'dossier.cleared', decisionDate: '2025-03-12' }))!.reason!.en).toBe('Decision date (12/03/2025) is after the application (10/03/2025)');
    expect(run(applied, [{ type: 'dossier.cleared', decisionDate: '2025-03-03' }]).snapshot.context.facts.evidence.clearedOn).toBe('2025-03-03');
  });

  it('refuses a background-check answer dated before its request', () => {
    const asked = run(start(), dossierEvents().slice(0, 6)).snapshot; // sent 2025-03-13
    const f = refusal(asked, { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-03-01', finding: 'clear' });
    expect(ids(f)).toEqual(['PROC-DATES']);
    expect(dates(f)!.reason!.en).toBe('Answer date (01/03/2025) is before the verification request (13/03/2025)');
  });

  it('refuses two dates of one payload that contradict each other (received before sent)', () => {
    const declared = run(start(), dossierEvents().slice(0, 5)).snapshot;
    const f = refusal(declared, { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-11' });
    expect(dates(f)!.reason!.vi).toContain('(11/03/2025) trước Ngày gửi (13/03/2025)');
  });

  it('refuses a cell vote held before an introduction letter, and the ceremony before the decision’s receipt', () => {
    const dossier = run(start(), dossierEvents()).snapshot; // letters 2025-04-21
    const f = refusal(dossier, { type: 'cell.admissionVoted', vote: vote('admit', '2025-04-20', 9, 7) });
    expect(dates(f)!.reason!.en).toContain('Meeting date (20/04/2025) is before the introduction letter of Trần Văn Minh (21/04/2025)');
    const decided = run(dossier, [
      { type: 'cell.admissionVoted', vote: vote('admit', '2025-05-06', 9, 7) },
      { type: 'base.admissionVoted', vote: vote('admit', '2025-05-09', 8, 6) },
      { type: 'decision.admissionSigned', decisionNo: '1', signedOn: '2025-05-20', vote: vote('admit', '2025-05-20', 9, 7), decidedBy: { id: 'btv-dhqg', kind: 'upperStandingCommittee' } },
    ]).snapshot;
    expect(dates(refusal(decided, { type: 'decision.receivedByCell', receivedOn: '2025-05-19' }))!.reason!.en).toBe('Receipt date (19/05/2025) is before the decision’s signing (20/05/2025)');
    const received = run(decided, [{ type: 'decision.receivedByCell', receivedOn: '2025-05-22' }]).snapshot;
    expect(dates(refusal(received, { type: 'ceremony.held', heldOn: '2025-05-21', helper: minh, oathRead: true }))!.reason!.en).toContain('is before the decision’s receipt by the cell (22/05/2025)');
  });
});

describe('refusals that explain (PROC-ORDER only when order is the reason)', () => {
  const meeting = '2025-10-06';

  it('a 25-year-old with two full members and no Youth Union resolution: COND-INTRODUCERS, not PROC-ORDER', () => {
    const s = run(start({ person: { ...lan, birthDate: '2000-05-12' } }), twoMemberDossier('2023-01-01', '2023-01-01')).snapshot;
    const f = refusal(s, { type: 'cell.admissionVoted', vote: vote('admit', meeting, 9, 7) });
    expect(ids(f)).not.toContain('PROC-ORDER');
    const intro = f.find((x) => x.id === 'COND-INTRODUCERS')!;
    expect(intro.reason!.en).toContain('needs the Youth Union resolution plus one full member');
    expect(intro.reason!.en).toContain('recorded 2 member(s), 0 Youth Union');
    expect(intro.citation.map((c) => c.instrument)).toEqual(['Điều lệ Đảng', 'QĐ294', 'HD06']);
  });

  it('a Youth Union official aged 33 without the Youth Union resolution (youth age up to 35, I-3): COND-INTRODUCERS', () => {
    const s = run(start({ person: { ...lan, birthDate: '1992-03-01', youthUnionOfficial: true } }), twoMemberDossier('2023-01-01', '2023-01-01')).snapshot;
    const f = refusal(s, { type: 'cell.admissionVoted', vote: vote('admit', meeting, 9, 7) });
    expect(ids(f)).toEqual(['COND-INTRODUCERS', 'COND-ADMISSION-DOSSIER']);
    expect(f[0]!.reason!.en).toContain('(aged 33)');
  });

  it('no valid residence opinion: COND-OPINIONS is named', () => {
    const s = run(start(), dossierEvents().slice(0, -1)).snapshot;
    const f = refusal(s, { type: 'cell.admissionVoted', vote: vote('admit', meeting, 9, 7) });
    expect(ids(f)).toEqual(['COND-OPINIONS', 'COND-ADMISSION-DOSSIER']);
    expect(f[0]!.citation).toEqual([{ instrument: 'HD06', section: '§3.5', title: INSTRUMENTS.HD06.title }]);
  });

  it('measures the introductions on the meeting date: turning 30 after the last letter opens the two-member path (I-11)', () => {
    // Born 1995-06-15: 29 at the letters (2025-04-21), past 30 full years at the meeting (2025-10-06).
    const s = run(start({ person: { ...lan, birthDate: '1995-06-15' } }), twoMemberDossier('2023-01-01', '2023-01-01')).snapshot;
    expect(JSON.stringify(s.value)).toContain('"introductions":"pending"');
    const r = applyEvent(s, { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 9, 7) }, withToday('2025-10-06'));
    expect(r.accepted).toBe(true);
    if (r.accepted) expect(r.snapshot.value).toEqual({ candidacy: 'awaitingBaseVote' });
  });

  it('keeps PROC-ORDER when order really is the reason (a ceremony before any decision)', () => {
    const s = run(start(), dossierEvents()).snapshot;
    expect(ids(refusal(s, { type: 'ceremony.held', heldOn: '2025-05-01', helper: minh, oathRead: true }))).toEqual(['PROC-ORDER']);
  });
});

describe('law items (issue 16)', () => {
  it('COND-BACKGROUND (HD06 §3.4c): the commune committee’s confirmation "không cần thẩm tra riêng" meets the verification requirement', () => {
    const declared = run(start(), dossierEvents().slice(0, 5)).snapshot;
    const certify: CaseEvent = {
      type: 'background.certified',
      date: '2025-04-10',
      politicalIssue: false,
      familyResidence: { confirmedBy: 'Đảng ủy xã Phú Mỹ', confirmedOn: '2025-04-02', documentNo: '15-XN/ĐU' },
    };
    expect(refusal(declared, { type: 'background.certified', date: '2025-04-10', politicalIssue: false }).map((f) => f.reason?.en)).toEqual(['No verification requested']);
    const done = run(declared, [certify]).snapshot;
    expect(done.context.facts.evidence.backgroundCertified?.familyResidence).toEqual({ confirmedBy: 'Đảng ủy xã Phú Mỹ', confirmedOn: '2025-04-02', documentNo: '15-XN/ĐU' });
    expect(JSON.stringify(done.value)).toContain('"verification":"certified"');
  });

  it('COND-DOSSIER-FRESH (HD06 §5.4a "bổ sung ... nếu có thay đổi"): a renewal keeps the certification unless a change is recorded', () => {
    const s = run(start(), dossierEvents()).snapshot;
    const kept = run(s, [{ type: 'dossier.renewed', date: '2026-05-01' }]).snapshot;
    expect(kept.context.facts.evidence.backgroundCertified?.date).toBe('2025-04-10');
    expect(JSON.stringify(kept.value)).toContain('"verification":"certified"');
    const changed = run(s, [{ type: 'dossier.renewed', date: '2026-05-01', backgroundChanged: true, changeNote: 'kết hôn' }]).snapshot;
    const background = getRule('COND-BACKGROUND').evaluate(changed.context.facts, '2026-06-01', DEFAULT_ORG_SETTINGS);
    expect(background.passed).toBe(false);
    expect(background.reason?.en).toContain('supplement the verification and certify again');
    const recertified = run(changed, [{ type: 'background.certified', date: '2026-05-20', politicalIssue: false }]).snapshot;
    expect(getRule('COND-BACKGROUND').evaluate(recertified.context.facts, '2026-06-01', DEFAULT_ORG_SETTINGS).passed).toBe(true);
  });

  it('PROC-CELL-VOTE cites the 3-member minimum as interpretation I-6 derived from Art. 24.1, never as the Charter', () => {
    const cites = resolveCitations(getRule('PROC-CELL-VOTE').citations, '2025-10-06');
    expect(cites.map((c) => c.instrument)).toEqual(['QĐ294', 'Giải thích (procedure.md §10)']);
    expect(cites[1]!.section).toContain('I-6');
    expect(cites.some((c) => c.instrument === 'Điều lệ Đảng')).toBe(false);
  });

  it('PROC-HELPER cites the helper clauses (QĐ294 §3.2.2 "phân công đảng viên chính thức khác theo dõi, giúp đỡ"; HD06 §3.8c, §3.10), not the awareness course (§3.1)', () => {
    const cites = resolveCitations(getRule('PROC-HELPER').citations, '2025-10-06');
    expect(cites.map((c) => `${c.instrument} ${c.section}`)).toEqual(['QĐ294 §3.2.2', 'HD06 §3.8c, §3.10']);
  });

  it('prints the issue dates of HD 08-HD/BTCTW (27/9/2021), Thông tri 06-TT/TW (02/11/2004), HD 02-HD/BTCTU (21/11/2025)', () => {
    expect([INSTRUMENTS.HD08.from, INSTRUMENTS.TT06.from, INSTRUMENTS.HD02HN.from]).toEqual(['2021-09-27', '2004-11-02', '2025-11-21']);
    expect(INSTRUMENTS.HD08.title).toContain('27/9/2021');
    expect(INSTRUMENTS.TT06.title).toContain('02/11/2004');
    expect(INSTRUMENTS.HD02HN.title).toContain('21/11/2025');
  });
});
