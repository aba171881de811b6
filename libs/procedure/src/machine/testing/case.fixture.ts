import { type LocalDate } from '../../dates.js';
import { type CaseEvent, type HelperInput } from '../../events/case-event.event.js';
import { type OrgProfile, type PersonFacts, type VoteRecord } from '../../rules/case-facts.js';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../rules/org-settings.js';
import { type AdmissionInput, type EngineEnv, type Intent } from '../admission.types.js';
import { applyEvent, type CaseSnapshot, createInitialSnapshot } from '../case-engine.js';
import { type RuleFailure } from '../../rules/rule.types.js';

export const env = (asOf: LocalDate, settings: OrgSettings = DEFAULT_ORG_SETTINGS, dueDates?: Record<string, LocalDate>): EngineEnv =>
  dueDates ? { asOf, settings, dueDates } : { asOf, settings };

export const lan: PersonFacts = {
  fullName: 'Nguyễn Thị Lan',
  birthDate: '2004-05-12',
  vietnameseCitizen: true,
  education: 'upperSecondaryOrHigher',
  youthUnionMember: true,
  gender: 'female',
  ethnicity: 'Kinh',
  occupation: 'student',
};

export const university: OrgProfile = {
  organisationId: 'cell-sv-1',
  hasSubBase: false,
  isBaseCell: false,
  youthUnionExists: true,
  tradeUnionExists: true,
  delegatedBase: false,
  competentBody: { id: 'btv-dhqg', kind: 'upperStandingCommittee' },
  upperStandingCommitteeId: 'btv-dhqg',
};

export const minh: HelperInput = { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' };

export function input(overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return { caseId: 'case-lan', person: lan, organisation: university, identifiedOn: '2024-12-20', ...overrides };
}

export const vote = (motion: VoteRecord['motion'], meetingDate: LocalDate, eligible: number, votesFor: number, extra: Partial<VoteRecord> = {}): VoteRecord => ({
  motion,
  meetingDate,
  eligible,
  for: votesFor,
  against: eligible - votesFor,
  ...extra,
});

export const memberIntro = (id: string, alongsideSince: LocalDate, letterDate: LocalDate = '2025-04-21'): CaseEvent => ({
  type: 'introduction.memberRecorded',
  introducerId: id,
  name: id,
  memberStatus: 'full',
  alongsideSince,
  letterDate,
});

/** A dossier where two full members introduce (past youth age). */
export function twoMemberDossier(aSince: LocalDate, bSince: LocalDate, certOn: LocalDate = '2025-02-14'): CaseEvent[] {
  return dossierEvents(certOn).filter((e) => !e.type.startsWith('introduction.')).concat([memberIntro('A', aSince), memberIntro('B', bSince)]);
}

/** The S-1 dossier, up to the point where the cell can vote. */
export function dossierEvents(certOn: LocalDate = '2025-02-14'): CaseEvent[] {
  return [
    { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: minh },
    { type: 'awarenessCourse.certified', issuedOn: certOn, certificateNo: 'GCN-01' },
    { type: 'dossier.cleared', decisionDate: '2025-03-03' },
    { type: 'application.filed', date: '2025-03-10' },
    { type: 'background.declared', date: '2025-03-12' },
    { type: 'backgroundCheck.requested', requestId: 'r1', subject: 'candidate', abroad: false, sentOn: '2025-03-13', receivedOn: '2025-03-14' },
    { type: 'backgroundCheck.answered', requestId: 'r1', answeredOn: '2025-04-08', finding: 'clear' },
    { type: 'background.certified', date: '2025-04-10', politicalIssue: false },
    { type: 'introduction.youthUnionResolved', resolutionDate: '2025-04-21', resolutionNo: '12-NQ/ĐTN' },
    { type: 'introduction.memberRecorded', introducerId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full', alongsideSince: '2023-09-01', letterDate: '2025-04-21' },
    { type: 'opinions.consolidated', date: '2025-04-25', residence: 'included', massOrganisations: ['Đoàn trường'] },
  ];
}

export const competentVote = (motion: VoteRecord['motion'], date: LocalDate) => ({ vote: vote(motion, date, 9, 7), decidedBy: university.competentBody });

/** From the cell vote of S-1 to the ceremony. */
export function admissionEvents(): CaseEvent[] {
  return [
    { type: 'cell.admissionVoted', vote: vote('admit', '2025-10-06', 15, 11) },
    { type: 'base.admissionVoted', vote: vote('admit', '2025-10-09', 8, 6) },
    { type: 'decision.admissionSigned', decisionNo: '123-QĐ/ĐU', signedOn: '2025-10-20', ...competentVote('admit', '2025-10-20') },
    { type: 'decision.receivedByCell', receivedOn: '2025-10-21' },
    { type: 'ceremony.held', heldOn: '2025-11-07', helper: minh, oathRead: true },
  ];
}

export interface Step {
  snapshot: CaseSnapshot;
  intents: Intent[];
}

/** Applies events that must all be accepted; checks a JSON round trip after each one. */
export function run(start: CaseSnapshot, events: CaseEvent[], asOf?: LocalDate, settings: OrgSettings = DEFAULT_ORG_SETTINGS): Step {
  let snapshot = start;
  let intents: Intent[] = [];
  for (const event of events) {
    const result = applyEvent(snapshot, event, env(asOf ?? eventDay(event), settings));
    if (!result.accepted) throw new Error(`${event.type} refused: ${JSON.stringify(result.failures.map((f) => [f.id, f.reason?.en]))}`);
    if (JSON.stringify(JSON.parse(JSON.stringify(result.snapshot))) !== JSON.stringify(result.snapshot)) throw new Error(`${event.type}: snapshot is not JSON-stable`);
    snapshot = result.snapshot;
    intents = result.intents;
  }
  return { snapshot, intents };
}

export function refused(snapshot: CaseSnapshot, event: CaseEvent, asOf?: LocalDate, settings: OrgSettings = DEFAULT_ORG_SETTINGS): RuleFailure[] {
  const result = applyEvent(snapshot, event, env(asOf ?? eventDay(event), settings));
  if (result.accepted) throw new Error(`${event.type} was accepted`);
  return result.failures;
}

function eventDay(event: CaseEvent): LocalDate {
  const e = event as unknown as Record<string, unknown>;
  const v = (e['vote'] as VoteRecord | undefined)?.meetingDate;
  return (v ?? e['date'] ?? e['resolutionDate'] ?? e['issuedOn'] ?? e['decisionDate'] ?? e['sentOn'] ?? e['answeredOn'] ?? e['letterDate'] ?? e['signedOn'] ?? e['receivedOn'] ?? e['heldOn'] ?? e['dueDate'] ?? e['importedOn']) as LocalDate;
}

export const start = (overrides: Partial<AdmissionInput> = {}) => createInitialSnapshot(input(overrides));

/** A probationary member imported with a ceremony date (the earlier steps are history). */
export function importedMember(ceremonyOn: string, stage: 'probation' | 'recognition' = 'probation') {
  const imported: CaseEvent = {
    type: 'case.imported',
    importedOn: ceremonyOn,
    stage,
    source: 'hồ sơ giấy',
    evidence: {
      decision: { decisionNo: '5-QĐ', signedOn: '2025-02-20', decidedBy: university.competentBody, receivedOn: '2025-02-25' },
      ceremonyOn,
      helper: { ...minh, assignedOn: ceremonyOn },
      newMemberCertIssuedOn: '2025-06-01',
      memberRecordFiledOn: ceremonyOn,
    },
  };
  return run(start(), [imported], ceremonyOn).snapshot;
}
