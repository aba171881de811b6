import {
  type Bilingual,
  type CaseFacts,
  type LocalDate,
  type RuleId,
  type TimerId,
  RULES_BY_ID,
  addMonths,
  describeCitation,
  fullMonthsBetween,
  moreThanHalf,
  probationEnd,
  twoThirds,
} from '#procedure';
import type { CaseRecord, VoteRow } from './case-record.js';

/** One breach a check found on a case: becomes (or matches) a row of `violations`. */
export interface Finding {
  checkId: string;
  ruleId: RuleId;
  /** Named like the live engine names it: the timer key for deadlines, 'ceremony' for the consent, else the event type. */
  step: string;
  /** The body that had to act (procedure.md §2 codes). */
  responsible: string | null;
  dueDate: LocalDate | null;
  actualDate: LocalDate | null;
  /** The date the rule is measured at (picks the instruments for the citation). */
  on: LocalDate;
  reason: Bilingual;
  facts: Record<string, unknown>;
}

export interface ComplianceCheck {
  id: string;
  ruleId: RuleId;
  title: Bilingual;
  /** What the check reads, for docs/reports.md and the API catalogue. */
  looksAt: string;
  /** The steps of `ruleId` this check answers for: a re-audit closes such a violation when the check no longer finds it. */
  steps: readonly string[];
  run(c: CaseRecord, today: LocalDate): Finding[];
}

/** Decision outcomes that say "no" (a refusal still closes the decision timer but admits nobody). */
export const NEGATIVE_OUTCOMES: readonly string[] = [
  'refused',
  'rejected',
  'notAdmitted',
  'notRecognised',
  'failed',
  'cancelled',
  'negative',
  'no',
  'notCarried',
];
export const isPositiveOutcome = (outcome: string): boolean => !NEGATIVE_OUTCOMES.includes(outcome);

// ---------------------------------------------------------------------------------------------
// Reading helpers

const minOf = (dates: (LocalDate | null | undefined)[]): LocalDate | null => {
  const present = dates.filter((d): d is LocalDate => typeof d === 'string' && d.length === 10);
  return present.length ? present.reduce((a, b) => (b < a ? b : a)) : null;
};

const eventDates = (c: CaseRecord, types: readonly string[]): LocalDate[] =>
  c.events.filter((e) => types.includes(e.type) && e.eventDate).map((e) => e.eventDate as LocalDate);

const firstEvent = (c: CaseRecord, types: readonly string[]): LocalDate | null => minOf(eventDates(c, types));

/** The date of the cell meeting that voted the admission (I-11 measuring date). */
export function cellAdmissionMeeting(c: CaseRecord): LocalDate | null {
  const fromFacts = c.facts?.evidence.cellResolution?.meetingDate;
  if (fromFacts) return fromFacts;
  const carried = c.votes.filter((v) => v.body === 'CELL' && v.motion === 'admit' && v.passed);
  return minOf(carried.map((v) => v.meetingDate)) ?? firstEvent(c, ['cell.admissionVoted']);
}

const ceremonyOf = (c: CaseRecord): LocalDate | null =>
  c.ceremonyDate ?? c.facts?.evidence.ceremony?.heldOn ?? firstEvent(c, ['ceremony.held']);

const finding = (check: Pick<ComplianceCheck, 'id' | 'ruleId'>, f: Omit<Finding, 'checkId' | 'ruleId'>): Finding => ({
  checkId: check.id,
  ruleId: check.ruleId,
  ...f,
});

// ---------------------------------------------------------------------------------------------
// Deadlines: the deadlines table (due_date, extended_to) against the act's own date.

interface DeadlineAct {
  timerId: TimerId;
  title: Bilingual;
  responsible: string;
  /** The act that meets the deadline, on or after the deadline's start. */
  act(c: CaseRecord, from: LocalDate): LocalDate | null;
}

const onOrAfter = (from: LocalDate, dates: (LocalDate | null | undefined)[]): LocalDate | null =>
  minOf(dates.filter((d) => d != null && d >= from));

const DEADLINE_ACTS: readonly DeadlineAct[] = [
  {
    timerId: 'admissionDecision',
    title: { vi: 'Quyết định kết nạp quá hạn', en: 'Admission decision later than its deadline' },
    responsible: 'COMPETENT',
    act: (c, from) =>
      onOrAfter(from, [
        ...eventDates(c, ['decision.admissionSigned']),
        ...c.decisions.filter((d) => d.kind === 'admission').map((d) => d.signedOn),
        c.facts?.evidence.decision?.signedOn,
      ]),
  },
  {
    timerId: 'ceremony',
    title: { vi: 'Lễ kết nạp quá hạn', en: 'Ceremony later than its deadline' },
    responsible: 'CELL',
    act: (c, from) => onOrAfter(from, [...eventDates(c, ['ceremony.held']), c.ceremonyDate, c.facts?.evidence.ceremony?.heldOn]),
  },
  {
    timerId: 'memberRecord',
    title: { vi: 'Lý lịch đảng viên nộp quá hạn', en: 'Member record filed later than its deadline' },
    responsible: 'MEMBER',
    act: (c, from) => onOrAfter(from, [...eventDates(c, ['memberRecord.filed']), c.facts?.evidence.memberRecordFiledOn]),
  },
  {
    timerId: 'cellRecognitionResolution',
    title: { vi: 'Nghị quyết chi bộ xét công nhận quá hạn', en: 'Cell recognition resolution later than its deadline' },
    responsible: 'CELL',
    act: (c, from) =>
      onOrAfter(from, [
        ...eventDates(c, ['cell.recognitionVoted']),
        ...c.votes.filter((v) => v.body === 'CELL' && v.motion !== 'admit').map((v) => v.meetingDate),
        c.facts?.evidence.recognitionCellResolution?.meetingDate,
      ]),
  },
  {
    timerId: 'recognitionDecision',
    title: { vi: 'Quyết định công nhận đảng viên chính thức quá hạn', en: 'Recognition decision later than its deadline' },
    responsible: 'COMPETENT',
    act: (c, from) =>
      onOrAfter(from, [
        ...eventDates(c, ['decision.recognitionSigned', 'decision.removalSigned']),
        ...c.decisions.filter((d) => d.kind === 'recognition' || d.kind === 'removal').map((d) => d.signedOn),
        c.facts?.evidence.recognitionDecision?.signedOn,
        c.facts?.evidence.removalDecision?.signedOn,
      ]),
  },
];

interface LateAct {
  due: LocalDate;
  actual: LocalDate | null;
  responsible: string;
  start: LocalDate;
  edition: string | null;
}

/** The act was later than due (or is missing and today is past due); null when on time or not applicable. */
function lateness(c: CaseRecord, spec: DeadlineAct, today: LocalDate): LateAct | null {
  const d = c.deadlines.find((x) => x.key === spec.timerId) ?? c.deadlines.find((x) => x.timerId === spec.timerId);
  if (!d) return null;
  const due = d.extendedTo ?? d.dueDate;
  if (!due) return null; // awaiting calendar: no date to be late against
  const actual = spec.act(c, d.startDate);
  const base = { due, responsible: d.responsible ?? spec.responsible, start: d.startDate, edition: d.edition };
  if (actual) return actual > due ? { ...base, actual } : null;
  if (d.status === 'cancelled' || d.status === 'met') return null;
  return today > due ? { ...base, actual: null } : null;
}

const deadlineCheck = (spec: DeadlineAct): ComplianceCheck => {
  const check: ComplianceCheck = {
    id: `deadline.${spec.timerId}`,
    ruleId: 'PROC-DEADLINES',
    title: spec.title,
    looksAt: `deadlines row '${spec.timerId}' (COALESCE(extended_to, due_date)) against the act's date in case_events/decisions; overdue when the act is missing and today is past due`,
    steps: [spec.timerId],
    run(c, today) {
      const late = lateness(c, spec, today);
      if (!late) return [];
      return [
        finding(check, {
          step: spec.timerId,
          responsible: late.responsible,
          dueDate: late.due,
          actualDate: late.actual,
          on: late.actual ?? late.due,
          reason: late.actual
            ? {
                vi: `${spec.title.vi}: thực hiện ngày ${late.actual}, hạn ${late.due}`,
                en: `${spec.title.en}: done on ${late.actual}, due ${late.due}`,
              }
            : { vi: `${spec.title.vi}: chưa thực hiện, hạn ${late.due}`, en: `${spec.title.en}: not done, due ${late.due}` },
          facts: { timerId: spec.timerId, start: late.start, due: late.due, actual: late.actual, edition: late.edition },
        }),
      ];
    },
  };
  return check;
};

const CEREMONY = DEADLINE_ACTS.find((a) => a.timerId === 'ceremony')!;

const ceremonyConsent: ComplianceCheck = {
  id: 'ceremony.consent',
  ruleId: 'PROC-CEREMONY-CONSENT',
  title: { vi: 'Lễ kết nạp muộn chưa có ý kiến đồng ý của cấp trên', en: 'Late ceremony without the upper committee’s consent' },
  looksAt: "the ceremony deadline (late or overdue) and the 'ceremony.lateConsentRecorded' event / evidence.ceremonyLateConsentOn",
  steps: ['ceremony'],
  run(c, today) {
    const late = lateness(c, CEREMONY, today);
    if (!late) return [];
    const consent = firstEvent(c, ['ceremony.lateConsentRecorded']) ?? c.facts?.evidence.ceremonyLateConsentOn ?? null;
    if (consent) return [];
    return [
      finding(this, {
        step: 'ceremony',
        responsible: 'CELL',
        dueDate: late.due,
        actualDate: late.actual,
        on: late.actual ?? late.due,
        reason: {
          vi: 'Lễ kết nạp quá hạn mà chưa ghi nhận sự đồng ý của cấp ủy cấp trên',
          en: 'The ceremony is late and the upper committee’s consent is not recorded',
        },
        facts: { due: late.due, heldOn: late.actual },
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Vote thresholds

interface VoteGroup {
  body: 'CELL' | 'BASE' | 'COMPETENT';
  motions: readonly VoteRow['motion'][];
  ruleId: RuleId;
  step: string;
  /** The case went past this step: the next acts exist. */
  advanced(c: CaseRecord): boolean;
  /** Three failed votes send the matter to COMPETENT: no advancement breach then. */
  escalationExempt?: (facts: CaseFacts | null) => boolean;
}

const hasEvent = (c: CaseRecord, types: readonly string[]) => c.events.some((e) => types.includes(e.type));
const hasVote = (c: CaseRecord, body: string, motions: readonly string[]) =>
  c.votes.some((v) => v.body === body && motions.includes(v.motion));
const hasDecision = (c: CaseRecord, kinds: readonly string[], positive = false) =>
  c.decisions.some((d) => kinds.includes(d.kind) && (!positive || isPositiveOutcome(d.outcome)));

const VOTE_GROUPS: readonly VoteGroup[] = [
  {
    body: 'CELL',
    motions: ['admit'],
    ruleId: 'PROC-CELL-VOTE',
    step: 'cell.admissionVoted',
    advanced: (c) =>
      hasVote(c, 'BASE', ['admit']) ||
      hasDecision(c, ['admission']) ||
      hasEvent(c, ['base.admissionVoted', 'decision.admissionSigned', 'ceremony.held']) ||
      ceremonyOf(c) !== null,
  },
  {
    body: 'BASE',
    motions: ['admit'],
    ruleId: 'PROC-BASE-VOTE',
    step: 'base.admissionVoted',
    advanced: (c) => hasDecision(c, ['admission'], true) || hasEvent(c, ['ceremony.held']) || ceremonyOf(c) !== null,
  },
  {
    body: 'COMPETENT',
    motions: ['admit'],
    ruleId: 'PROC-COMPETENT-VOTE',
    step: 'decision.admissionSigned',
    advanced: (c) => hasEvent(c, ['ceremony.held']) || ceremonyOf(c) !== null,
  },
  {
    body: 'CELL',
    motions: ['recognise', 'remove'],
    ruleId: 'PROC-CELL-VOTE',
    step: 'cell.recognitionVoted',
    advanced: (c) =>
      hasVote(c, 'BASE', ['recognise', 'remove']) ||
      hasDecision(c, ['recognition', 'removal'], true) ||
      hasEvent(c, ['base.recognitionVoted']),
    escalationExempt: (f) => f?.evidence.recognitionEscalated === true,
  },
  {
    body: 'BASE',
    motions: ['recognise', 'remove'],
    ruleId: 'PROC-BASE-VOTE',
    step: 'base.recognitionVoted',
    advanced: (c) => hasDecision(c, ['recognition', 'removal'], true),
    escalationExempt: (f) => f?.evidence.recognitionEscalated === true,
  },
  {
    body: 'COMPETENT',
    motions: ['recognise', 'remove'],
    ruleId: 'PROC-COMPETENT-VOTE',
    step: 'decision.recognitionSigned',
    advanced: () => false,
  },
];

/** The smallest number of votes for that carries (2/3 rounded up; COMPETENT: more than half), never below what the record required. */
export function voteThreshold(v: Pick<VoteRow, 'body' | 'eligible' | 'required'>): number {
  const computed = v.body === 'COMPETENT' ? moreThanHalf(v.eligible) : twoThirds(v.eligible);
  return Math.max(computed, v.required ?? 0);
}

const voteCheck = (g: VoteGroup): ComplianceCheck => {
  const check: ComplianceCheck = {
    id: `vote.${g.step}`,
    ruleId: g.ruleId,
    title: { vi: `Nghị quyết/quyết định không đạt tỷ lệ (${g.body})`, en: `Resolution below its threshold (${g.body})` },
    looksAt: `votes rows of body ${g.body}, motion ${g.motions.join('/')}: recorded as passed with votes_for below ${
      g.body === 'COMPETENT' ? 'more than half' : 'ceil(2/3)'
    } of eligible (or the recorded required), or never carried while the case went on`,
    steps: [g.step],
    run(c) {
      const votes = c.votes.filter((v) => v.body === g.body && g.motions.includes(v.motion));
      if (votes.length === 0) return [];
      const below = votes.find((v) => v.passed && v.for < voteThreshold(v));
      if (below) {
        const need = voteThreshold(below);
        return [
          finding(check, {
            step: g.step,
            responsible: g.body,
            dueDate: null,
            actualDate: below.meetingDate,
            on: below.meetingDate,
            reason: {
              vi: `Ghi nhận là thông qua nhưng chỉ ${below.for}/${below.eligible} tán thành, cần ${need}`,
              en: `Recorded as carried with only ${below.for} of ${below.eligible} in favour; ${need} needed`,
            },
            facts: { voteId: below.id, eligible: below.eligible, for: below.for, against: below.against, required: need },
          }),
        ];
      }
      const carried = votes.some((v) => v.passed && v.for >= voteThreshold(v));
      if (carried || g.escalationExempt?.(c.facts) || !g.advanced(c)) return [];
      const last = votes[votes.length - 1]!;
      return [
        finding(check, {
          step: g.step,
          responsible: g.body,
          dueDate: null,
          actualDate: last.meetingDate,
          on: last.meetingDate,
          reason: {
            vi: `Biểu quyết không đạt (${last.for}/${last.eligible}, cần ${voteThreshold(last)}) nhưng hồ sơ vẫn chuyển bước tiếp theo`,
            en: `The vote did not carry (${last.for} of ${last.eligible}, ${voteThreshold(last)} needed) yet the case went on`,
          },
          facts: {
            voteId: last.id,
            eligible: last.eligible,
            for: last.for,
            against: last.against,
            required: voteThreshold(last),
            votes: votes.length,
          },
        }),
      ];
    },
  };
  return check;
};

// ---------------------------------------------------------------------------------------------
// Snapshot-reading checks (CaseFacts from snapshot.context.facts)

const introducers: ComplianceCheck = {
  id: 'introducers.eligibility',
  ruleId: 'COND-INTRODUCERS',
  title: { vi: 'Người giới thiệu không đủ điều kiện', en: 'Introducer not eligible' },
  looksAt:
    'snapshot facts: evidence.introducers of kind member, at the cell admission meeting: memberStatus must be full; alongsideSince at least 12 months before, unless replacementReason is recorded, variant.noPartyNearby, or a transfer (§6.1) preceded the introduction',
  steps: ['cell.admissionVoted'],
  run(c) {
    const f = c.facts;
    const at = cellAdmissionMeeting(c);
    if (!f || !at) return [];
    const transferExempt = (date: LocalDate) => f.transfers.some((t) => t.clause === '6.1' && t.date <= date);
    const bad = f.evidence.introducers
      // The introducers standing at the meeting: replaced ones are inactive and no longer count.
      .filter((i) => i.kind === 'member' && i.date <= at && i.active !== false)
      .map((i) => {
        const problems: string[] = [];
        if (i.memberStatus !== 'full') problems.push('notFullMember');
        const exempt = i.replacementReason !== undefined || f.variant.noPartyNearby === true || transferExempt(i.date);
        if (!exempt && (!i.alongsideSince || fullMonthsBetween(i.alongsideSince, at) < 12)) problems.push('lessThan12MonthsAlongside');
        return { introducerId: i.introducerId, memberStatus: i.memberStatus ?? null, alongsideSince: i.alongsideSince ?? null, problems };
      })
      .filter((x) => x.problems.length > 0);
    if (bad.length === 0) return [];
    return [
      finding(introducers, {
        step: 'cell.admissionVoted',
        responsible: 'CELL',
        dueDate: null,
        actualDate: at,
        on: at,
        reason: {
          vi: 'Người giới thiệu chưa là đảng viên chính thức hoặc chưa cùng công tác, học tập, sinh sống đủ 12 tháng, không có miễn trừ được ghi nhận',
          en: 'An introducer was not a full member or had not been alongside the candidate for 12 months, with no recorded exemption',
        },
        facts: { meetingDate: at, introducers: bad },
      }),
    ];
  },
};

const helpers: ComplianceCheck = {
  id: 'helpers.fullMember',
  ruleId: 'PROC-HELPER',
  title: { vi: 'Đảng viên giúp đỡ không phải đảng viên chính thức', en: 'Helper not a full member' },
  looksAt:
    "snapshot facts: evidence.helpers; each must be a full member (stage 'sympathiser' → step sympathiser.listed, 'probation' → ceremony.held)",
  steps: ['sympathiser.listed', 'ceremony.held'],
  run(c) {
    const f = c.facts;
    if (!f) return [];
    const out: Finding[] = [];
    for (const stage of ['sympathiser', 'probation'] as const) {
      const bad = f.evidence.helpers.filter((h) => h.stage === stage && h.memberStatus !== 'full');
      if (bad.length === 0) continue;
      const on = minOf(bad.map((h) => h.assignedOn)) ?? bad[0]!.assignedOn;
      out.push(
        finding(helpers, {
          step: stage === 'sympathiser' ? 'sympathiser.listed' : 'ceremony.held',
          responsible: 'CELL',
          dueDate: null,
          actualDate: on,
          on,
          reason: { vi: 'Phân công đảng viên dự bị giúp đỡ người vào Đảng', en: 'A probationary member was assigned as helper' },
          facts: { helpers: bad.map((h) => ({ memberId: h.memberId, memberStatus: h.memberStatus, assignedOn: h.assignedOn })) },
        }),
      );
    }
    return out;
  },
};

const awareness: ComplianceCheck = {
  id: 'awareness.expired',
  ruleId: 'COND-AWARENESS-CERT',
  title: { vi: 'Giấy chứng nhận bồi dưỡng nhận thức quá 60 tháng', en: 'Awareness certificate older than 60 months' },
  looksAt: 'snapshot facts: evidence.awarenessCert.issuedOn + 60 months (clamped) against the cell admission meeting date',
  steps: ['cell.admissionVoted'],
  run(c) {
    const issued = c.facts?.evidence.awarenessCert?.issuedOn;
    const at = cellAdmissionMeeting(c);
    if (!issued || !at) return [];
    const validUntil = addMonths(issued, 60);
    if (at <= validUntil) return [];
    return [
      finding(awareness, {
        step: 'cell.admissionVoted',
        responsible: 'CELL',
        dueDate: validUntil,
        actualDate: at,
        on: at,
        reason: {
          vi: `Giấy chứng nhận cấp ngày ${issued} đã quá 60 tháng vào ngày chi bộ ra nghị quyết ${at}`,
          en: `The certificate issued ${issued} was more than 60 months old at the cell resolution of ${at}`,
        },
        facts: { issuedOn: issued, meetingDate: at, validUntil },
      }),
    ];
  },
};

const dossierFresh: ComplianceCheck = {
  id: 'dossier.stale',
  ruleId: 'COND-DOSSIER-FRESH',
  title: { vi: 'Hồ sơ quá 12 tháng không làm lại', en: 'Stale dossier not refreshed' },
  looksAt:
    'snapshot facts: dossierRenewedOn, else clearedOn, else applicationOn (I-5), + 12 months against the cell admission meeting date',
  steps: ['cell.admissionVoted'],
  run(c) {
    const e = c.facts?.evidence;
    const at = cellAdmissionMeeting(c);
    const clock = e?.dossierRenewedOn ?? e?.clearedOn ?? e?.applicationOn;
    if (!e || !at || !clock) return [];
    const limit = addMonths(clock, 12);
    if (at <= limit) return [];
    return [
      finding(dossierFresh, {
        step: 'cell.admissionVoted',
        responsible: 'CELL',
        dueDate: limit,
        actualDate: at,
        on: at,
        reason: {
          vi: `Hồ sơ lập từ ${clock}, quá 12 tháng đến ngày chi bộ ra nghị quyết ${at} mà không làm lại`,
          en: `Dossier compiled on ${clock}, more than 12 months before the cell resolution of ${at}, and not refreshed`,
        },
        facts: { clock, renewedOn: e.dossierRenewedOn ?? null, meetingDate: at, limit },
      }),
    ];
  },
};

/** Pairs (earlier step, later step) of procedure.md §3; a later step dated before its prerequisite is out of order. */
const ORDER: readonly [string, string][] = [
  ['sympathiser.listed', 'dossier.cleared'],
  ['dossier.cleared', 'cell.admissionVoted'],
  ['application.filed', 'cell.admissionVoted'],
  ['awarenessCourse.certified', 'cell.admissionVoted'],
  ['background.certified', 'cell.admissionVoted'],
  ['opinions.consolidated', 'cell.admissionVoted'],
  ['cell.admissionVoted', 'base.admissionVoted'],
  ['cell.admissionVoted', 'decision.admissionSigned'],
  ['base.admissionVoted', 'decision.admissionSigned'],
  ['decision.admissionSigned', 'decision.receivedByCell'],
  ['decision.admissionSigned', 'ceremony.held'],
  ['decision.receivedByCell', 'ceremony.held'],
  ['ceremony.held', 'recognition.selfReviewed'],
  ['ceremony.held', 'cell.recognitionVoted'],
  ['recognition.selfReviewed', 'cell.recognitionVoted'],
  ['cell.recognitionVoted', 'base.recognitionVoted'],
  ['cell.recognitionVoted', 'decision.recognitionSigned'],
  ['base.recognitionVoted', 'decision.recognitionSigned'],
  ['newMemberCourse.certified', 'decision.recognitionSigned'],
];

/** The first date of each step: from case_events, else from the snapshot's evidence (imported history). */
export function stepDates(c: CaseRecord): Record<string, LocalDate> {
  const out: Record<string, LocalDate> = {};
  for (const e of c.events) {
    if (!e.eventDate) continue;
    const cur = out[e.type];
    if (!cur || e.eventDate < cur) out[e.type] = e.eventDate;
  }
  const e = c.facts?.evidence;
  if (e) {
    const fromFacts: Record<string, LocalDate | undefined> = {
      'sympathiser.listed': e.sympathiserListedOn,
      'dossier.cleared': e.clearedOn,
      'application.filed': e.applicationOn,
      'awarenessCourse.certified': e.awarenessCert?.issuedOn,
      'background.certified': e.backgroundCertified?.date,
      'opinions.consolidated': e.opinions?.date,
      'cell.admissionVoted': e.cellResolution?.meetingDate,
      'base.admissionVoted': e.baseResolution?.meetingDate,
      'decision.admissionSigned': e.decision?.signedOn,
      'decision.receivedByCell': e.decision?.receivedOn,
      'ceremony.held': e.ceremony?.heldOn,
      'recognition.selfReviewed': e.selfReviewOn,
      'newMemberCourse.certified': e.newMemberCert?.issuedOn,
      'cell.recognitionVoted': e.recognitionCellResolution?.meetingDate,
      'base.recognitionVoted': e.recognitionBaseResolution?.meetingDate,
      'decision.recognitionSigned': e.recognitionDecision?.signedOn,
    };
    for (const [type, date] of Object.entries(fromFacts)) if (date && !out[type]) out[type] = date;
  }
  return out;
}

const ORDER_STEPS = [...new Set(ORDER.map(([, later]) => later))];

const order: ComplianceCheck = {
  id: 'order.dates',
  ruleId: 'PROC-ORDER',
  title: { vi: 'Các bước không đúng trình tự thời gian', en: 'Step out of order' },
  looksAt: `the first date of each step (case_events.event_date, else the snapshot's evidence) for the pairs ${ORDER.map(([a, b]) => `${a} ≤ ${b}`).join(', ')}`,
  steps: ORDER_STEPS,
  run(c) {
    const dates = stepDates(c);
    const byStep = new Map<string, { before: string; beforeDate: LocalDate; date: LocalDate }[]>();
    for (const [before, after] of ORDER) {
      const a = dates[before];
      const b = dates[after];
      if (a && b && b < a) byStep.set(after, [...(byStep.get(after) ?? []), { before, beforeDate: a, date: b }]);
    }
    return [...byStep.entries()].map(([step, issues]) =>
      finding(order, {
        step,
        responsible: null,
        dueDate: null,
        actualDate: issues[0]!.date,
        on: issues[0]!.date,
        reason: {
          vi: `Bước ${step} (${issues[0]!.date}) có ngày trước bước phải làm trước: ${issues.map((i) => `${i.before} (${i.beforeDate})`).join(', ')}`,
          en: `Step ${step} (${issues[0]!.date}) is dated before its prerequisite(s): ${issues.map((i) => `${i.before} (${i.beforeDate})`).join(', ')}`,
        },
        facts: { step, date: issues[0]!.date, prerequisites: issues.map((i) => ({ step: i.before, date: i.beforeDate })) },
      }),
    );
  },
};

const recognitionDate: ComplianceCheck = {
  id: 'recognition.date',
  ruleId: 'PROC-PROBATION-LENGTH',
  title: { vi: 'Ngày công nhận không đúng ngày hết dự bị', en: 'Recognition date not the end of probation' },
  looksAt:
    'cases.recognition_date (else evidence.recognitionDecision.effectiveOn) against ceremony date + 12 months, clamped at month end (§8, I-4)',
  steps: ['decision.recognitionSigned'],
  run(c) {
    const ceremony = ceremonyOf(c);
    const recognised = c.recognitionDate ?? c.facts?.evidence.recognitionDecision?.effectiveOn ?? null;
    const decided =
      hasDecision(c, ['recognition'], true) ||
      c.facts?.evidence.recognitionDecision !== undefined ||
      hasEvent(c, ['decision.recognitionSigned']);
    if (!ceremony || !recognised || !decided) return [];
    const expected = probationEnd(ceremony);
    if (recognised === expected) return [];
    return [
      finding(recognitionDate, {
        step: 'decision.recognitionSigned',
        responsible: 'COMPETENT',
        dueDate: expected,
        actualDate: recognised,
        on: recognised,
        reason: {
          vi: `Ngày công nhận ${recognised} khác ngày hết 12 tháng dự bị ${expected}`,
          en: `Recognition date ${recognised} differs from the end of probation ${expected}`,
        },
        facts: { ceremonyDate: ceremony, recognitionDate: recognised, expected },
      }),
    ];
  },
};

/** The catalogue, in the order of docs/reports.md. */
export const COMPLIANCE_CHECKS: readonly ComplianceCheck[] = [
  ...DEADLINE_ACTS.map(deadlineCheck),
  ceremonyConsent,
  ...VOTE_GROUPS.map(voteCheck),
  introducers,
  helpers,
  awareness,
  dossierFresh,
  order,
  recognitionDate,
];

export const COMPLIANCE_CHECKS_BY_ID: Readonly<Record<string, ComplianceCheck>> = Object.fromEntries(
  COMPLIANCE_CHECKS.map((c) => [c.id, c]),
);

/**
 * Runs the whole catalogue on one case (pure). Findings are unique on (rule, step): the first
 * check in catalogue order wins, like the table's unique key.
 */
export function runChecks(c: CaseRecord, today: LocalDate, checks: readonly ComplianceCheck[] = COMPLIANCE_CHECKS): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const check of checks) {
    for (const f of check.run(c, today)) {
      const key = `${f.ruleId}|${f.step}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

/** True when some check of the catalogue answers for (rule, step): only those a re-audit may close. */
export function ownedByCatalogue(ruleId: string, step: string, checks: readonly ComplianceCheck[] = COMPLIANCE_CHECKS): boolean {
  return checks.some((c) => c.ruleId === ruleId && c.steps.includes(step));
}

/** The catalogue for the API and docs: each check with its rule's explanation and citations (current instruments). */
export function complianceCatalogue(): {
  id: string;
  ruleId: RuleId;
  title: Bilingual;
  looksAt: string;
  steps: readonly string[];
  rule: Bilingual;
  citation: string[];
}[] {
  return COMPLIANCE_CHECKS.map((c) => {
    const rule = RULES_BY_ID[c.ruleId];
    return {
      id: c.id,
      ruleId: c.ruleId,
      title: c.title,
      looksAt: c.looksAt,
      steps: c.steps,
      rule: { vi: rule.vi, en: rule.en },
      citation: rule.citations.map(describeCitation),
    };
  });
}
