import { type LocalDate } from '../dates.js';
import { type DefinedCaseEvent } from './event-schema.js';

// The vocabulary the event definitions use (roles, import stages, redo points, timers).
export * from './event-terms.js';

/**
 * Every event of the procedure (a discriminated union on `type`): inferred from the one
 * definition per event type in event-schema.ts (zod), never written by hand.
 */
export type CaseEvent = DefinedCaseEvent;
export type { DecisionInput, HelperInput, ImportEvidence } from './event-schema.js';

export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

/** The date the act itself carries (the measuring date of its rules and its place in the order). */
export function eventDate(event: CaseEvent): LocalDate {
  switch (event.type) {
    case 'sympathiser.listed':
    case 'sympathiser.removed':
      return event.resolutionDate;
    case 'awarenessCourse.certified':
    case 'newMemberCourse.certified':
      return event.issuedOn;
    case 'dossier.cleared':
      return event.decisionDate;
    case 'backgroundCheck.requested':
      return event.sentOn;
    case 'backgroundCheck.answered':
      return event.answeredOn;
    case 'introduction.memberRecorded':
      return event.letterDate;
    case 'introduction.youthUnionResolved':
    case 'introduction.tradeUnionResolved':
      return event.resolutionDate;
    case 'cell.admissionVoted':
    case 'base.admissionVoted':
    case 'cell.recognitionVoted':
    case 'base.recognitionVoted':
      return event.vote.meetingDate;
    case 'decision.admissionSigned':
    case 'decision.recognitionSigned':
    case 'decision.removalSigned':
      return event.signedOn;
    case 'decision.receivedByCell':
    case 'removal.decisionReceived':
    case 'removal.complaintLodged':
      return event.receivedOn;
    case 'ceremony.held':
      return event.heldOn;
    case 'deadline.fired':
      return event.dueDate;
    case 'case.imported':
      return event.importedOn;
    default:
      return event.date;
  }
}
