import { type LocalDate } from '../dates.js';

/** Acting bodies of procedure.md §2. */
export const BODIES = ['CELL', 'SUB', 'BASE', 'COMPETENT', 'PROVINCE', 'YOUTH', 'UNION', 'RESIDENCE', 'TRAINING', 'CANDIDATE'] as const;
export type Body = (typeof BODIES)[number];

export const EDUCATION_LEVELS = ['upperSecondaryOrHigher', 'lowerSecondary', 'primary', 'literate', 'none'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export interface PersonFacts {
  fullName: string;
  birthDate: LocalDate;
  vietnameseCitizen: boolean;
  education: EducationLevel;
  /** Mountain, border, island, ethnic-minority or extremely disadvantaged area, or a fisherman at sea (HD06 §1.2). */
  areaException?: boolean;
  /** Village elder, hamlet head or prestigious person there, or such a fisherman (literacy-only path). */
  communityLeader?: boolean;
  youthUnionMember?: boolean;
  youthUnionOfficial?: boolean;
  tradeUnionMember?: boolean;
  religion?: { name: string; stateRecognised: boolean };
  foreignSpouse?: boolean;
  foreignOrigin?: boolean;
  ethnicChinese?: boolean;
  /** Generations of the family with Vietnamese nationality (ethnic Chinese candidates). */
  vietnameseNationalityGenerations?: number;
  businessOwner?: boolean;
  gender?: 'female' | 'male' | 'other';
  ethnicity?: string;
  occupation?: string;
}

export const COMPETENT_KINDS = ['upperStandingCommittee', 'delegatedBaseCommittee', 'provincialStanding', 'armedForces'] as const;
export type CompetentKind = (typeof COMPETENT_KINDS)[number];

export interface CompetentBodyRef {
  id: string;
  kind: CompetentKind;
}

export interface OrgProfile {
  organisationId: string;
  hasSubBase: boolean;
  /** A cell with no base committee above it: no BASE step. */
  isBaseCell: boolean;
  youthUnionExists: boolean;
  tradeUnionExists: boolean;
  delegatedBase: boolean;
  competentBody: CompetentBodyRef;
  /** The upper committee's standing committee, which always decides for private-business owners. */
  upperStandingCommitteeId?: string;
}

export const READMISSION_REASONS = [
  'ownRequestFamilyHardship',
  'ownRequest',
  'abandonedActivity',
  'seriousDisunity',
  'corruptionConviction',
  'seriousCrimeConviction',
  'lessSeriousConvictionExpunged',
  'populationPolicy',
  'other',
] as const;
export type ReadmissionReason = (typeof READMISSION_REASONS)[number];

export interface ReadmissionFacts {
  leftOn: LocalDate;
  reason: ReadmissionReason;
  reasonNote?: string;
  previouslyReadmitted: boolean;
  firstDecisionOn?: LocalDate;
  /**
   * The day the conviction was expunged (xoá án tích): for a less serious offence the 60 months
   * run from it, not from leaving (QĐ294 §3.5.1b).
   */
  expungedOn?: LocalDate;
}

export interface CaseVariant {
  readmission?: ReadmissionFacts;
  /** No party organisation or member where the person works or lives (QĐ294 §3.4). */
  noPartyNearby?: boolean;
  temporaryCell?: boolean;
  armedForces?: boolean;
}

export const MEMBER_STATUSES = ['full', 'probationary'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface HelperRecord {
  memberId: string;
  name: string;
  memberStatus: MemberStatus;
  assignedOn: LocalDate;
  stage: 'sympathiser' | 'probation';
  leftOn?: LocalDate;
  assessmentOn?: LocalDate;
}

export const INTRODUCER_KINDS = ['member', 'youthUnion', 'tradeUnion'] as const;
export type IntroducerKind = (typeof INTRODUCER_KINDS)[number];

export interface IntroducerRecord {
  introducerId: string;
  kind: IntroducerKind;
  name?: string;
  memberStatus?: MemberStatus;
  /** Worked, studied or lived alongside the candidate since (members only). */
  alongsideSince?: LocalDate;
  date: LocalDate;
  /** A replacement assigned without the 12-month condition, with its recorded reason. */
  replacementReason?: string;
  active: boolean;
}

export const CHECK_SUBJECTS = ['candidate', 'parent', 'guardian', 'parentInLaw', 'spouse', 'child', 'foreignSpouse'] as const;
export type CheckSubject = (typeof CHECK_SUBJECTS)[number];

export interface BackgroundCheckRecord {
  requestId: string;
  subject: CheckSubject;
  abroad: boolean;
  sentOn: LocalDate;
  receivedOn?: LocalDate;
  politicalHistoryExempt?: boolean;
  answeredOn?: LocalDate;
  finding?: 'clear' | 'issue';
}

/** Who confirmed the HD06 §3.4c same-commune exemption, and when. */
export interface FamilyResidenceConfirmation {
  confirmedBy: string;
  confirmedOn: LocalDate;
  documentNo?: string;
}

export const MOTIONS = ['admit', 'recognise', 'remove'] as const;
export type Motion = (typeof MOTIONS)[number];

/** A vote as the minutes record it (procedure.md §4 PROC-CELL-VOTE). */
export interface VoteRecord {
  motion: Motion;
  meetingDate: LocalDate;
  /** The denominator taken from the minutes. */
  eligible: number;
  for: number;
  against: number;
  /** The roster's figure for the meeting date, when the application knows the roster. */
  rosterEligible?: number;
  /** Why the minutes differ from the roster (accepted and flagged). */
  mismatchReason?: string;
  /** Full members on the cell's roll, excluded ones included (I-6). */
  roll?: number;
  /**
   * Members present who would otherwise be left out for absence (QĐ294 §9.3.2-9.3.3): exempted
   * members who attended and voted at a cell meeting, members on temporary transfer present at a
   * committee meeting. Person ids from the minutes; the roster counts them.
   */
  attendeeIds?: string[];
}

export type VotingBody = 'CELL' | 'BASE' | 'COMPETENT';

export interface VoteEntry {
  body: VotingBody;
  stage: 'admission' | 'recognition';
  vote: VoteRecord;
  carried: boolean;
  required: number;
}

export const CONSENT_SUBJECTS = ['overSixty', 'literacyOnly', 'politicalStandards', 'readmission', 'specialCategory'] as const;
export type ConsentSubject = (typeof CONSENT_SUBJECTS)[number];

export const SPECIAL_CATEGORIES = ['religiousFollower', 'foreignSpouse', 'foreignOrigin', 'ethnicChinese', 'businessOwner'] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export interface DecisionRecord {
  decisionNo: string;
  signedOn: LocalDate;
  decidedBy: CompetentBodyRef;
  receivedOn?: LocalDate;
}

export interface TransferRecord {
  date: LocalDate;
  /** §6 paragraph that applied: 6.1 ... 6.4, or 'probation' for a probationary member. */
  clause: '6.1' | '6.2' | '6.3' | '6.4' | 'probation';
  fromOrganisationId: string;
  toOrganisationId: string;
  sameDecidingCommittee?: boolean;
  dossierForwardedOn?: LocalDate;
  dossierReceivedOn?: LocalDate;
  reviewRequestedOn?: LocalDate;
  reviewCompletedOn?: LocalDate;
}

/** Everything recorded on the case (the evidence the rules read). Dates are the acts' own dates. */
export interface CaseEvidence {
  identifiedOn?: LocalDate;
  sympathiserListedOn?: LocalDate;
  helpers: HelperRecord[];
  awarenessCert?: { issuedOn: LocalDate; certificateNo?: string };
  clearedOn?: LocalDate;
  applicationOn?: LocalDate;
  declarationOn?: LocalDate;
  checks: BackgroundCheckRecord[];
  backgroundCertified?: {
    date: LocalDate;
    politicalIssue: boolean;
    /**
     * HD06 §3.4c: the family has lived in the same commune since the paternal grandparents and the
     * commune's party committee confirmed it: no separate verification is needed.
     */
    familyResidence?: FamilyResidenceConfirmation;
  };
  politicalConclusion?: { date: LocalDate; conclusion: 'cleared' | 'notEligible' | 'beyondCompetence' };
  introducers: IntroducerRecord[];
  opinions?: { date: LocalDate; residence: 'included' | 'exempt'; exemptionBasis?: string };
  dossierRenewedOn?: LocalDate;
  /** A renewal that recorded a change since the last verification (HD06 §5.4a "nếu có thay đổi"). */
  backgroundChangedOn?: LocalDate;
  localDocuments: string[];
  consents: { subject: ConsentSubject; date: LocalDate; documentNo?: string }[];
  attestations: { kind: 'healthAndPrestige' | 'overSixtyReason'; date: LocalDate; reason?: string }[];
  specialEvidence: { category: SpecialCategory; document: string; date: LocalDate }[];
  cellResolution?: VoteRecord;
  subBaseReportOn?: LocalDate;
  baseResolution?: VoteRecord;
  decision?: DecisionRecord;
  ceremony?: { heldOn: LocalDate; organisationId: string };
  ceremonyOverdue?: boolean;
  ceremonyLateConsentOn?: LocalDate;
  memberRecordFiledOn?: LocalDate;
  newMemberCert?: { issuedOn: LocalDate };
  selfReviewOn?: LocalDate;
  recognitionOpinionsOn?: LocalDate;
  recognitionMotion?: 'recognise' | 'remove';
  recognitionEscalated?: boolean;
  recognitionCellResolution?: VoteRecord;
  recognitionSubBaseReportOn?: LocalDate;
  recognitionBaseResolution?: VoteRecord;
  recognitionDecision?: DecisionRecord & { effectiveOn: LocalDate; partyCardDecided: boolean };
  removalDecision?: DecisionRecord;
  complaint?: { receivedOn: LocalDate; level: 'provincial' | 'upperCommittee' | 'central'; resolvedOn?: LocalDate; outcome?: 'upheld' | 'rejected' };
  cancellations: { date: LocalDate; defect: 'substantive' | 'procedural'; redoFrom?: string; proposedBy: string; decidedBy: string }[];
  /** Events whose deadline was found overdue (by the timer or the act's date). */
  dossierStale?: boolean;
}

/** The case facts the rules read: who, where, which variant, and what is recorded. */
export interface CaseFacts {
  caseId: string;
  person: PersonFacts;
  org: OrgProfile;
  variant: CaseVariant;
  evidence: CaseEvidence;
  votes: VoteEntry[];
  transfers: TransferRecord[];
}

export function emptyEvidence(): CaseEvidence {
  return {
    helpers: [],
    checks: [],
    introducers: [],
    localDocuments: [],
    consents: [],
    attestations: [],
    specialEvidence: [],
    cancellations: [],
  };
}

export function currentHelper(facts: CaseFacts): HelperRecord | undefined {
  return [...facts.evidence.helpers].reverse().find((h) => h.leftOn === undefined);
}
