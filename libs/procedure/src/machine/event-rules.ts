import { type LocalDate } from '../dates.js';
import { type CaseEvent, type CaseEventOf, type CaseEventType, eventDate, type TimerId } from '../events/case-event.event.js';
import { type CaseFacts } from '../rules/case-facts.js';
import { probationEndOf } from '../rules/conditions.rule.js';
import { type RuleSubject } from '../rules/define-rule.js';
import { type OrgSettings } from '../rules/org-settings.js';
import { evaluateRule } from '../rules/rulebook.js';
import { type Bilingual, type RuleId, type RuleResult } from '../rules/rule.types.js';
import { type EngineEnv } from './admission.types.js';
import { dateProblems } from './date-order.js';
import { recordEvent } from './record-event.js';

type Phase = RuleSubject['phase'];

/** Which rules an event is checked against. */
export interface EventRuleSpec {
  /** Blocking rules: any failure refuses the event. */
  guards: readonly RuleId[];
  /** The vote threshold: a failure is recorded and the case stays where it is. */
  vote?: 'PROC-CELL-VOTE' | 'PROC-BASE-VOTE' | 'PROC-COMPETENT-VOTE';
  /** Flagging rules: a failure is recorded as an open violation. */
  flags?: readonly RuleId[];
  phase?: Phase;
  /** The measuring date when it is not the act's own date (criteria: the cell meeting, I-11). */
  measuredAt?: (facts: CaseFacts, event: CaseEvent) => LocalDate;
  /** Judge the facts before the event (the event itself removes what the rule looks at). */
  onFactsBefore?: boolean;
  /** The deadline this act closes (PROC-DEADLINES compares the act's date with its due date). */
  closes?: (facts: CaseFacts, event: CaseEvent) => { key: string; timerId: TimerId } | undefined;
}

const ADMISSION_CHECKS: readonly RuleId[] = [
  'CRIT-AGE',
  'CRIT-EDUCATION',
  'CRIT-POLITICAL',
  'CRIT-CITIZEN',
  'COND-AWARENESS-CERT',
  'COND-APPLICATION',
  'COND-BACKGROUND',
  'COND-INTRODUCERS',
  'COND-DOSSIER-FRESH',
  'COND-OPINIONS',
  'COND-ADMISSION-DOSSIER',
  'COND-READMISSION',
  'COND-SPECIAL-CATEGORY',
  'PROC-TRANSFER',
];

const DECISION_CHECKS: readonly RuleId[] = [
  'CRIT-POLITICAL',
  'COND-ADMISSION-DOSSIER',
  'COND-PROVINCE-CONSENT',
  'COND-SPECIAL-CATEGORY',
  'PROC-COMPETENT-BODY',
  'PROC-TRANSFER',
];

const closesTimer = (timerId: TimerId) => (): { key: string; timerId: TimerId } => ({ key: timerId, timerId });
const record: EventRuleSpec = { guards: [] };

/** The rules each event is checked against (the guards of its transitions). */
export const EVENT_RULES: Readonly<Record<CaseEventType, EventRuleSpec>> = {
  'sympathiser.listed': { guards: ['PROC-HELPER'] },
  'sympathiser.removed': record,
  'helper.assigned': { guards: ['PROC-HELPER'] },
  'awarenessCourse.certified': record,
  'dossier.cleared': { guards: ['PROC-TRANSFER'] },
  'application.filed': { guards: ['COND-APPLICATION'] },
  'background.declared': record,
  'backgroundCheck.requested': record,
  'backgroundCheck.answered': {
    guards: [],
    flags: ['PROC-DEADLINES'],
    closes: (_f, e) => ({ key: `backgroundCheckAnswer:${(e as CaseEventOf<'backgroundCheck.answered'>).requestId}`, timerId: 'backgroundCheckAnswer' }),
  },
  'background.certified': { guards: ['COND-BACKGROUND'] },
  'politicalIssue.concluded': record,
  'introduction.memberRecorded': { guards: ['COND-INTRODUCERS'], phase: 'record' },
  'introduction.youthUnionResolved': record,
  'introduction.tradeUnionResolved': record,
  'introducer.replaced': { guards: ['COND-INTRODUCERS'], phase: 'record' },
  'opinions.consolidated': { guards: ['COND-OPINIONS'] },
  'dossier.renewed': record,
  'dossier.localDocumentFiled': record,
  'cell.admissionVoted': { guards: ADMISSION_CHECKS, vote: 'PROC-CELL-VOTE', phase: 'cellVote' },
  'subBase.appraised': record,
  'base.admissionVoted': { guards: [], vote: 'PROC-BASE-VOTE', phase: 'baseVote' },
  'decision.admissionSigned': {
    guards: DECISION_CHECKS,
    vote: 'PROC-COMPETENT-VOTE',
    phase: 'decision',
    flags: ['PROC-DEADLINES'],
    closes: (f) => (f.transfers.at(-1)?.clause === '6.3' ? { key: 'transferDecide', timerId: 'transferDecide' } : { key: 'admissionDecision', timerId: 'admissionDecision' }),
  },
  'decision.receivedByCell': record,
  'case.notAdmitted': record,
  'case.withdrawn': record,
  'ceremony.held': { guards: ['PROC-HELPER', 'PROC-TRANSFER'], flags: ['PROC-DEADLINES', 'PROC-CEREMONY-CONSENT'], closes: closesTimer('ceremony') },
  'ceremony.lateConsentRecorded': record,
  'memberRecord.filed': { guards: [], flags: ['PROC-DEADLINES'], closes: closesTimer('memberRecord') },
  'newMemberCourse.certified': record,
  'recognition.selfReviewed': { guards: ['COND-SELF-REVIEW-AFTER-END'] },
  'recognition.helperAssessed': record,
  'recognition.opinionsConsolidated': record,
  'cell.recognitionVoted': {
    guards: ['PROC-PROBATION-LENGTH', 'COND-RECOGNITION-DOSSIER', 'PROC-TRANSFER'],
    vote: 'PROC-CELL-VOTE',
    phase: 'cellVote',
    flags: ['PROC-DEADLINES'],
    closes: closesTimer('cellRecognitionResolution'),
  },
  'base.recognitionVoted': { guards: [], vote: 'PROC-BASE-VOTE', phase: 'baseVote' },
  'decision.recognitionSigned': {
    guards: ['PROC-PROBATION-LENGTH', 'COND-NEW-MEMBER-CERT', 'COND-SELF-REVIEW-AFTER-END', 'COND-RECOGNITION-DOSSIER', 'PROC-COMPETENT-BODY'],
    vote: 'PROC-COMPETENT-VOTE',
    phase: 'decision',
    flags: ['PROC-DEADLINES'],
    closes: closesTimer('recognitionDecision'),
  },
  'decision.removalSigned': {
    guards: ['COND-RECOGNITION-DOSSIER', 'PROC-COMPETENT-BODY'],
    vote: 'PROC-COMPETENT-VOTE',
    phase: 'decision',
    flags: ['PROC-DEADLINES'],
    closes: closesTimer('recognitionDecision'),
  },
  'removal.decisionReceived': record,
  'removal.complaintLodged': record,
  'complaint.resolved': { guards: [], flags: ['PROC-DEADLINES'], closes: closesTimer('complaintResolution') },
  'decision.cancelled': { guards: ['PROC-CANCELLATION'], onFactsBefore: true },
  'transfer.recorded': record,
  'transfer.dossierForwarded': { guards: [], flags: ['PROC-DEADLINES'], closes: closesTimer('transferForward') },
  'transfer.reviewRequested': record,
  'transfer.reviewCompleted': { guards: [], flags: ['PROC-DEADLINES'], closes: closesTimer('transferReview') },
  'consent.provinceRecorded': record,
  'attestation.recorded': record,
  'specialCategory.evidenceRecorded': record,
  'deadline.fired': record,
  'case.imported': record,
};

const need = (vi: string, en: string): Bilingual => ({ vi, en });

/** Prerequisites a stage alone cannot express (PROC-ORDER): what must be recorded, and date order. */
export function prerequisites(facts: CaseFacts, event: CaseEvent, openDeadlines: Readonly<Record<string, TimerId>>): Bilingual[] {
  const e = facts.evidence;
  const missing: Bilingual[] = [];
  // Dates before the acts they depend on are PROC-DATES (date-order.ts), not an order problem.
  const lastAdmissionVote = facts.votes.filter((v) => v.stage === 'admission').at(-1);
  switch (event.type) {
    case 'dossier.cleared':
      if (!e.awarenessCert) missing.push(need('Chưa có giấy chứng nhận lớp nhận thức về Đảng', 'No awareness-course certificate yet'));
      break;
    case 'backgroundCheck.answered':
      if (!e.checks.some((c) => c.requestId === event.requestId))
        missing.push(need(`Không có yêu cầu thẩm tra ${event.requestId}`, `No verification request ${event.requestId}`));
      break;
    case 'introducer.replaced':
      if (!e.introducers.some((i) => i.active && i.introducerId === event.replacedIntroducerId))
        missing.push(need(`Không có người giới thiệu ${event.replacedIntroducerId}`, `No active introducer ${event.replacedIntroducerId}`));
      break;
    case 'cell.admissionVoted':
      if (event.vote.motion !== 'admit') missing.push(need('Nghị quyết chi bộ phải là đề nghị kết nạp', 'The cell resolution must be on admission'));
      break;
    case 'base.admissionVoted':
      if (event.vote.motion !== 'admit') missing.push(need('Phải là biểu quyết kết nạp', 'The vote must be on admission'));
      break;
    case 'decision.admissionSigned':
      if (event.vote.motion !== 'admit') missing.push(need('Phải là biểu quyết kết nạp', 'The vote must be on admission'));
      break;
    case 'ceremony.held':
      if (!e.decision?.receivedOn) missing.push(need('Chi bộ chưa nhận quyết định kết nạp', 'The cell has not received the decision'));
      if (!event.oathRead) missing.push(need('Đảng viên mới phải đọc lời tuyên thệ', 'The new member must read the oath'));
      break;
    case 'case.notAdmitted': {
      const last = lastAdmissionVote;
      if (!last || last.carried || (last.body === 'CELL' && e.cellResolution) || (last.body === 'BASE' && e.baseResolution))
        missing.push(need('Chỉ kết luận không kết nạp sau một lần biểu quyết không đạt', 'Not admitted only follows a failed vote'));
      break;
    }
    case 'cell.recognitionVoted':
    case 'base.recognitionVoted':
      if (event.vote.motion === 'admit') missing.push(need('Phải biểu quyết công nhận hoặc xóa tên', 'The vote must be to recognise or to remove'));
      if (event.type === 'base.recognitionVoted') {
        if (e.recognitionMotion && event.vote.motion !== e.recognitionMotion)
          missing.push(need('Nội dung biểu quyết khác nghị quyết chi bộ', 'The motion differs from the cell resolution'));
      }
      break;
    case 'decision.recognitionSigned':
    case 'decision.removalSigned': {
      const wanted = event.type === 'decision.recognitionSigned' ? 'recognise' : 'remove';
      if (!e.recognitionEscalated && e.recognitionMotion !== wanted)
        missing.push(need('Quyết định khác đề nghị của chi bộ, đảng ủy', 'The decision differs from the lower resolutions'));
      if (event.vote.motion !== wanted) missing.push(need('Nội dung biểu quyết không khớp quyết định', 'The motion does not match the decision'));
      break;
    }
    case 'transfer.reviewRequested':
    case 'transfer.reviewCompleted':
      if (facts.transfers.length === 0) missing.push(need('Chưa có chuyển sinh hoạt', 'No transfer recorded'));
      break;
    case 'deadline.fired': {
      const key = event.key ?? event.timerId;
      if (openDeadlines[key] !== event.timerId) missing.push(need(`Thời hạn ${key} không còn mở`, `Deadline ${key} is not open`));
      break;
    }
    case 'case.imported':
      if (facts.votes.length > 0 || e.sympathiserListedOn) missing.push(need('Chỉ nhập khi hồ sơ chưa có bước nào', 'Import only starts a case'));
      break;
    default:
      break;
  }
  return missing;
}

/** The measuring date of the event's rules. */
function measuringDate(spec: EventRuleSpec, facts: CaseFacts, event: CaseEvent): LocalDate {
  return spec.measuredAt ? spec.measuredAt(facts, event) : eventDate(event);
}

export interface EventEvaluation {
  results: RuleResult[];
  /** Blocking failures: the event is refused. */
  refusals: RuleResult[];
  /** For vote events: whether the motion carried. */
  carried?: boolean;
  /** Accepted but flagged: compliance violations to open. */
  flags: RuleResult[];
}

function subjectFor(event: CaseEvent, spec: EventRuleSpec): RuleSubject {
  const subject: RuleSubject = { eventType: event.type, actDate: eventDate(event) };
  if (spec.phase) subject.phase = spec.phase;
  if ('vote' in event) subject.vote = event.vote;
  if ('decidedBy' in event && event.type !== 'decision.cancelled') subject.decidedBy = event.decidedBy;
  if ('helper' in event) subject.helper = event.helper;
  if (event.type === 'ceremony.held' && event.organisationId) subject.ceremonyOrganisationId = event.organisationId;
  if (event.type === 'decision.cancelled') {
    subject.cancellation = {
      defect: event.defect,
      proposedBy: event.proposedBy,
      decidedBy: event.decidedBy,
      ...(event.redoFrom ? { redoFrom: event.redoFrom } : {}),
      ...(event.higherConsentOn ? { higherConsentOn: event.higherConsentOn } : {}),
    };
  }
  return subject;
}

/**
 * Evaluates an event against the rules that guard it, on the facts as they would be after it.
 * `stateAccepts` says whether the current stage has a transition for the event type.
 */
export function evaluateEvent(
  facts: CaseFacts,
  event: CaseEvent,
  env: EngineEnv,
  openDeadlines: Readonly<Record<string, TimerId>> = {},
  stateAccepts = true,
): EventEvaluation {
  const spec = EVENT_RULES[event.type];
  const on = measuringDate(spec, facts, event);
  const order = evaluateRule('PROC-ORDER', facts, on, env.settings, {
    eventType: event.type,
    stateAccepts,
    missingPrerequisites: stateAccepts ? prerequisites(facts, event, openDeadlines) : [],
  });
  if (!order.passed) return { results: [order], refusals: [order], flags: [] };
  // PROC-DATES is judged with every other rule: a refusal lists all that is unmet at once.
  const dates = evaluateRule('PROC-DATES', facts, on, env.settings, { eventType: event.type, dateProblems: dateProblems(facts, event, env.today) });
  if (event.type === 'case.imported') {
    // Imported history is audited, never guarded.
    const audited = auditCase(recordEvent(facts, event), env.settings);
    return { results: [order, ...audited], refusals: [], flags: audited.filter((r) => !r.passed && !r.notApplicable) };
  }
  const draft = spec.onFactsBefore ? facts : recordEvent(facts, event);
  const subject = subjectFor(event, spec);
  const results: RuleResult[] = [order, dates];
  for (const id of spec.guards) results.push(evaluateRule(id, draft, on, env.settings, subject));
  const refusals = results.filter((r) => r.blocking && !r.passed);
  let carried: boolean | undefined;
  const flags: RuleResult[] = [];
  if (spec.vote) {
    const v = evaluateRule(spec.vote, facts, on, env.settings, subject);
    results.push(v);
    if (v.invalidRecord) refusals.push(v);
    carried = v.passed;
    if (v.flag) flags.push(v);
  }
  const closes = spec.closes?.(facts, event);
  for (const id of spec.flags ?? []) {
    const deadlineSubject: RuleSubject = { ...subject };
    if (closes) {
      const due = env.dueDates?.[closes.key];
      deadlineSubject.deadline = due ? { ...closes, dueDate: due } : closes;
    }
    const r = evaluateRule(id, draft, on, env.settings, deadlineSubject);
    results.push(r);
    if (!r.passed) flags.push(r);
  }
  return carried === undefined ? { results, refusals, flags } : { results, refusals, carried, flags };
}

/**
 * Re-checks a whole case from its recorded facts, each rule at the date of the step it guards.
 * Used to audit imported history and to prove that a full member passed every blocking rule.
 */
export function auditCase(facts: CaseFacts, settings: OrgSettings): RuleResult[] {
  const e = facts.evidence;
  const out: RuleResult[] = [];
  const run = (id: RuleId, on: LocalDate, subject: RuleSubject = {}) => out.push(evaluateRule(id, facts, on, settings, subject));
  if (e.cellResolution) {
    const at = e.cellResolution.meetingDate;
    for (const id of ADMISSION_CHECKS) run(id, at, { phase: 'cellVote', eventType: 'cell.admissionVoted' });
    run('PROC-CELL-VOTE', at, { vote: e.cellResolution });
  }
  if (e.baseResolution) run('PROC-BASE-VOTE', e.baseResolution.meetingDate, { vote: e.baseResolution });
  if (e.decision) {
    const at = e.decision.signedOn;
    for (const id of DECISION_CHECKS.filter((r) => r !== 'PROC-TRANSFER')) run(id, at, { phase: 'decision', decidedBy: e.decision.decidedBy });
  }
  if (e.ceremony) run('PROC-HELPER', e.ceremony.heldOn);
  if (e.recognitionCellResolution) {
    const at = e.recognitionCellResolution.meetingDate;
    run('PROC-PROBATION-LENGTH', at);
    run('COND-RECOGNITION-DOSSIER', at, { phase: 'cellVote', vote: e.recognitionCellResolution });
    run('PROC-CELL-VOTE', at, { vote: e.recognitionCellResolution });
  }
  if (e.recognitionDecision) {
    const at = e.recognitionDecision.signedOn;
    run('PROC-PROBATION-LENGTH', at);
    run('COND-NEW-MEMBER-CERT', at);
    run('COND-SELF-REVIEW-AFTER-END', at);
    run('PROC-COMPETENT-BODY', at, { decidedBy: e.recognitionDecision.decidedBy });
  }
  return out;
}

/** The recognition date (I-4) once a ceremony is recorded. */
export function recognitionDateOf(facts: CaseFacts): LocalDate | undefined {
  return probationEndOf(facts);
}

