import { addMonths } from '../dates.js';
import { type CaseEvent, type TimerId } from '../events/case-event.event.js';
import { type Body, type CaseFacts } from '../rules/case-facts.js';
import { probationEndOf } from '../rules/conditions.rule.js';
import { type Intent } from './admission.types.js';
import { type EventEvaluation } from './event-rules.js';

/** Whom an overdue timer escalates to (procedure.md §7 "When missed"). */
const ESCALATE: Record<TimerId, Body | undefined> = {
  backgroundCheckAnswer: 'BASE',
  awarenessCertValidity: undefined,
  dossierFreshness: undefined,
  admissionDecision: 'PROVINCE',
  ceremony: 'BASE',
  memberRecord: 'BASE',
  probationEnd: undefined,
  cellRecognitionResolution: 'BASE',
  recognitionDecision: 'PROVINCE',
  transferForward: 'PROVINCE',
  transferDecide: 'PROVINCE',
  transferReview: 'PROVINCE',
  removalComplaint: undefined,
  complaintResolution: 'PROVINCE',
};

const schedule = (timerId: TimerId, start: string, key: string = timerId, extra: Partial<Extract<Intent, { type: 'scheduleDeadline' }>> = {}): Intent => ({
  type: 'scheduleDeadline',
  timerId,
  start,
  key,
  ...extra,
});
const cancel = (key: string): Intent => ({ type: 'cancelDeadline', key });
const notify = (to: Body, template: string): Intent => ({ type: 'notify', to, template });

/**
 * The intents of an accepted event, computed from the facts before and after it. The machine
 * enqueues them as named actions; the application executes them after saving the snapshot.
 */
export function intentsFor(
  before: CaseFacts,
  after: CaseFacts,
  event: CaseEvent,
  openDeadlines: Readonly<Record<string, TimerId>>,
  evaluation: EventEvaluation,
): Intent[] {
  const out: Intent[] = [];
  const cancelIfOpen = (key: string) => {
    if (openDeadlines[key]) out.push(cancel(key));
  };
  /** The act the timer waits for is recorded, dated `on`: the deadline is met (on time or late). */
  const metIfOpen = (key: string, on: string) => {
    if (openDeadlines[key]) out.push({ type: 'cancelDeadline', key, metOn: on });
  };
  const cancelAll = () => Object.keys(openDeadlines).forEach((k) => out.push(cancel(k)));
  const b = before.evidence;
  const a = after.evidence;
  switch (event.type) {
    case 'awarenessCourse.certified':
      if (!a.cellResolution) out.push(schedule('awarenessCertValidity', event.issuedOn));
      break;
    case 'dossier.cleared':
      out.push(schedule('dossierFreshness', event.decisionDate));
      break;
    case 'application.filed':
      if (!b.clearedOn && !openDeadlines['dossierFreshness']) out.push(schedule('dossierFreshness', event.date));
      break;
    case 'dossier.renewed':
      cancelIfOpen('dossierFreshness');
      out.push(schedule('dossierFreshness', event.date), notify('BASE', 'dossierRenewed'));
      break;
    case 'backgroundCheck.requested':
      out.push(
        schedule('backgroundCheckAnswer', event.receivedOn ?? event.sentOn, `backgroundCheckAnswer:${event.requestId}`, {
          ...(event.abroad ? { variant: 'abroad' as const } : {}),
          ...(event.receivedOn ? {} : { estimated: true }),
        }),
      );
      break;
    case 'backgroundCheck.answered':
      metIfOpen(`backgroundCheckAnswer:${event.requestId}`, event.answeredOn);
      break;
    case 'cell.admissionVoted':
      if (evaluation.carried) {
        cancelIfOpen('awarenessCertValidity');
        cancelIfOpen('dossierFreshness');
        // A timer's length comes from the edition of the event that starts it: the cell resolution.
        out.push(schedule('admissionDecision', event.vote.meetingDate), notify('BASE', 'cellResolutionPassed'));
      } else out.push(notify('BASE', 'cellVoteFailed'));
      break;
    case 'subBase.appraised':
      out.push(notify('BASE', 'subBaseAppraised'));
      break;
    case 'base.admissionVoted':
      out.push(evaluation.carried ? notify('COMPETENT', 'baseResolutionPassed') : notify('CELL', 'baseVoteFailed'));
      break;
    case 'decision.admissionSigned':
      if (evaluation.carried) {
        metIfOpen('admissionDecision', event.signedOn);
        metIfOpen('transferDecide', event.signedOn);
        out.push(notify('CELL', 'admissionDecided'));
        if (event.receivedByCellOn) out.push(schedule('ceremony', event.receivedByCellOn));
      } else out.push(notify('CELL', 'admissionRefused'));
      break;
    case 'decision.receivedByCell':
      out.push(schedule('ceremony', event.receivedOn));
      break;
    case 'ceremony.held':
      metIfOpen('ceremony', event.heldOn);
      out.push(schedule('memberRecord', event.heldOn), schedule('probationEnd', event.heldOn), notify('BASE', 'ceremonyHeld'));
      break;
    case 'ceremony.lateConsentRecorded':
      out.push({ type: 'closeViolation', ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony' });
      break;
    case 'memberRecord.filed':
      metIfOpen('memberRecord', event.date);
      break;
    case 'recognition.selfReviewed':
      // Recorded before the worker fired probationEnd: the step opens now (I-4).
      if (openDeadlines['probationEnd']) {
        out.push(cancel('probationEnd'));
        out.push(schedule('cellRecognitionResolution', probationEndOf(after) ?? event.date));
      }
      break;
    case 'cell.recognitionVoted':
      if (evaluation.carried) {
        metIfOpen('cellRecognitionResolution', event.vote.meetingDate);
        out.push(schedule('recognitionDecision', event.vote.meetingDate), notify('BASE', 'recognitionResolutionPassed'));
      } else if (a.recognitionEscalated && !b.recognitionEscalated) {
        cancelIfOpen('cellRecognitionResolution');
        out.push(schedule('recognitionDecision', event.vote.meetingDate), notify('COMPETENT', 'recognitionEscalated'));
      } else out.push(notify('BASE', 'recognitionVoteFailed'));
      break;
    case 'base.recognitionVoted':
      if (evaluation.carried) out.push(notify('COMPETENT', 'recognitionBaseResolutionPassed'));
      else if (a.recognitionEscalated && !b.recognitionEscalated) out.push(notify('COMPETENT', 'recognitionEscalated'));
      else out.push(notify('CELL', 'recognitionBaseVoteFailed'));
      break;
    case 'decision.recognitionSigned':
      if (evaluation.carried) {
        metIfOpen('recognitionDecision', event.signedOn);
        cancelIfOpen('cellRecognitionResolution');
        out.push(notify('CELL', 'recognised'));
      } else out.push(notify('CELL', 'recognitionRefused'));
      break;
    case 'decision.removalSigned':
      if (evaluation.carried) {
        cancelIfOpen('recognitionDecision');
        cancelIfOpen('cellRecognitionResolution');
        cancelIfOpen('memberRecord');
        // A removal during probation (HD06 §4.6) ends it: the end of probation opens nothing any more.
        cancelIfOpen('probationEnd');
        out.push(notify('CELL', 'removedFromProbationaryList'));
        if (event.receivedOn) out.push(schedule('removalComplaint', event.receivedOn));
      } else out.push(notify('CELL', 'removalRefused'));
      break;
    case 'removal.decisionReceived':
      if (!openDeadlines['removalComplaint']) out.push(schedule('removalComplaint', event.receivedOn));
      break;
    case 'removal.complaintLodged':
      cancelIfOpen('removalComplaint');
      out.push(schedule('complaintResolution', event.receivedOn, 'complaintResolution', event.level === 'central' ? { variant: 'central' } : {}));
      break;
    case 'complaint.resolved':
      metIfOpen('complaintResolution', event.date);
      out.push(notify('CANDIDATE', `complaint${event.outcome === 'upheld' ? 'Upheld' : 'Rejected'}`));
      if (event.outcome === 'upheld') out.push(schedule('recognitionDecision', event.date));
      break;
    case 'decision.cancelled':
      cancelAll();
      out.push(notify('CELL', event.defect === 'substantive' ? 'decisionCancelledNameRemoved' : 'decisionCancelledRedo'));
      break;
    case 'transfer.recorded': {
      const clause = after.transfers.at(-1)?.clause;
      if (clause === '6.3') {
        cancelIfOpen('admissionDecision');
        out.push(schedule('transferForward', event.date));
      }
      if (clause === '6.4' && b.decision && !a.decision) {
        // The issuing committee cancels; the destination decides afresh (§6.4).
        cancelIfOpen('ceremony');
        out.push(schedule('transferDecide', event.date));
      }
      out.push(notify('CELL', 'transferRecorded'));
      break;
    }
    case 'transfer.dossierForwarded':
      metIfOpen('transferForward', event.date);
      out.push(schedule('transferDecide', event.receivedOn));
      break;
    case 'transfer.reviewRequested':
      out.push(schedule('transferReview', event.date));
      break;
    case 'transfer.reviewCompleted':
      metIfOpen('transferReview', event.date);
      break;
    case 'sympathiser.removed':
    case 'case.withdrawn':
    case 'case.notAdmitted':
      cancelAll();
      break;
    case 'deadline.fired': {
      const step = event.key ?? event.timerId;
      if (event.timerId === 'probationEnd') {
        out.push(schedule('cellRecognitionResolution', event.dueDate), notify('CELL', 'probationEnded'));
      } else if (event.timerId === 'awarenessCertValidity') out.push(notify('CELL', 'awarenessCertificateExpired'));
      else if (event.timerId === 'dossierFreshness') out.push(notify('CELL', 'dossierStale'));
      else if (event.timerId === 'removalComplaint') out.push(notify('CANDIDATE', 'complaintWindowClosed'));
      else {
        out.push({ type: 'openViolation', ruleId: 'PROC-DEADLINES', step });
        const to = ESCALATE[event.timerId];
        if (to) out.push(notify(to, `${event.timerId}Overdue`));
        if (event.timerId === 'ceremony') out.push({ type: 'openViolation', ruleId: 'PROC-CEREMONY-CONSENT', step: 'ceremony' });
      }
      break;
    }
    case 'case.imported': {
      const stage = event.stage;
      if (['sympathiser', 'dossier', 'awaitingCellVote'].includes(stage)) {
        if (a.awarenessCert) out.push(schedule('awarenessCertValidity', a.awarenessCert.issuedOn));
        const clock = a.clearedOn ?? a.applicationOn;
        if (clock) out.push(schedule('dossierFreshness', clock));
      }
      if (['awaitingBaseVote', 'awaitingDecision'].includes(stage) && a.cellResolution) out.push(schedule('admissionDecision', a.cellResolution.meetingDate));
      if (stage === 'awaitingCeremony' && a.decision?.receivedOn) out.push(schedule('ceremony', a.decision.receivedOn));
      if (stage === 'probation' && a.ceremony) {
        out.push(schedule('probationEnd', a.ceremony.heldOn));
        if (!a.memberRecordFiledOn) out.push(schedule('memberRecord', a.ceremony.heldOn));
      }
      if (stage === 'recognition' && a.ceremony) out.push(schedule('cellRecognitionResolution', addMonths(a.ceremony.heldOn, 12)));
      break;
    }
    default:
      break;
  }
  for (const r of evaluation.flags) {
    // Steps are named like the timer for deadline violations, so the worker and the act open the same one.
    const step = r.id === 'PROC-DEADLINES' ? String(r.facts['key']) : r.id === 'PROC-CEREMONY-CONSENT' ? 'ceremony' : event.type;
    const intent: Intent = { type: 'openViolation', ruleId: r.id, step };
    if (r.reason ?? r.flag) intent.reason = (r.reason ?? r.flag)!;
    out.push(intent);
  }
  return out;
}

/** Open deadlines after the intents ran. */
export function applyDeadlineIntents(open: Readonly<Record<string, TimerId>>, intents: readonly Intent[], fired?: string): Record<string, TimerId> {
  const next: Record<string, TimerId> = { ...open };
  if (fired) delete next[fired];
  for (const i of intents) {
    if (i.type === 'scheduleDeadline') next[i.key] = i.timerId;
    if (i.type === 'cancelDeadline') delete next[i.key];
  }
  return next;
}
