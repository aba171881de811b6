import { assign, enqueueActions, setup } from 'xstate';
import { type CaseEvent, type CaseEventType, eventDate, type ImportStage, type RedoPoint, type TimerId } from '../events/case-event.event.js';
import { type CaseFacts, emptyEvidence } from '../rules/case-facts.js';
import { introductionsComposed } from '../rules/conditions.rule.js';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../rules/org-settings.js';
import { type AdmissionContext, type AdmissionInput, type EngineEnv, type Intent, MACHINE_VERSION, type MachineEvent } from './admission.types.js';
import { type EventEvaluation, evaluateEvent } from './event-rules.js';
import { applyDeadlineIntents, intentsFor } from './intents.js';
import { FAILED_VOTES_BEFORE_ESCALATION, failedVotes, recordEvent } from './record-event.js';

/** The event without the env the engine attaches to it. */
export function caseEventOf(event: MachineEvent): CaseEvent {
  const { env: _env, ...rest } = event;
  return rest as CaseEvent;
}

export function envOf(event: MachineEvent): EngineEnv {
  return event.env ?? { asOf: eventDate(caseEventOf(event)), settings: DEFAULT_ORG_SETTINGS };
}

// Several guarded transitions may look at one event: evaluate it once per (event, context).
const evaluations = new WeakMap<object, WeakMap<object, EventEvaluation>>();

export function evaluationOf(context: AdmissionContext, event: MachineEvent): EventEvaluation {
  let byContext = evaluations.get(event);
  if (!byContext) evaluations.set(event, (byContext = new WeakMap()));
  let found = byContext.get(context);
  if (!found) {
    found = evaluateEvent(context.facts, caseEventOf(event), envOf(event), context.openDeadlines, true);
    byContext.set(context, found);
  }
  return found;
}

const intentCache = new WeakMap<object, WeakMap<object, { facts: CaseFacts; intents: Intent[] }>>();

/** The facts after the event and its intents, computed once per (event, context). */
function stepOf(context: AdmissionContext, event: MachineEvent): { facts: CaseFacts; intents: Intent[] } {
  let byContext = intentCache.get(event);
  if (!byContext) intentCache.set(event, (byContext = new WeakMap()));
  let found = byContext.get(context);
  if (!found) {
    const ev = caseEventOf(event);
    const facts = recordEvent(context.facts, ev);
    found = { facts, intents: intentsFor(context.facts, facts, ev, context.openDeadlines, evaluationOf(context, event)) };
    byContext.set(context, found);
  }
  return found;
}

const intentsOf = (context: AdmissionContext, event: MachineEvent): Intent[] => stepOf(context, event).intents;

export type DossierPart = 'application' | 'declaration' | 'verification' | 'introductions' | 'opinions';

function dossierPartDone(facts: CaseFacts, part: DossierPart, settings: OrgSettings): boolean {
  const e = facts.evidence;
  switch (part) {
    case 'application':
      return e.applicationOn !== undefined;
    case 'declaration':
      return e.declarationOn !== undefined;
    case 'verification':
      return e.backgroundCertified !== undefined;
    case 'opinions':
      return e.opinions !== undefined;
    case 'introductions': {
      // Eventless transitions may run on internal events: measure at the last introduction.
      const dates = e.introducers.filter((i) => i.active).map((i) => i.date);
      return dates.length > 0 && introductionsComposed(facts, dates.sort().at(-1)!, settings);
    }
  }
}

const allowed = (context: AdmissionContext, event: MachineEvent) => evaluationOf(context, event).refusals.length === 0;
const outcome = (context: AdmissionContext, event: MachineEvent) => (allowed(context, event) ? evaluationOf(context, event).carried : undefined);

export function initialContext(input: AdmissionInput): AdmissionContext {
  return {
    machineVersion: MACHINE_VERSION,
    facts: {
      caseId: input.caseId,
      person: input.person,
      org: input.organisation,
      variant: input.variant ?? {},
      evidence: { ...emptyEvidence(), identifiedOn: input.identifiedOn },
      votes: [],
      transfers: [],
    },
    openDeadlines: {},
    settings: DEFAULT_ORG_SETTINGS,
  };
}

const ACTIONS = ['emitIntents', 'record'] as const;

/** Shown on the checklist: the step that moves the case on from a stage. */
export interface StageMeta {
  nextStep?: CaseEventType;
  vi: string;
  en: string;
  /**
   * A terminal stage: reaching it closes the case with this outcome (status, outcome, closedOn).
   * A closed case still takes the events its terminal stage lists (AFTER_CLOSE_EVENTS), nothing else.
   */
  outcome?: CaseOutcome;
}

/** How a case ends (the terminal stages of procedure.md §3 and its Exits). */
export const CASE_OUTCOMES = ['fullMember', 'notAdmitted', 'withdrawn', 'removedFromSympathiserList', 'cancelled', 'removed'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/**
 * What the texts still allow after the end (issue 16; procedure.md §6.5, QĐ294 §4.4 "kết nạp người vào
 * Đảng và công nhận đảng viên chính thức sai quy định"): the cancellation of a wrongful admission or
 * recognition, by the committee that may cancel it. No further step of the path.
 */
export const AFTER_CLOSE_EVENTS: readonly CaseEventType[] = ['decision.cancelled'];

const ADMISSION_REDO = ['application', 'backgroundDeclaration', 'backgroundCheck', 'introductions', 'opinions'] as const;

/** Cancelling a wrongful admission decision: name removed, or only the faulty steps redone (§6.5). */
const CANCEL_ADMISSION = [
  { guard: 'cancelSubstantive', target: '#admission.cancelled', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ADMISSION_REDO } }, target: '#admission.candidacy.dossier', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['cellResolution'] } }, target: '#admission.candidacy.awaitingCellVote', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['subBaseAppraisal'] } }, target: '#admission.candidacy.subBaseAppraisal', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['baseResolution'] } }, target: '#admission.candidacy.awaitingBaseVote', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['decision'] } }, target: '#admission.candidacy.awaitingDecision', actions: ACTIONS },
] as const;

/** Cancelling a wrongful recognition (found after the case closed): name removed, or the recognition steps redone. */
const CANCEL_RECOGNITION = [
  ...CANCEL_ADMISSION,
  { guard: { type: 'cancelRedo', params: { points: ['recognitionCellResolution'] } }, target: '#admission.membership.recognition.preparing', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['recognitionBaseResolution'] } }, target: '#admission.membership.recognition.awaitingBaseVote', actions: ACTIONS },
  { guard: { type: 'cancelRedo', params: { points: ['recognitionDecision'] } }, target: '#admission.membership.recognition.awaitingDecision', actions: ACTIONS },
] as const;

export const admissionMachine = setup({
  types: {} as { context: AdmissionContext; events: MachineEvent; input: AdmissionInput },
  guards: {
    allowed: ({ context, event }) => allowed(context, event),
    carried: ({ context, event }) => outcome(context, event) === true,
    notCarried: ({ context, event }) => outcome(context, event) === false,
    carriedRemoval: ({ context, event }) => event.type === 'cell.recognitionVoted' && event.vote.motion === 'remove' && outcome(context, event) === true,
    escalates: ({ context, event }) => {
      if (outcome(context, event) !== false) return false;
      const body = event.type === 'base.recognitionVoted' ? 'BASE' : 'CELL';
      return failedVotes(context.facts, body, 'recognition') + 1 >= FAILED_VOTES_BEFORE_ESCALATION;
    },
    hasSubBase: ({ context }) => context.facts.org.hasSubBase,
    isBaseCell: ({ context }) => context.facts.org.isBaseCell,
    dossierPart: ({ context }, params: { part: DossierPart }) => dossierPartDone(context.facts, params.part, context.settings),
    importStage: ({ context, event }, params: { stage: ImportStage; certified?: boolean; received?: boolean }) =>
      event.type === 'case.imported' &&
      event.stage === params.stage &&
      (params.certified === undefined || params.certified === (event.evidence.awarenessCertIssuedOn !== undefined)) &&
      (params.received === undefined || params.received === (event.evidence.decision?.receivedOn !== undefined)) &&
      allowed(context, event),
    firedTimer: ({ context, event }, params: { timerId: TimerId }) => event.type === 'deadline.fired' && event.timerId === params.timerId && allowed(context, event),
    transferSentToCompetent: ({ context, event }) => event.type === 'transfer.recorded' && event.dossierSentToCompetent === true && allowed(context, event),
    transferFreshDecision: ({ context, event }) =>
      event.type === 'transfer.recorded' && event.freshDecisionRequired === true && event.sameDecidingCommittee !== true && allowed(context, event),
    cancelSubstantive: ({ context, event }) => event.type === 'decision.cancelled' && event.defect === 'substantive' && allowed(context, event),
    cancelRedo: ({ context, event }, params: { points: readonly RedoPoint[] }) =>
      event.type === 'decision.cancelled' && event.defect === 'procedural' && event.redoFrom !== undefined && params.points.includes(event.redoFrom) && allowed(context, event),
    complaintUpheld: ({ context, event }) => event.type === 'complaint.resolved' && event.outcome === 'upheld' && allowed(context, event),
  },
  actions: {
    // Intents: no-ops here; the application reads them from transition() and executes them.
    scheduleDeadline: (_, _params: Extract<Intent, { type: 'scheduleDeadline' }>) => undefined,
    cancelDeadline: (_, _params: Extract<Intent, { type: 'cancelDeadline' }>) => undefined,
    notify: (_, _params: Extract<Intent, { type: 'notify' }>) => undefined,
    openViolation: (_, _params: Extract<Intent, { type: 'openViolation' }>) => undefined,
    closeViolation: (_, _params: Extract<Intent, { type: 'closeViolation' }>) => undefined,
    emitIntents: enqueueActions(({ context, event, enqueue }) => {
      // Sibling actions are not typed inside setup(); each intent names one of the actions above.
      for (const intent of intentsOf(context, event)) enqueue({ type: intent.type, params: intent } as never);
    }),
    record: assign(({ context, event }) => {
      const ev = caseEventOf(event);
      const fired = ev.type === 'deadline.fired' ? (ev.key ?? ev.timerId) : undefined;
      return {
        facts: stepOf(context, event).facts,
        openDeadlines: applyDeadlineIntents(context.openDeadlines, intentsOf(context, event), fired),
        settings: envOf(event).settings,
      };
    }),
  },
}).createMachine({
  id: 'admission',
  context: ({ input }) => initialContext(input),
  initial: 'candidacy',
  on: {
    // Timers without a stage of their own only notify and open violations.
    'deadline.fired': { guard: 'allowed', actions: ACTIONS },
  },
  states: {
    candidacy: {
      initial: 'identified',
      on: {
        'case.withdrawn': { guard: 'allowed', target: '#admission.withdrawn', actions: ACTIONS },
        'helper.assigned': { guard: 'allowed', actions: ACTIONS },
        'consent.provinceRecorded': { guard: 'allowed', actions: ACTIONS },
        'attestation.recorded': { guard: 'allowed', actions: ACTIONS },
        'specialCategory.evidenceRecorded': { guard: 'allowed', actions: ACTIONS },
        'politicalIssue.concluded': { guard: 'allowed', actions: ACTIONS },
      },
      states: {
        identified: {
          meta: { nextStep: 'sympathiser.listed', vi: 'Quần chúng ưu tú', en: 'Identified (source pool)' } satisfies StageMeta,
          on: {
            'sympathiser.listed': { guard: 'allowed', target: 'sympathiser', actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', actions: ACTIONS },
            'case.imported': [
              { guard: { type: 'importStage', params: { stage: 'sympathiser', certified: true } }, target: 'sympathiser.certified', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'sympathiser' } }, target: 'sympathiser', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'dossier' } }, target: 'dossier', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'awaitingCellVote' } }, target: 'awaitingCellVote', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'awaitingBaseVote' } }, target: 'awaitingBaseVote', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'awaitingDecision' } }, target: 'awaitingDecision', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'awaitingCeremony', received: true } }, target: '#admission.decided.awaitingCeremony', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'awaitingCeremony' } }, target: '#admission.decided', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'probation' } }, target: '#admission.membership', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'recognition' } }, target: '#admission.membership.recognition', actions: ACTIONS },
              { guard: { type: 'importStage', params: { stage: 'fullMember' } }, target: '#admission.fullMember', actions: ACTIONS },
            ],
          },
        },
        sympathiser: {
          initial: 'attendingCourse',
          on: {
            'sympathiser.removed': { guard: 'allowed', target: '#admission.removedFromSympathiserList', actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', actions: ACTIONS },
            'awarenessCourse.certified': { guard: 'allowed', target: '.certified', actions: ACTIONS },
          },
          states: {
            attendingCourse: {
              meta: { nextStep: 'awarenessCourse.certified', vi: 'Cảm tình Đảng, học lớp nhận thức', en: 'Sympathiser, awareness course' } satisfies StageMeta,
            },
            certified: {
              meta: { nextStep: 'dossier.cleared', vi: 'Chờ cho phép lập hồ sơ', en: 'Awaiting clearance to compile' } satisfies StageMeta,
              on: {
                'dossier.cleared': { guard: 'allowed', target: '#admission.candidacy.dossier', actions: ACTIONS },
                // I-5: a dossier may start from the application when no clearance is recorded.
                'application.filed': { guard: 'allowed', target: '#admission.candidacy.dossier', actions: ACTIONS },
              },
            },
          },
        },
        dossier: {
          type: 'parallel',
          meta: { nextStep: 'cell.admissionVoted', vi: 'Lập hồ sơ kết nạp', en: 'Compiling the dossier' } satisfies StageMeta,
          onDone: 'awaitingCellVote',
          on: {
            // The cell may vote once the dossier is complete on the meeting date (I-11): the vote's own
            // rules judge it there, so a refusal names what is missing (COND-INTRODUCERS, COND-OPINIONS...).
            'cell.admissionVoted': [
              { guard: 'carried', target: 'cellResolved', actions: ACTIONS },
              { guard: 'notCarried', target: 'awaitingCellVote', actions: ACTIONS },
            ],
            'dossier.cleared': { guard: 'allowed', actions: ACTIONS },
            'application.filed': { guard: 'allowed', actions: ACTIONS },
            'background.declared': { guard: 'allowed', actions: ACTIONS },
            'backgroundCheck.requested': { guard: 'allowed', actions: ACTIONS },
            'backgroundCheck.answered': { guard: 'allowed', actions: ACTIONS },
            'background.certified': { guard: 'allowed', actions: ACTIONS },
            'introduction.memberRecorded': { guard: 'allowed', actions: ACTIONS },
            'introduction.youthUnionResolved': { guard: 'allowed', actions: ACTIONS },
            'introduction.tradeUnionResolved': { guard: 'allowed', actions: ACTIONS },
            'opinions.consolidated': { guard: 'allowed', actions: ACTIONS },
            'dossier.localDocumentFiled': { guard: 'allowed', actions: ACTIONS },
            'awarenessCourse.certified': { guard: 'allowed', actions: ACTIONS },
            // These undo parts of the dossier: the regions re-derive from the facts.
            'introducer.replaced': { guard: 'allowed', target: '#admission.candidacy.dossier', reenter: true, actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', target: '#admission.candidacy.dossier', reenter: true, actions: ACTIONS },
            'dossier.renewed': { guard: 'allowed', target: '#admission.candidacy.dossier', reenter: true, actions: ACTIONS },
            'sympathiser.removed': { guard: 'allowed', target: '#admission.removedFromSympathiserList', actions: ACTIONS },
          },
          states: {
            application: {
              initial: 'pending',
              states: { pending: { always: { guard: { type: 'dossierPart', params: { part: 'application' } }, target: 'filed' } }, filed: { type: 'final' } },
            },
            declaration: {
              initial: 'pending',
              states: { pending: { always: { guard: { type: 'dossierPart', params: { part: 'declaration' } }, target: 'declared' } }, declared: { type: 'final' } },
            },
            verification: {
              initial: 'pending',
              states: { pending: { always: { guard: { type: 'dossierPart', params: { part: 'verification' } }, target: 'certified' } }, certified: { type: 'final' } },
            },
            introductions: {
              initial: 'pending',
              states: { pending: { always: { guard: { type: 'dossierPart', params: { part: 'introductions' } }, target: 'complete' } }, complete: { type: 'final' } },
            },
            opinions: {
              initial: 'pending',
              states: { pending: { always: { guard: { type: 'dossierPart', params: { part: 'opinions' } }, target: 'consolidated' } }, consolidated: { type: 'final' } },
            },
          },
        },
        awaitingCellVote: {
          meta: { nextStep: 'cell.admissionVoted', vi: 'Chờ chi bộ xét kết nạp', en: 'Awaiting the cell vote' } satisfies StageMeta,
          on: {
            'cell.admissionVoted': [
              { guard: 'carried', target: 'cellResolved', actions: ACTIONS },
              { guard: 'notCarried', actions: ACTIONS },
            ],
            'case.notAdmitted': { guard: 'allowed', target: '#admission.notAdmitted', actions: ACTIONS },
            'sympathiser.removed': { guard: 'allowed', target: '#admission.removedFromSympathiserList', actions: ACTIONS },
            'introducer.replaced': { guard: 'allowed', target: '#admission.candidacy.dossier', actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', target: '#admission.candidacy.dossier', actions: ACTIONS },
            'dossier.renewed': { guard: 'allowed', target: '#admission.candidacy.dossier', actions: ACTIONS },
            'awarenessCourse.certified': { guard: 'allowed', actions: ACTIONS },
            'dossier.localDocumentFiled': { guard: 'allowed', actions: ACTIONS },
            'opinions.consolidated': { guard: 'allowed', actions: ACTIONS },
          },
        },
        cellResolved: {
          always: [{ guard: 'hasSubBase', target: 'subBaseAppraisal' }, { guard: 'isBaseCell', target: 'awaitingDecision' }, { target: 'awaitingBaseVote' }],
        },
        subBaseAppraisal: {
          meta: { nextStep: 'subBase.appraised', vi: 'Đảng ủy bộ phận thẩm định', en: 'Sub-base appraisal' } satisfies StageMeta,
          on: {
            'subBase.appraised': { guard: 'allowed', target: 'awaitingBaseVote', actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', target: 'awaitingDecision', actions: ACTIONS },
          },
        },
        awaitingBaseVote: {
          meta: { nextStep: 'base.admissionVoted', vi: 'Chờ đảng ủy cơ sở xét', en: 'Awaiting the base committee vote' } satisfies StageMeta,
          on: {
            'base.admissionVoted': [
              { guard: 'carried', target: 'awaitingDecision', actions: ACTIONS },
              { guard: 'notCarried', actions: ACTIONS },
            ],
            'case.notAdmitted': { guard: 'allowed', target: '#admission.notAdmitted', actions: ACTIONS },
            'transfer.recorded': { guard: 'allowed', target: 'awaitingDecision', actions: ACTIONS },
          },
        },
        awaitingDecision: {
          initial: 'withCompetent',
          on: {
            'consent.provinceRecorded': { guard: 'allowed', actions: ACTIONS },
          },
          states: {
            withCompetent: {
              meta: { nextStep: 'decision.admissionSigned', vi: 'Chờ cấp có thẩm quyền quyết định', en: 'Awaiting the admission decision' } satisfies StageMeta,
              on: {
                'decision.admissionSigned': [
                  { guard: 'carried', target: '#admission.decided', actions: ACTIONS },
                  { guard: 'notCarried', actions: ACTIONS },
                ],
                'case.notAdmitted': { guard: 'allowed', target: '#admission.notAdmitted', actions: ACTIONS },
                'transfer.recorded': [
                  { guard: 'transferSentToCompetent', target: 'inTransit', actions: ACTIONS },
                  { guard: 'allowed', actions: ACTIONS },
                ],
              },
            },
            inTransit: {
              meta: { nextStep: 'transfer.dossierForwarded', vi: 'Chuyển hồ sơ đến nơi mới', en: 'Dossier forwarded after a transfer' } satisfies StageMeta,
              on: { 'transfer.dossierForwarded': { guard: 'allowed', target: 'withCompetent', actions: ACTIONS } },
            },
          },
        },
      },
    },
    decided: {
      initial: 'awaitingReceipt',
      on: {
        'case.withdrawn': { guard: 'allowed', target: '#admission.withdrawn', actions: ACTIONS },
        'decision.cancelled': [...CANCEL_ADMISSION],
        'transfer.recorded': [
          { guard: 'transferFreshDecision', target: '#admission.candidacy.awaitingDecision', actions: ACTIONS },
          { guard: 'allowed', actions: ACTIONS },
        ],
        'transfer.reviewRequested': { guard: 'allowed', actions: ACTIONS },
        'transfer.reviewCompleted': { guard: 'allowed', actions: ACTIONS },
        'ceremony.lateConsentRecorded': { guard: 'allowed', actions: ACTIONS },
      },
      states: {
        awaitingReceipt: {
          meta: { nextStep: 'decision.receivedByCell', vi: 'Chờ chi bộ nhận quyết định', en: 'Awaiting receipt by the cell' } satisfies StageMeta,
          on: { 'decision.receivedByCell': { guard: 'allowed', target: 'awaitingCeremony', actions: ACTIONS } },
        },
        awaitingCeremony: {
          meta: { nextStep: 'ceremony.held', vi: 'Chờ lễ kết nạp', en: 'Awaiting the ceremony' } satisfies StageMeta,
          on: { 'ceremony.held': { guard: 'allowed', target: '#admission.membership', actions: ACTIONS } },
        },
      },
    },
    membership: {
      initial: 'probation',
      on: {
        'memberRecord.filed': { guard: 'allowed', actions: ACTIONS },
        'newMemberCourse.certified': { guard: 'allowed', actions: ACTIONS },
        'helper.assigned': { guard: 'allowed', actions: ACTIONS },
        'ceremony.lateConsentRecorded': { guard: 'allowed', actions: ACTIONS },
        'transfer.recorded': { guard: 'allowed', actions: ACTIONS },
        'transfer.reviewRequested': { guard: 'allowed', actions: ACTIONS },
        'transfer.reviewCompleted': { guard: 'allowed', actions: ACTIONS },
        'decision.cancelled': [...CANCEL_ADMISSION],
      },
      states: {
        probation: {
          meta: { nextStep: 'recognition.selfReviewed', vi: 'Đảng viên dự bị (12 tháng)', en: 'Probationary member (12 months)' } satisfies StageMeta,
          on: {
            'deadline.fired': { guard: { type: 'firedTimer', params: { timerId: 'probationEnd' } }, target: 'recognition', actions: ACTIONS },
            'recognition.selfReviewed': { guard: 'allowed', target: 'recognition', actions: ACTIONS },
            // HD06 §4.6: a probationary member who breaches membership standing can be removed at any time
            // during probation, with the same votes: the cell's removal vote starts the removal path.
            'recognition.helperAssessed': { guard: 'allowed', actions: ACTIONS },
            'recognition.opinionsConsolidated': { guard: 'allowed', actions: ACTIONS },
            'cell.recognitionVoted': [
              { guard: 'carriedRemoval', target: 'recognition.cellResolved', actions: ACTIONS },
              { guard: 'notCarried', actions: ACTIONS },
            ],
          },
        },
        recognition: {
          initial: 'preparing',
          on: {
            'recognition.selfReviewed': { guard: 'allowed', actions: ACTIONS },
            'recognition.helperAssessed': { guard: 'allowed', actions: ACTIONS },
            'recognition.opinionsConsolidated': { guard: 'allowed', actions: ACTIONS },
          },
          states: {
            preparing: {
              meta: { nextStep: 'cell.recognitionVoted', vi: 'Chuẩn bị xét công nhận', en: 'Preparing recognition' } satisfies StageMeta,
              on: {
                'cell.recognitionVoted': [
                  { guard: 'carried', target: 'cellResolved', actions: ACTIONS },
                  { guard: 'escalates', target: 'awaitingDecision', actions: ACTIONS },
                  { guard: 'notCarried', actions: ACTIONS },
                ],
              },
            },
            cellResolved: {
              always: [{ guard: 'hasSubBase', target: 'subBaseAppraisal' }, { guard: 'isBaseCell', target: 'awaitingDecision' }, { target: 'awaitingBaseVote' }],
            },
            subBaseAppraisal: {
              meta: { nextStep: 'subBase.appraised', vi: 'Đảng ủy bộ phận thẩm định', en: 'Sub-base appraisal' } satisfies StageMeta,
              on: { 'subBase.appraised': { guard: 'allowed', target: 'awaitingBaseVote', actions: ACTIONS } },
            },
            awaitingBaseVote: {
              meta: { nextStep: 'base.recognitionVoted', vi: 'Chờ đảng ủy cơ sở xét', en: 'Awaiting the base committee vote' } satisfies StageMeta,
              on: {
                'base.recognitionVoted': [
                  { guard: 'carried', target: 'awaitingDecision', actions: ACTIONS },
                  { guard: 'escalates', target: 'awaitingDecision', actions: ACTIONS },
                  { guard: 'notCarried', actions: ACTIONS },
                ],
              },
            },
            awaitingDecision: {
              meta: { nextStep: 'decision.recognitionSigned', vi: 'Chờ quyết định công nhận hoặc xóa tên', en: 'Awaiting the recognition or removal decision' } satisfies StageMeta,
              on: {
                'decision.recognitionSigned': [
                  { guard: 'carried', target: '#admission.fullMember', actions: ACTIONS },
                  { guard: 'notCarried', actions: ACTIONS },
                ],
                'decision.removalSigned': [
                  { guard: 'carried', target: '#admission.removed', actions: ACTIONS },
                  { guard: 'notCarried', actions: ACTIONS },
                ],
              },
            },
          },
        },
      },
    },
    removed: {
      initial: 'complaintWindow',
      states: {
        complaintWindow: {
          meta: { vi: 'Đã xóa tên, trong thời hạn khiếu nại', en: 'Removed, complaint window open' } satisfies StageMeta,
          on: {
            'removal.decisionReceived': { guard: 'allowed', actions: ACTIONS },
            'removal.complaintLodged': { guard: 'allowed', target: 'complaintPending', actions: ACTIONS },
            'deadline.fired': { guard: { type: 'firedTimer', params: { timerId: 'removalComplaint' } }, target: 'closed', actions: ACTIONS },
          },
        },
        complaintPending: {
          meta: { nextStep: 'complaint.resolved', vi: 'Đang giải quyết khiếu nại', en: 'Complaint pending' } satisfies StageMeta,
          on: {
            'complaint.resolved': [
              { guard: 'complaintUpheld', target: '#admission.membership.recognition.awaitingDecision', actions: ACTIONS },
              { guard: 'allowed', target: 'closed', actions: ACTIONS },
            ],
          },
        },
        // Terminal: the removal stands (complaint window over, or complaint rejected).
        closed: { type: 'final', meta: { vi: 'Đã xóa tên', en: 'Removed', outcome: 'removed' } satisfies StageMeta },
      },
    },
    // Terminal but not final: a wrongful admission or recognition can still be cancelled (§6.5, QĐ294 §4.4).
    fullMember: {
      meta: { vi: 'Đảng viên chính thức', en: 'Full member', outcome: 'fullMember' } satisfies StageMeta,
      on: { 'decision.cancelled': [...CANCEL_RECOGNITION] },
    },
    notAdmitted: { type: 'final', meta: { vi: 'Không kết nạp', en: 'Not admitted', outcome: 'notAdmitted' } satisfies StageMeta },
    withdrawn: { type: 'final', meta: { vi: 'Rút đơn', en: 'Withdrawn', outcome: 'withdrawn' } satisfies StageMeta },
    removedFromSympathiserList: {
      type: 'final',
      meta: { vi: 'Đưa ra khỏi danh sách cảm tình Đảng', en: 'Removed from the sympathiser list', outcome: 'removedFromSympathiserList' } satisfies StageMeta,
    },
    cancelled: { type: 'final', meta: { vi: 'Hủy quyết định, xóa tên', en: 'Decision cancelled, name removed', outcome: 'cancelled' } satisfies StageMeta },
  },
});

export type AdmissionMachine = typeof admissionMachine;
