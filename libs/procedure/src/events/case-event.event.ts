import { type LocalDate } from '../dates.js';
import {
  type CheckSubject,
  type CompetentBodyRef,
  type ConsentSubject,
  type FamilyResidenceConfirmation,
  type IntroducerKind,
  type MemberStatus,
  type OrgProfile,
  type SpecialCategory,
  type VoteRecord,
} from '../rules/case-facts.js';

// The timers of procedure.md §7: one list, owned by the deadlines module.
import { TIMER_IDS, type TimerId } from '../deadlines/timers.js';
export { TIMER_IDS, type TimerId };

export const RECORDING_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'] as const;
export type RecordingRole = (typeof RECORDING_ROLES)[number];
/** The worker sends deadline.fired; no user role can. */
export type SystemRole = 'system';

export interface HelperInput {
  memberId: string;
  name: string;
  memberStatus: MemberStatus;
}

export interface DecisionInput {
  decisionNo: string;
  signedOn: LocalDate;
  vote: VoteRecord;
  decidedBy: CompetentBodyRef;
}

export const IMPORT_STAGES = [
  'sympathiser',
  'dossier',
  'awaitingCellVote',
  'awaitingBaseVote',
  'awaitingDecision',
  'awaitingCeremony',
  'probation',
  'recognition',
  'fullMember',
] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

export const REDO_POINTS = [
  'application',
  'backgroundDeclaration',
  'backgroundCheck',
  'introductions',
  'opinions',
  'cellResolution',
  'subBaseAppraisal',
  'baseResolution',
  'decision',
  // A wrongful recognition with a procedural fault (QĐ294 §4.4): only the recognition steps are redone.
  'recognitionCellResolution',
  'recognitionBaseResolution',
  'recognitionDecision',
] as const;
export type RedoPoint = (typeof REDO_POINTS)[number];

/** Evidence of steps taken before the case entered the engine (audited, never guarded). */
export interface ImportEvidence {
  sympathiserListedOn?: LocalDate;
  helper?: HelperInput & { assignedOn: LocalDate };
  awarenessCertIssuedOn?: LocalDate;
  clearedOn?: LocalDate;
  applicationOn?: LocalDate;
  declarationOn?: LocalDate;
  backgroundCertifiedOn?: LocalDate;
  introducers?: { introducerId: string; kind: IntroducerKind; name?: string; memberStatus?: MemberStatus; alongsideSince?: LocalDate; date: LocalDate; replacementReason?: string }[];
  opinionsOn?: LocalDate;
  cellResolution?: VoteRecord;
  subBaseReportOn?: LocalDate;
  baseResolution?: VoteRecord;
  decision?: { decisionNo: string; signedOn: LocalDate; decidedBy: CompetentBodyRef; receivedOn?: LocalDate };
  ceremonyOn?: LocalDate;
  memberRecordFiledOn?: LocalDate;
  newMemberCertIssuedOn?: LocalDate;
  selfReviewOn?: LocalDate;
  recognitionOpinionsOn?: LocalDate;
  recognitionCellResolution?: VoteRecord;
  recognitionDecision?: { decisionNo: string; signedOn: LocalDate; decidedBy: CompetentBodyRef };
}

/** Every event of the procedure (a discriminated union on `type`). */
export type CaseEvent =
  | { type: 'sympathiser.listed'; resolutionDate: LocalDate; helper: HelperInput }
  | { type: 'sympathiser.removed'; resolutionDate: LocalDate; reason: string }
  | { type: 'helper.assigned'; date: LocalDate; helper: HelperInput; reason?: string; previousHelperAssessmentOn?: LocalDate }
  | { type: 'awarenessCourse.certified'; issuedOn: LocalDate; certificateNo?: string }
  | { type: 'dossier.cleared'; decisionDate: LocalDate; decisionNo?: string }
  | { type: 'application.filed'; date: LocalDate }
  | { type: 'background.declared'; date: LocalDate }
  | {
      type: 'backgroundCheck.requested';
      requestId: string;
      subject: CheckSubject;
      abroad: boolean;
      sentOn: LocalDate;
      receivedOn?: LocalDate;
      politicalHistoryExempt?: boolean;
      exemptionBasis?: string;
    }
  | { type: 'backgroundCheck.answered'; requestId: string; answeredOn: LocalDate; finding: 'clear' | 'issue' }
  | {
      type: 'background.certified';
      date: LocalDate;
      politicalIssue: boolean;
      issueSummary?: string;
      /** HD06 §3.4c same-commune exemption: who confirmed it and when. */
      familyResidence?: FamilyResidenceConfirmation;
    }
  | { type: 'politicalIssue.concluded'; date: LocalDate; conclusion: 'cleared' | 'notEligible' | 'beyondCompetence' }
  | { type: 'introduction.memberRecorded'; introducerId: string; name: string; memberStatus: MemberStatus; alongsideSince: LocalDate; letterDate: LocalDate; joint?: boolean }
  | { type: 'introduction.youthUnionResolved'; resolutionDate: LocalDate; resolutionNo?: string }
  | { type: 'introduction.tradeUnionResolved'; resolutionDate: LocalDate; resolutionNo?: string }
  | {
      type: 'introducer.replaced';
      date: LocalDate;
      replacedIntroducerId: string;
      reason: string;
      replacement: { introducerId: string; name: string; memberStatus: MemberStatus; alongsideSince?: LocalDate };
    }
  | { type: 'opinions.consolidated'; date: LocalDate; residence: 'included' | 'exempt'; exemptionBasis?: string; massOrganisations?: string[] }
  | { type: 'dossier.renewed'; date: LocalDate; backgroundChanged?: boolean; changeNote?: string }
  | { type: 'dossier.localDocumentFiled'; date: LocalDate; code: string }
  | { type: 'cell.admissionVoted'; vote: VoteRecord }
  | { type: 'subBase.appraised'; date: LocalDate; recommendation: 'support' | 'notSupport'; reportNo?: string }
  | { type: 'base.admissionVoted'; vote: VoteRecord }
  | ({ type: 'decision.admissionSigned'; receivedByCellOn?: LocalDate } & DecisionInput)
  | { type: 'decision.receivedByCell'; receivedOn: LocalDate }
  | { type: 'case.notAdmitted'; date: LocalDate; reason: string }
  | { type: 'case.withdrawn'; date: LocalDate; reason?: string }
  | { type: 'ceremony.held'; heldOn: LocalDate; helper: HelperInput; oathRead: boolean; organisationId?: string }
  | { type: 'ceremony.lateConsentRecorded'; date: LocalDate; documentNo?: string }
  | { type: 'memberRecord.filed'; date: LocalDate }
  | { type: 'newMemberCourse.certified'; issuedOn: LocalDate; certificateNo?: string }
  | { type: 'recognition.selfReviewed'; date: LocalDate }
  | { type: 'recognition.helperAssessed'; helperId: string; date: LocalDate }
  | { type: 'recognition.opinionsConsolidated'; date: LocalDate }
  | { type: 'cell.recognitionVoted'; vote: VoteRecord }
  | { type: 'base.recognitionVoted'; vote: VoteRecord }
  | ({ type: 'decision.recognitionSigned'; partyCardDecided: boolean } & DecisionInput)
  | ({ type: 'decision.removalSigned'; receivedOn?: LocalDate } & DecisionInput)
  | { type: 'removal.decisionReceived'; receivedOn: LocalDate }
  | { type: 'removal.complaintLodged'; receivedOn: LocalDate; level: 'provincial' | 'upperCommittee' | 'central' }
  | { type: 'complaint.resolved'; date: LocalDate; outcome: 'upheld' | 'rejected' }
  | {
      type: 'decision.cancelled';
      date: LocalDate;
      defect: 'substantive' | 'procedural';
      redoFrom?: RedoPoint;
      reason: string;
      proposedBy: string;
      decidedBy: string;
      higherConsentOn?: LocalDate;
    }
  | {
      type: 'transfer.recorded';
      date: LocalDate;
      toOrganisationId: string;
      newOrganisation?: OrgProfile;
      dossierSentToCompetent?: boolean;
      sameDecidingCommittee?: boolean;
      freshDecisionRequired?: boolean;
    }
  | { type: 'transfer.dossierForwarded'; date: LocalDate; receivedOn: LocalDate }
  | { type: 'transfer.reviewRequested'; date: LocalDate }
  | { type: 'transfer.reviewCompleted'; date: LocalDate; outcome: 'noDefect' | 'defectsFound' }
  | { type: 'consent.provinceRecorded'; date: LocalDate; subject: ConsentSubject; documentNo?: string }
  | { type: 'attestation.recorded'; date: LocalDate; kind: 'healthAndPrestige' | 'overSixtyReason'; reason?: string }
  | { type: 'specialCategory.evidenceRecorded'; date: LocalDate; category: SpecialCategory; document: string }
  | { type: 'deadline.fired'; timerId: TimerId; dueDate: LocalDate; key?: string }
  | { type: 'case.imported'; importedOn: LocalDate; stage: ImportStage; evidence: ImportEvidence; source: string; note?: string };

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
