import { fullMonthsBetween, type LocalDate } from '../dates.js';
import { probationEnd } from '../deadlines/member-dates.js';
import { TIMERS, isTimerId, type TimerId } from '../deadlines/timers.js';
import { type CaseFacts } from '../rules/case-facts.js';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../rules/org-settings.js';
import { evaluateRule } from '../rules/rulebook.js';
import { type Bilingual, type RuleId, type RuleResult } from '../rules/rule.types.js';
import { moreThanHalf, twoThirds } from '../rules/vote-thresholds.js';
import { judgeDeadlineAct, type DeadlineVerdict } from './deadline-verdict.js';
import { type ComplianceDeadlineRow, type ComplianceRecord, type ComplianceVoteRow } from './record.js';

/**
 * The compliance catalogue (docs/reports.md): what is late, missing or cured on a stored case,
 * judged by the same rules, timers and organisation settings that guard the transitions. Pure:
 * the record and the date come in as values. libs/reports stores what this finds.
 */

/** One breach found on a case: becomes (or matches) a row of `violations`, unique on (rule, step). */
export interface Finding {
  checkId: string;
  ruleId: RuleId;
  /** Named like the live engine names it: the deadline key for deadlines, 'ceremony' for the consent, else the event type. */
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

/** A (rule, step) the catalogue judged and found in order, with why: closes a violation opened earlier. */
export interface Cure {
  ruleId: RuleId;
  step: string;
  reason: Bilingual;
}

export interface AuditContext {
  today: LocalDate;
  /** The organisation's procedure settings (I-7); central values when not given. */
  settings?: OrgSettings;
}

export interface AuditOutcome {
  findings: Finding[];
  cures: Cure[];
}

export interface ComplianceCheck {
  id: string;
  ruleId: RuleId;
  title: Bilingual;
  /** What the check reads, for docs/reports.md and the API catalogue. */
  looksAt: string;
  /** Whether a violation at `step` of `ruleId` is this check's to open and to close. */
  owns(step: string): boolean;
  /** Steps listed in the catalogue (deadline checks own every key of their timer, e.g. `backgroundCheckAnswer:r1`). */
  steps: readonly string[];
  run(c: ComplianceRecord, ctx: Required<AuditContext>): AuditOutcome;
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

const eventDates = (c: ComplianceRecord, types: readonly string[]): LocalDate[] =>
  c.events.filter((e) => types.includes(e.type) && e.eventDate).map((e) => e.eventDate as LocalDate);

const firstEvent = (c: ComplianceRecord, types: readonly string[]): LocalDate | null => minOf(eventDates(c, types));

/** The date of the cell meeting that voted the admission (I-11 measuring date). */
export function cellAdmissionMeeting(c: ComplianceRecord): LocalDate | null {
  const fromFacts = c.facts?.evidence.cellResolution?.meetingDate;
  if (fromFacts) return fromFacts;
  const carried = c.votes.filter((v) => v.body === 'CELL' && v.motion === 'admit' && v.passed);
  return minOf(carried.map((v) => v.meetingDate)) ?? firstEvent(c, ['cell.admissionVoted']);
}

const ceremonyOf = (c: ComplianceRecord): LocalDate | null =>
  c.ceremonyDate ?? c.facts?.evidence.ceremony?.heldOn ?? firstEvent(c, ['ceremony.held']);

/** The upper committee's consent to a late ceremony, whenever recorded (before or after the ceremony). */
export function ceremonyConsentOn(c: ComplianceRecord): LocalDate | null {
  return minOf([...eventDates(c, ['ceremony.lateConsentRecorded']), c.facts?.evidence.ceremonyLateConsentOn]);
}

const finding = (check: Pick<ComplianceCheck, 'id' | 'ruleId'>, f: Omit<Finding, 'checkId' | 'ruleId'>): Finding => ({
  checkId: check.id,
  ruleId: check.ruleId,
  ...f,
});

const nothing = (): AuditOutcome => ({ findings: [], cures: [] });

// ---------------------------------------------------------------------------------------------
// Deadlines: each deadline row against the act that meets it (PROC-DEADLINES, judgeDeadlineAct).

interface DeadlineAct {
  timerId: TimerId;
  title: Bilingual;
  /** The act that meets the deadline row, on or after the deadline's start. */
  act(c: ComplianceRecord, row: ComplianceDeadlineRow): LocalDate | null;
  /** What cures a late act (the upper committee's consent for the ceremony). */
  cure?(c: ComplianceRecord): { on: LocalDate; what: Bilingual } | null;
}

const onOrAfter = (from: LocalDate, dates: (LocalDate | null | undefined)[]): LocalDate | null =>
  minOf(dates.filter((d) => d != null && d >= from));

/** The request id of a per-request deadline key (`backgroundCheckAnswer:<requestId>`). */
const keySuffix = (key: string): string | null => (key.includes(':') ? key.slice(key.indexOf(':') + 1) : null);

const CONSENT: Bilingual = { vi: 'Cấp ủy cấp trên đồng ý tổ chức lễ kết nạp muộn', en: 'The upper committee consented to the late ceremony' };

const DEADLINE_ACTS: readonly DeadlineAct[] = [
  {
    timerId: 'backgroundCheckAnswer',
    title: { vi: 'Trả lời thẩm tra lý lịch quá hạn', en: 'Background verification answer later than its deadline' },
    act: (c, row) => {
      const requestId = keySuffix(row.key);
      return onOrAfter(row.startDate, [
        ...c.events
          .filter((e) => e.type === 'backgroundCheck.answered' && (requestId === null || e.payload['requestId'] === requestId))
          .map((e) => e.eventDate),
        ...(c.facts?.evidence.checks ?? []).filter((k) => requestId === null || k.requestId === requestId).map((k) => k.answeredOn),
      ]);
    },
  },
  {
    timerId: 'admissionDecision',
    title: { vi: 'Quyết định kết nạp quá hạn', en: 'Admission decision later than its deadline' },
    act: (c, row) =>
      onOrAfter(row.startDate, [
        ...eventDates(c, ['decision.admissionSigned']),
        ...c.decisions.filter((d) => d.kind === 'admission').map((d) => d.signedOn),
        c.facts?.evidence.decision?.signedOn,
      ]),
  },
  {
    timerId: 'ceremony',
    title: { vi: 'Lễ kết nạp quá hạn', en: 'Ceremony later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, [...eventDates(c, ['ceremony.held']), c.ceremonyDate, c.facts?.evidence.ceremony?.heldOn]),
    cure: (c) => {
      const on = ceremonyConsentOn(c);
      return on ? { on, what: CONSENT } : null;
    },
  },
  {
    timerId: 'memberRecord',
    title: { vi: 'Lý lịch đảng viên nộp quá hạn', en: 'Member record filed later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, [...eventDates(c, ['memberRecord.filed']), c.facts?.evidence.memberRecordFiledOn]),
  },
  {
    timerId: 'cellRecognitionResolution',
    title: { vi: 'Nghị quyết chi bộ xét công nhận quá hạn', en: 'Cell recognition resolution later than its deadline' },
    act: (c, row) =>
      onOrAfter(row.startDate, [
        ...eventDates(c, ['cell.recognitionVoted']),
        ...c.votes.filter((v) => v.body === 'CELL' && v.motion !== 'admit').map((v) => v.meetingDate),
        c.facts?.evidence.recognitionCellResolution?.meetingDate,
      ]),
  },
  {
    timerId: 'recognitionDecision',
    title: { vi: 'Quyết định công nhận đảng viên chính thức quá hạn', en: 'Recognition decision later than its deadline' },
    act: (c, row) =>
      onOrAfter(row.startDate, [
        ...eventDates(c, ['decision.recognitionSigned', 'decision.removalSigned']),
        ...c.decisions.filter((d) => d.kind === 'recognition' || d.kind === 'removal').map((d) => d.signedOn),
        c.facts?.evidence.recognitionDecision?.signedOn,
        c.facts?.evidence.removalDecision?.signedOn,
      ]),
  },
  {
    timerId: 'transferForward',
    title: { vi: 'Chuyển hồ sơ sau khi chuyển sinh hoạt quá hạn', en: 'Dossier forwarded after a transfer later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, eventDates(c, ['transfer.dossierForwarded'])),
  },
  {
    timerId: 'transferDecide',
    title: { vi: 'Nơi đến quyết định sau khi chuyển sinh hoạt quá hạn', en: 'Destination decision after a transfer later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, eventDates(c, ['decision.admissionSigned'])),
  },
  {
    timerId: 'transferReview',
    title: { vi: 'Xem xét sai sót thủ tục sau khi chuyển quá hạn', en: 'Review of procedural defects after a transfer later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, eventDates(c, ['transfer.reviewCompleted'])),
  },
  {
    timerId: 'complaintResolution',
    title: { vi: 'Giải quyết khiếu nại quá hạn', en: 'Complaint resolved later than its deadline' },
    act: (c, row) => onOrAfter(row.startDate, eventDates(c, ['complaint.resolved'])),
  },
];

/** The timer part of a deadline key (`backgroundCheckAnswer:r1` → `backgroundCheckAnswer`). */
export const timerOfKey = (key: string): string => (key.includes(':') ? key.slice(0, key.indexOf(':')) : key);

const rowsOf = (c: ComplianceRecord, timerId: TimerId): ComplianceDeadlineRow[] =>
  c.deadlines.filter((d) => d.timerId === timerId || timerOfKey(d.key) === timerId);

/** The verdict on one deadline row of a case (exported for the re-audit's explanation and the tests). */
export function verdictFor(c: ComplianceRecord, row: ComplianceDeadlineRow, today: LocalDate): DeadlineVerdict | null {
  const spec = DEADLINE_ACTS.find((a) => a.timerId === row.timerId || a.timerId === timerOfKey(row.key));
  if (!spec) return null;
  return judgeDeadlineAct({
    dueDate: row.dueDate,
    extension: row.extendedTo ? { to: row.extendedTo, ...(row.extension ?? {}) } : null,
    status: row.status,
    actualDate: spec.act(c, row),
    today,
    cure: spec.cure?.(c) ?? null,
  });
}

const deadlineCheck = (spec: DeadlineAct): ComplianceCheck => {
  const check: ComplianceCheck = {
    id: `deadline.${spec.timerId}`,
    ruleId: 'PROC-DEADLINES',
    title: spec.title,
    looksAt: `deadlines rows of '${spec.timerId}' (the due date, or a valid extension recorded before it with a reason) against the act's date in case_events/decisions; overdue when the act is missing and today is past the limit${spec.cure ? '; cured by the upper committee’s consent' : ''}`,
    owns: (step) => timerOfKey(step) === spec.timerId,
    steps: [spec.timerId],
    run(c, { today }) {
      const out = nothing();
      for (const row of rowsOf(c, spec.timerId)) {
        const v = verdictFor(c, row, today);
        if (!v) continue;
        if (v.clearedBy) out.cures.push({ ruleId: 'PROC-DEADLINES', step: row.key, reason: v.clearedBy });
        if (!v.violation) continue;
        out.findings.push(
          finding(check, {
            step: row.key,
            responsible: row.responsible ?? TIMERS[spec.timerId].responsible,
            dueDate: v.limit,
            actualDate: v.actualDate,
            on: v.actualDate ?? v.limit!,
            reason: v.actualDate
              ? {
                  vi: `${spec.title.vi}: thực hiện ngày ${v.actualDate}, hạn ${v.limit}`,
                  en: `${spec.title.en}: done on ${v.actualDate}, due ${v.limit}`,
                }
              : { vi: `${spec.title.vi}: chưa thực hiện, hạn ${v.limit}`, en: `${spec.title.en}: not done, due ${v.limit}` },
            facts: {
              timerId: spec.timerId,
              key: row.key,
              start: row.startDate,
              due: v.limit,
              baseDue: v.baseDue,
              actual: v.actualDate,
              edition: row.edition,
              ...(v.extensionProblems.length ? { extensionProblems: v.extensionProblems } : {}),
            },
          }),
        );
      }
      return out;
    },
  };
  return check;
};

const ceremonyConsent: ComplianceCheck = {
  id: 'ceremony.consent',
  ruleId: 'PROC-CEREMONY-CONSENT',
  title: { vi: 'Lễ kết nạp muộn chưa có ý kiến đồng ý của cấp trên', en: 'Late ceremony without the upper committee’s consent' },
  looksAt: "the ceremony deadline (late or overdue) and the 'ceremony.lateConsentRecorded' event / evidence.ceremonyLateConsentOn",
  owns: (step) => step === 'ceremony',
  steps: ['ceremony'],
  run(c, { today }) {
    const out = nothing();
    for (const row of rowsOf(c, 'ceremony')) {
      const v = verdictFor(c, row, today);
      if (!v) continue;
      if (v.clearedBy) out.cures.push({ ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony', reason: v.clearedBy });
      if (!v.violation) continue;
      out.findings.push(
        finding(ceremonyConsent, {
          step: 'ceremony',
          responsible: 'CELL',
          dueDate: v.limit,
          actualDate: v.actualDate,
          on: v.actualDate ?? v.limit!,
          reason: {
            vi: 'Lễ kết nạp quá hạn mà chưa ghi nhận sự đồng ý của cấp ủy cấp trên',
            en: 'The ceremony is late and the upper committee’s consent is not recorded',
          },
          facts: { due: v.limit, heldOn: v.actualDate },
        }),
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Vote thresholds

interface VoteGroup {
  body: 'CELL' | 'BASE' | 'COMPETENT';
  motions: readonly ComplianceVoteRow['motion'][];
  ruleId: RuleId;
  step: string;
  /** The case went past this step: the next acts exist. */
  advanced(c: ComplianceRecord): boolean;
  /** Three failed votes send the matter to COMPETENT: no advancement breach then. */
  escalationExempt?: (facts: CaseFacts | null) => boolean;
}

const hasEvent = (c: ComplianceRecord, types: readonly string[]) => c.events.some((e) => types.includes(e.type));
const hasVote = (c: ComplianceRecord, body: string, motions: readonly string[]) =>
  c.votes.some((v) => v.body === body && motions.includes(v.motion));
const hasDecision = (c: ComplianceRecord, kinds: readonly string[], positive = false) =>
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
export function voteThreshold(v: Pick<ComplianceVoteRow, 'body' | 'eligible' | 'required'>): number {
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
    owns: (step) => step === g.step,
    steps: [g.step],
    run(c) {
      const votes = c.votes.filter((v) => v.body === g.body && g.motions.includes(v.motion));
      if (votes.length === 0) return nothing();
      const below = votes.find((v) => v.passed && v.for < voteThreshold(v));
      if (below) {
        const need = voteThreshold(below);
        return {
          cures: [],
          findings: [
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
          ],
        };
      }
      const carried = votes.some((v) => v.passed && v.for >= voteThreshold(v));
      if (carried || g.escalationExempt?.(c.facts) || !g.advanced(c)) return nothing();
      const last = votes[votes.length - 1]!;
      return {
        cures: [],
        findings: [
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
        ],
      };
    },
  };
  return check;
};

// ---------------------------------------------------------------------------------------------
// Snapshot-reading checks (CaseFacts from snapshot.context.facts)

const one = (f: Finding | null): AuditOutcome => ({ findings: f ? [f] : [], cures: [] });

const introducers: ComplianceCheck = {
  id: 'introducers.eligibility',
  ruleId: 'COND-INTRODUCERS',
  title: { vi: 'Người giới thiệu không đủ điều kiện', en: 'Introducer not eligible' },
  looksAt:
    'snapshot facts: evidence.introducers of kind member, at the cell admission meeting: memberStatus must be full; alongsideSince at least the organisation’s introducerAlongsideMonths before, unless replacementReason is recorded, variant.noPartyNearby, or a transfer (§6.1) preceded the introduction',
  owns: (step) => step === 'cell.admissionVoted',
  steps: ['cell.admissionVoted'],
  run(c, { settings }) {
    const f = c.facts;
    const at = cellAdmissionMeeting(c);
    if (!f || !at) return nothing();
    const months = settings.limits.introducerAlongsideMonths;
    const transferExempt = (date: LocalDate) => f.transfers.some((t) => t.clause === '6.1' && t.date <= date);
    const bad = f.evidence.introducers
      // The introducers standing at the meeting: replaced ones are inactive and no longer count.
      .filter((i) => i.kind === 'member' && i.date <= at && i.active !== false)
      .map((i) => {
        const problems: string[] = [];
        if (i.memberStatus !== 'full') problems.push('notFullMember');
        const exempt = i.replacementReason !== undefined || f.variant.noPartyNearby === true || transferExempt(i.date);
        if (!exempt && (!i.alongsideSince || fullMonthsBetween(i.alongsideSince, at) < months)) problems.push('lessThanAlongsideMonths');
        return { introducerId: i.introducerId, memberStatus: i.memberStatus ?? null, alongsideSince: i.alongsideSince ?? null, problems };
      })
      .filter((x) => x.problems.length > 0);
    if (bad.length === 0) return nothing();
    return one(
      finding(introducers, {
        step: 'cell.admissionVoted',
        responsible: 'CELL',
        dueDate: null,
        actualDate: at,
        on: at,
        reason: {
          vi: `Người giới thiệu chưa là đảng viên chính thức hoặc chưa cùng công tác, học tập, sinh sống đủ ${months} tháng, không có miễn trừ được ghi nhận`,
          en: `An introducer was not a full member or had not been alongside the candidate for ${months} months, with no recorded exemption`,
        },
        facts: { meetingDate: at, introducers: bad, limitMonths: months },
      }),
    );
  },
};

const helpers: ComplianceCheck = {
  id: 'helpers.fullMember',
  ruleId: 'PROC-HELPER',
  title: { vi: 'Đảng viên giúp đỡ không phải đảng viên chính thức', en: 'Helper not a full member' },
  looksAt:
    "snapshot facts: evidence.helpers; each must be a full member (stage 'sympathiser' → step sympathiser.listed, 'probation' → ceremony.held)",
  owns: (step) => step === 'sympathiser.listed' || step === 'ceremony.held',
  steps: ['sympathiser.listed', 'ceremony.held'],
  run(c) {
    const f = c.facts;
    if (!f) return nothing();
    const out = nothing();
    for (const stage of ['sympathiser', 'probation'] as const) {
      const bad = f.evidence.helpers.filter((h) => h.stage === stage && h.memberStatus !== 'full');
      if (bad.length === 0) continue;
      const on = minOf(bad.map((h) => h.assignedOn)) ?? bad[0]!.assignedOn;
      out.findings.push(
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

/** A rule of the rulebook at a date; null when the record lacks what it reads (never a guess). */
function ruleAt(id: RuleId, facts: CaseFacts, on: LocalDate, settings: OrgSettings): RuleResult | null {
  try {
    return evaluateRule(id, facts, on, settings, { phase: 'cellVote', eventType: 'cell.admissionVoted' });
  } catch {
    return null;
  }
}

/** A blocking condition of the cell vote, re-judged by its own rule at the meeting date (imported history). */
const conditionAtCellVote = (
  id: string,
  ruleId: 'COND-AWARENESS-CERT' | 'COND-DOSSIER-FRESH',
  title: Bilingual,
  looksAt: string,
  dueOf: (r: RuleResult) => LocalDate | null,
): ComplianceCheck => {
  const check: ComplianceCheck = {
    id,
    ruleId,
    title,
    looksAt,
    owns: (step) => step === 'cell.admissionVoted',
    steps: ['cell.admissionVoted'],
    run(c, { settings }) {
      const at = cellAdmissionMeeting(c);
      if (!c.facts || !at) return nothing();
      const r = ruleAt(ruleId, c.facts, at, settings);
      if (!r || r.passed || r.missing || r.notApplicable) return nothing();
      return one(
        finding(check, {
          step: 'cell.admissionVoted',
          responsible: 'CELL',
          dueDate: dueOf(r),
          actualDate: at,
          on: at,
          reason: r.reason ?? { vi: r.vi, en: r.en },
          facts: { meetingDate: at, ...r.facts },
        }),
      );
    },
  };
  return check;
};

const asDate = (v: unknown): LocalDate | null => (typeof v === 'string' ? v : null);

const awareness = conditionAtCellVote(
  'awareness.expired',
  'COND-AWARENESS-CERT',
  { vi: 'Giấy chứng nhận bồi dưỡng nhận thức quá hạn', en: 'Awareness certificate out of date' },
  'snapshot facts: evidence.awarenessCert judged by COND-AWARENESS-CERT (the organisation’s awarenessCertificateMonths) at the cell admission meeting date',
  (r) => asDate(r.facts['validThrough']),
);

const dossierFresh = conditionAtCellVote(
  'dossier.stale',
  'COND-DOSSIER-FRESH',
  { vi: 'Hồ sơ quá hạn không làm lại', en: 'Stale dossier not refreshed' },
  'snapshot facts: the dossier clock (I-5) judged by COND-DOSSIER-FRESH (the organisation’s dossierFreshnessMonths) at the cell admission meeting date',
  (r) => asDate(r.facts['freshThrough']),
);

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
export function stepDates(c: ComplianceRecord): Record<string, LocalDate> {
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
  owns: (step) => ORDER_STEPS.includes(step),
  steps: ORDER_STEPS,
  run(c) {
    const dates = stepDates(c);
    const byStep = new Map<string, { before: string; beforeDate: LocalDate; date: LocalDate }[]>();
    for (const [before, after] of ORDER) {
      const a = dates[before];
      const b = dates[after];
      if (a && b && b < a) byStep.set(after, [...(byStep.get(after) ?? []), { before, beforeDate: a, date: b }]);
    }
    return {
      cures: [],
      findings: [...byStep.entries()].map(([step, issues]) =>
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
      ),
    };
  },
};

const recognitionDate: ComplianceCheck = {
  id: 'recognition.date',
  ruleId: 'PROC-PROBATION-LENGTH',
  title: { vi: 'Ngày công nhận không đúng ngày hết dự bị', en: 'Recognition date not the end of probation' },
  looksAt:
    'cases.recognition_date (else evidence.recognitionDecision.effectiveOn) against the end of probation (probationEnd: ceremony date + the Charter’s probation, clamped at month end; §8, I-4)',
  owns: (step) => step === 'decision.recognitionSigned',
  steps: ['decision.recognitionSigned'],
  run(c) {
    const ceremony = ceremonyOf(c);
    const recognised = c.recognitionDate ?? c.facts?.evidence.recognitionDecision?.effectiveOn ?? null;
    const decided =
      hasDecision(c, ['recognition'], true) ||
      c.facts?.evidence.recognitionDecision !== undefined ||
      hasEvent(c, ['decision.recognitionSigned']);
    if (!ceremony || !recognised || !decided) return nothing();
    const expected = probationEnd(ceremony);
    if (recognised === expected) return nothing();
    return one(
      finding(recognitionDate, {
        step: 'decision.recognitionSigned',
        responsible: 'COMPETENT',
        dueDate: expected,
        actualDate: recognised,
        on: recognised,
        reason: {
          vi: `Ngày công nhận ${recognised} khác ngày hết dự bị ${expected}`,
          en: `Recognition date ${recognised} differs from the end of probation ${expected}`,
        },
        facts: { ceremonyDate: ceremony, recognitionDate: recognised, expected },
      }),
    );
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

/** The timers the deadline checks judge (every timer of kind 'deadline'). */
export const AUDITED_TIMERS: readonly TimerId[] = DEADLINE_ACTS.map((a) => a.timerId);

/**
 * Runs the whole catalogue on one case. Findings are unique on (rule, step): the first check in
 * catalogue order wins, like the table's unique key. Cures name what the checks judged in order
 * (an act on time, a late ceremony consented to), so a violation opened earlier closes with its reason.
 */
export function auditRecord(c: ComplianceRecord, ctx: AuditContext, checks: readonly ComplianceCheck[] = COMPLIANCE_CHECKS): AuditOutcome {
  const full: Required<AuditContext> = { today: ctx.today, settings: ctx.settings ?? c.settings ?? DEFAULT_ORG_SETTINGS };
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const cures: Cure[] = [];
  for (const check of checks) {
    const r = check.run(c, full);
    for (const f of r.findings) {
      const key = `${f.ruleId}|${f.step}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
    cures.push(...r.cures);
  }
  return { findings, cures: cures.filter((x) => !seen.has(`${x.ruleId}|${x.step}`)) };
}

/** The findings alone (kept for callers that only list breaches). */
export function runChecks(c: ComplianceRecord, today: LocalDate, settings?: OrgSettings): Finding[] {
  return auditRecord(c, settings ? { today, settings } : { today }).findings;
}

/** True when some check of the catalogue answers for (rule, step): only those a re-audit may open and close. */
export function ownedByCatalogue(ruleId: string, step: string, checks: readonly ComplianceCheck[] = COMPLIANCE_CHECKS): boolean {
  return checks.some((c) => c.ruleId === ruleId && c.owns(step));
}

/** True when the timer is one the deadline checks judge. */
export const isAuditedTimer = (timerId: string): boolean => isTimerId(timerId) && AUDITED_TIMERS.includes(timerId);
