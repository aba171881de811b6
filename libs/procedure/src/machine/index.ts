export * from './admission.types.js';
export { admissionMachine, AFTER_CLOSE_EVENTS, CASE_OUTCOMES, type AdmissionMachine, type CaseOutcome, type StageMeta, type DossierPart } from './admission.machine.js';
export {
  acceptsAfterClose,
  applyEvent,
  caseOutcome,
  checklist,
  createInitialSnapshot,
  migrateSnapshot,
  stageAccepts,
  stagePaths,
  InvalidEventError,
  SnapshotVersionError,
  type ApplyResult,
  type CaseSnapshot,
  type Checklist,
  type ChecklistEvent,
  type ChecklistStep,
  type Requirement,
  type RequirementStatus,
} from './case-engine.js';
export { EVENT_RULES, evaluateEvent, auditCase, type EventEvaluation, type EventRuleSpec } from './event-rules.js';
export { recordEvent } from './record-event.js';
export { renderStateDiagram } from './state-diagram.js';
export {
  replayLog,
  type ReplayAct,
  type ReplayDeadline,
  type ReplayDueDate,
  type ReplayFiring,
  type ReplayOptions,
  type ReplayOutcome,
  type ReplayViolation,
  type ReplayedAct,
} from './replay.js';
export { dateProblems, describeDateProblem, formatVietnameseDate, type DateProblem } from './date-order.js';
