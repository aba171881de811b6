import { describe, expect, it } from '@jest/globals';
import { type IntroducerRecord } from './case-facts.js';
import {
  condAdmissionDossier,
  condAwarenessCert,
  condBackground,
  condDossierFresh,
  condIntroducers,
  condNewMemberCert,
  condOpinions,
  condRecognitionDossier,
  condSelfReviewAfterEnd,
  introductionPaths,
} from './conditions.rule.js';
import { DEFAULT_ORG_SETTINGS as S, validateOrgSettings } from './org-settings.js';
import { facts, org, person } from './testing/facts.fixture.js';

const member = (id: string, alongsideSince: string, extra: Partial<IntroducerRecord> = {}): IntroducerRecord => ({
  introducerId: id,
  kind: 'member',
  memberStatus: 'full',
  alongsideSince,
  date: '2025-09-01',
  active: true,
  ...extra,
});

describe('COND-AWARENESS-CERT (S-4)', () => {
  const f = facts({ person: person({ birthDate: '1990-01-01' }), evidence: { awarenessCert: { issuedOn: '2020-09-15' } } });
  it('is valid through 60 months and expired the day after', () => {
    expect(condAwarenessCert.evaluate(f, '2025-09-15', S).passed).toBe(true);
    const late = condAwarenessCert.evaluate(f, '2025-09-16', S);
    expect(late.passed).toBe(false);
    expect(late.reason?.en).toContain('retaken');
  });
  it('is missing without a certificate and honours a tightened validity', () => {
    expect(condAwarenessCert.evaluate(facts(), '2025-09-15', S).missing).toBe(true);
    expect(condAwarenessCert.evaluate(f, '2025-09-15', validateOrgSettings({ limits: { awarenessCertificateMonths: 48 } })).passed).toBe(false);
  });
  it('accepts a course before 18 only from the sympathiser list (local default)', () => {
    const young = facts({ person: person({ birthDate: '2007-11-30' }), evidence: { awarenessCert: { issuedOn: '2025-06-01' } } });
    expect(condAwarenessCert.evaluate(young, '2025-12-01', S).passed).toBe(false);
    const listed = { ...young, evidence: { ...young.evidence, sympathiserListedOn: '2025-05-01' } };
    expect(condAwarenessCert.evaluate(listed, '2025-12-01', S).passed).toBe(true);
    const off = validateOrgSettings({ localDefaults: { awarenessCourseBeforeEighteen: false } });
    expect(condAwarenessCert.evaluate(listed, '2025-12-01', off).passed).toBe(false);
  });
});

describe('COND-INTRODUCERS (S-3, I-3, I-9)', () => {
  // Candidate aged 34 at a public agency without a Youth Union: two full members.
  const agency = org({ youthUnionExists: false, tradeUnionExists: true });
  const candidate = person({ birthDate: '1991-03-01', youthUnionMember: false });
  const at = '2025-10-15';

  it('counts 12 full months alongside at the cell meeting: 2024-10-15 qualifies, 2024-10-16 does not', () => {
    const ok = facts({ person: candidate, org: agency, evidence: { introducers: [member('A', '2024-08-01'), member('B', '2024-10-15')] } });
    expect(condIntroducers.evaluate(ok, at, S).passed).toBe(true);
    const short = facts({ person: candidate, org: agency, evidence: { introducers: [member('A', '2024-08-01'), member('B', '2024-10-16')] } });
    const r = condIntroducers.evaluate(short, at, S);
    expect(r.passed).toBe(false);
    expect(r.facts['short']).toEqual([{ introducerId: 'B', alongsideSince: '2024-10-16', months: 11 }]);
  });

  it('accepts a replacement without the 12 months when the reason is recorded', () => {
    const replaced = facts({
      person: candidate,
      org: agency,
      evidence: {
        introducers: [
          member('A', '2024-08-01'),
          member('B', '2024-10-15', { active: false }),
          member('C', '2025-06-10', { replacementReason: 'B chuyển sinh hoạt sang đảng bộ khác' }),
        ],
      },
    });
    const r = condIntroducers.evaluate(replaced, at, S);
    expect(r.passed).toBe(true);
    expect(r.facts['exemptions']).toEqual([{ id: 'C', exempt: 'B chuyển sinh hoạt sang đảng bộ khác' }]);
    const noReason = { ...replaced, evidence: { ...replaced.evidence, introducers: replaced.evidence.introducers.map((i) => ({ ...i, replacementReason: undefined })) } };
    expect(condIntroducers.evaluate(noReason, at, S).passed).toBe(false);
  });

  it('refuses probationary introducers even when recording the letter', () => {
    const f = facts({ person: candidate, org: agency, evidence: { introducers: [member('A', '2020-01-01', { memberStatus: 'probationary' })] } });
    expect(condIntroducers.evaluate(f, at, S, { phase: 'record' }).passed).toBe(false);
  });

  it('requires the Youth Union path for youth age where a Youth Union exists: two members cannot replace it', () => {
    const student = facts({ evidence: { introducers: [member('A', '2023-01-01'), member('B', '2023-01-01')] } });
    expect(introductionPaths(student, at, S)).toEqual(['youthUnion']);
    expect(condIntroducers.evaluate(student, at, S).passed).toBe(false);
    const withYouth = { ...student, evidence: { ...student.evidence, introducers: [member('A', '2023-01-01'), { introducerId: 'Y', kind: 'youthUnion' as const, date: '2025-04-21', active: true }] } };
    expect(condIntroducers.evaluate(withYouth, at, S).passed).toBe(true);
    const notMember = { ...withYouth, person: person({ youthUnionMember: false }) };
    expect(condIntroducers.evaluate(notMember, at, S).passed).toBe(false);
  });

  it('ends youth age after 360 full months, 420 for a Youth Union official', () => {
    const thirty = facts({ person: person({ birthDate: '1995-10-15' }) });
    expect(introductionPaths(thirty, '2025-10-15', S)).toEqual(['youthUnion']); // 360 months
    expect(introductionPaths(thirty, '2025-11-15', S)).toEqual(['twoMembers']); // 361
    const official = facts({ person: person({ birthDate: '1990-10-15', youthUnionOfficial: true }) });
    expect(introductionPaths(official, '2025-10-15', S)).toEqual(['youthUnion']); // 420
    expect(introductionPaths(official, '2025-11-15', S)).toEqual(['twoMembers']);
    expect(introductionPaths(official, '2025-10-15', validateOrgSettings({ localDefaults: { youthUnionOfficialAge: false } }))).toEqual(['twoMembers']);
  });

  it('uses the trade union for youth age without a Youth Union, and past youth age only when switched on (I-9)', () => {
    const young = facts({ org: agency, person: person({ tradeUnionMember: true }) });
    expect(introductionPaths(young, at, S)).toEqual(['tradeUnion']);
    const older = facts({ org: agency, person: candidate });
    expect(introductionPaths(older, at, S)).toEqual(['twoMembers']);
    expect(introductionPaths(older, at, validateOrgSettings({ tradeUnionPathPastYouthAge: true }))).toEqual(['twoMembers', 'tradeUnion']);
  });
});

describe('COND-DOSSIER-FRESH (I-5)', () => {
  it('is stale after more than 12 months from the clearance decision, else from the application', () => {
    const f = facts({ evidence: { clearedOn: '2025-03-03', applicationOn: '2025-03-10' } });
    expect(condDossierFresh.evaluate(f, '2026-03-03', S).passed).toBe(true);
    expect(condDossierFresh.evaluate(f, '2026-03-04', S).passed).toBe(false);
    const noClearance = facts({ evidence: { applicationOn: '2025-03-10' } });
    expect(condDossierFresh.evaluate(noClearance, '2026-03-10', S).passed).toBe(true);
    expect(condDossierFresh.evaluate(noClearance, '2026-03-11', S).passed).toBe(false);
    const renewed = facts({ evidence: { clearedOn: '2025-03-03', dossierRenewedOn: '2026-04-01' } });
    expect(condDossierFresh.evaluate(renewed, '2026-05-01', S).passed).toBe(true);
  });
});

describe('COND-BACKGROUND, COND-OPINIONS, COND-ADMISSION-DOSSIER', () => {
  it('needs every verification answer and the certification', () => {
    const base = { declarationOn: '2025-03-12', checks: [{ requestId: 'r1', subject: 'candidate' as const, abroad: false, sentOn: '2025-03-13' }] };
    expect(condBackground.evaluate(facts({ evidence: base }), '2025-10-06', S).passed).toBe(false);
    const answered = { ...base, checks: [{ ...base.checks[0]!, answeredOn: '2025-04-08' }], backgroundCertified: { date: '2025-04-10', politicalIssue: false } };
    expect(condBackground.evaluate(facts({ evidence: answered }), '2025-10-06', S).passed).toBe(true);
  });
  it('accepts a residence exemption only with its basis', () => {
    expect(condOpinions.evaluate(facts({ evidence: { opinions: { date: '2025-04-25', residence: 'exempt' } } }), '2025-10-06', S).passed).toBe(false);
    expect(condOpinions.evaluate(facts({ evidence: { opinions: { date: '2025-04-25', residence: 'exempt', exemptionBasis: 'HD06 §3.5' } } }), '2025-10-06', S).passed).toBe(true);
  });
  it('lists what the dossier misses before the vote and before the decision', () => {
    const r = condAdmissionDossier.evaluate(facts(), '2025-10-06', validateOrgSettings({ extraRequiredDocuments: ['HN-01'] }));
    expect(r.facts['missing']).toEqual(['awarenessCertificate', 'application', 'backgroundDeclaration', 'backgroundVerification', 'introductions', 'opinions', 'local:HN-01']);
    const d = condAdmissionDossier.evaluate(facts({ org: org({ hasSubBase: true }) }), '2025-10-20', S, { phase: 'decision' });
    expect(d.facts['missing']).toEqual(['cellResolution', 'subBaseReport', 'baseResolution']);
    const baseCell = condAdmissionDossier.evaluate(facts({ org: org({ isBaseCell: true }) }), '2025-10-20', S, { phase: 'decision' });
    expect(baseCell.facts['missing']).toEqual(['cellResolution']);
  });
});

describe('recognition conditions (I-4)', () => {
  const probation = facts({ evidence: { ceremony: { heldOn: '2025-03-14', organisationId: 'cell-1' } } });
  it('dates the self-review on or after the day the 12 months end', () => {
    expect(condSelfReviewAfterEnd.evaluate({ ...probation, evidence: { ...probation.evidence, selfReviewOn: '2026-03-13' } }, '2026-03-20', S).passed).toBe(false);
    expect(condSelfReviewAfterEnd.evaluate({ ...probation, evidence: { ...probation.evidence, selfReviewOn: '2026-03-14' } }, '2026-03-20', S).passed).toBe(true);
  });
  it('needs the new-member certificate', () => {
    expect(condNewMemberCert.evaluate(probation, '2026-03-20', S).missing).toBe(true);
  });
  it('needs an assessment from every helper (local default) or only the last one', () => {
    const helpers = [
      { memberId: 'h1', name: 'A', memberStatus: 'full' as const, assignedOn: '2025-03-14', stage: 'probation' as const, leftOn: '2025-08-01', assessmentOn: '2025-08-01' },
      { memberId: 'h2', name: 'B', memberStatus: 'full' as const, assignedOn: '2025-08-01', stage: 'probation' as const, assessmentOn: '2026-03-15' },
    ];
    const f = { ...probation, evidence: { ...probation.evidence, helpers, selfReviewOn: '2026-03-14', newMemberCert: { issuedOn: '2025-06-01' }, recognitionOpinionsOn: '2026-03-16' } };
    expect(condRecognitionDossier.evaluate(f, '2026-03-20', S).passed).toBe(true);
    const firstMissing = { ...f, evidence: { ...f.evidence, helpers: [{ ...helpers[0]!, assessmentOn: undefined }, helpers[1]!] } };
    expect(condRecognitionDossier.evaluate(firstMissing, '2026-03-20', S).passed).toBe(false);
    expect(condRecognitionDossier.evaluate(firstMissing, '2026-03-20', validateOrgSettings({ localDefaults: { assessmentFromEveryHelper: false } })).passed).toBe(true);
  });
  // HD06 §4.6 "Thủ tục xóa tên đảng viên dự bị vi phạm tư cách": "a) Chi bộ xem xét, nếu có hai phần ba
  // đảng viên chính thức trở lên biểu quyết đồng ý xoá tên đảng viên dự bị thì ra nghị quyết, báo cáo cấp
  // ủy cấp trên." (b: đảng ủy cơ sở 2/3, c: ban thường vụ > 1/2, d: đảng ủy cơ sở được ủy quyền 2/3
  // đương nhiệm): the votes only, no self-review, helper assessment or opinions (those are §4.2-4.4,
  // the recognition file). procedure.md §3 Exits: removed "at any time during probation".
  it('a removal vote during probation needs no recognition file (HD06 §4.6); a recognition vote and a removal after the 12 months still do', () => {
    const removal = (meetingDate: string) => ({ phase: 'cellVote' as const, vote: { motion: 'remove' as const, meetingDate, eligible: 11, for: 8, against: 3 } });
    const during = condRecognitionDossier.evaluate(probation, '2025-08-04', S, removal('2025-08-04'));
    expect(during.passed).toBe(true);
    expect(during.facts).toMatchObject({ removalDuringProbation: true, probationEnd: '2026-03-14' });
    const recognise = condRecognitionDossier.evaluate(probation, '2026-03-20', S, { phase: 'cellVote', vote: { motion: 'recognise', meetingDate: '2026-03-20', eligible: 11, for: 9, against: 2 } });
    expect(recognise.passed).toBe(false);
    const afterEnd = condRecognitionDossier.evaluate(probation, '2026-03-20', S, removal('2026-03-20'));
    expect(afterEnd.passed).toBe(false);
    expect(afterEnd.facts['missing']).toEqual(['helperAssessment', 'opinions']);
  });
});
