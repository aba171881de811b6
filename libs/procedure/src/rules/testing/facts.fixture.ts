import { type CaseFacts, emptyEvidence, type OrgProfile, type PersonFacts } from '../case-facts.js';

export function person(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    fullName: 'Nguyễn Thị Lan',
    birthDate: '2004-05-12',
    vietnameseCitizen: true,
    education: 'upperSecondaryOrHigher',
    youthUnionMember: true,
    ...overrides,
  };
}

export function org(overrides: Partial<OrgProfile> = {}): OrgProfile {
  return {
    organisationId: 'cell-1',
    hasSubBase: false,
    isBaseCell: false,
    youthUnionExists: true,
    tradeUnionExists: true,
    delegatedBase: false,
    competentBody: { id: 'btv-1', kind: 'upperStandingCommittee' },
    upperStandingCommitteeId: 'btv-1',
    ...overrides,
  };
}

export function facts(overrides: Partial<Omit<CaseFacts, 'evidence'>> & { evidence?: Partial<CaseFacts['evidence']> } = {}): CaseFacts {
  return {
    caseId: 'case-1',
    person: person(),
    org: org(),
    variant: {},
    votes: [],
    transfers: [],
    ...overrides,
    evidence: { ...emptyEvidence(), ...overrides.evidence },
  };
}
