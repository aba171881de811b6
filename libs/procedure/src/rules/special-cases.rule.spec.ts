import { describe, expect, it } from '@jest/globals';
import { type ReadmissionFacts } from './case-facts.js';
import { DEFAULT_ORG_SETTINGS as S } from './org-settings.js';
import { condProvinceConsent, condReadmission, condSpecialCategory } from './special-cases.rule.js';
import { facts, person } from './testing/facts.fixture.js';

describe('COND-READMISSION (S-9)', () => {
  const left = (reason: ReadmissionFacts['reason'], extra: Partial<ReadmissionFacts> = {}) =>
    facts({ variant: { readmission: { leftOn: '2022-06-01', reason, reasonNote: 'hoàn cảnh gia đình', previouslyReadmitted: false, ...extra } } });
  it('passes at 37 full months, fails at 35', () => {
    expect(condReadmission.evaluate(left('ownRequestFamilyHardship'), '2025-07-16', S).passed).toBe(true);
    const early = condReadmission.evaluate(left('ownRequestFamilyHardship'), '2025-05-20', S);
    expect(early.passed).toBe(false);
    expect(early.facts['months']).toBe(35);
    expect(condReadmission.evaluate(left('other'), '2025-06-01', S).passed).toBe(true); // exactly 36
  });
  // QĐ294 §3.5.1b: "riêng người bị án hình sự về tội phạm ít nghiêm trọng thì phải sau 60 tháng kể
  // từ khi được xoá án tích" — counted from the expungement, not from leaving the Party.
  it('COND-READMISSION (QĐ294 §3.5.1b): 60 months from the expungement (xoá án tích), not from leaving', () => {
    // Left 2022-06-01, expunged 2023-03-15: 60 months from leaving (2027-06-01) is not enough.
    const convicted = left('lessSeriousConvictionExpunged', { expungedOn: '2023-03-15' });
    const fromLeaving = condReadmission.evaluate(convicted, '2027-06-01', S);
    expect(fromLeaving.passed).toBe(false);
    expect(fromLeaving.facts).toMatchObject({ countedFrom: 'expungedOn', months: 50, waitMonths: 60 });
    expect(fromLeaving.reason?.vi).toContain('xoá án tích');
    expect(condReadmission.evaluate(convicted, '2028-03-14', S).passed).toBe(false);
    expect(condReadmission.evaluate(convicted, '2028-03-15', S).passed).toBe(true);
    expect(condReadmission.citations).toEqual([{ family: 'regulation', section: '§3.5' }]);
  });
  it('COND-READMISSION: without the expungement date the 60 months cannot be counted (missing)', () => {
    const r = condReadmission.evaluate(left('lessSeriousConvictionExpunged'), '2030-01-01', S);
    expect(r.passed).toBe(false);
    expect(r.missing).toBe(true);
    expect(r.reason?.en).toContain('expungement date');
  });
  it('never re-admits the excluded reasons, and only once', () => {
    for (const reason of ['corruptionConviction', 'abandonedActivity', 'ownRequest', 'seriousDisunity', 'seriousCrimeConviction'] as const)
      expect(condReadmission.evaluate(left(reason), '2030-01-01', S).passed).toBe(false);
    expect(condReadmission.evaluate(left('populationPolicy'), '2030-01-01', S).reason?.en).toContain('referred to a person');
    expect(condReadmission.evaluate(left('other', { previouslyReadmitted: true }), '2030-01-01', S).passed).toBe(false);
    expect(condReadmission.evaluate(facts(), '2030-01-01', S).notApplicable).toBe(true);
  });
});

describe('COND-PROVINCE-CONSENT (S-5, S-9)', () => {
  it('over 60 needs health and prestige, a reason and the provincial consent before the decision', () => {
    const cellResolution = { motion: 'admit' as const, meetingDate: '2025-07-15', eligible: 9, for: 9, against: 0 };
    const old = facts({ person: person({ birthDate: '1965-06-01' }), evidence: { cellResolution } });
    const r = condProvinceConsent.evaluate(old, '2025-08-20', S);
    expect(r.passed).toBe(false);
    expect(r.facts['missing']).toEqual(['healthAndPrestigeAttestation', 'overSixtyReason', 'provinceConsent:overSixty']);
    const complete = {
      ...old,
      evidence: {
        ...old.evidence,
        attestations: [
          { kind: 'healthAndPrestige' as const, date: '2025-07-01' },
          { kind: 'overSixtyReason' as const, date: '2025-07-01', reason: 'noPartyWhereWorksOrLives' },
        ],
        consents: [{ subject: 'overSixty' as const, date: '2025-08-21' }],
      },
    };
    expect(condProvinceConsent.evaluate(complete, '2025-08-20', S).passed).toBe(false); // consent after the decision
    expect(condProvinceConsent.evaluate(complete, '2025-08-21', S).passed).toBe(true);
  });
  it('re-admission needs the provincial consent; an ordinary case needs none', () => {
    const re = facts({ variant: { readmission: { leftOn: '2022-06-01', reason: 'other', previouslyReadmitted: false } } });
    expect(condProvinceConsent.evaluate(re, '2025-08-01', S).facts['missing']).toEqual(['provinceConsent:readmission']);
    expect(condProvinceConsent.evaluate(facts(), '2025-08-01', S).notApplicable).toBe(true);
  });
});

describe('COND-SPECIAL-CATEGORY', () => {
  it('admits only followers of recognised religions, checks ethnic Chinese generations and the evidence', () => {
    expect(condSpecialCategory.evaluate(facts({ person: person({ religion: { name: 'X', stateRecognised: false } }) }), '2025-10-01', S).passed).toBe(false);
    expect(condSpecialCategory.evaluate(facts({ person: person({ religion: { name: 'Phật giáo', stateRecognised: true } }) }), '2025-10-01', S).passed).toBe(true);
    expect(condSpecialCategory.evaluate(facts({ person: person({ ethnicChinese: true, vietnameseNationalityGenerations: 2 }) }), '2025-10-01', S).passed).toBe(false);
    const chinese = facts({ person: person({ ethnicChinese: true, vietnameseNationalityGenerations: 3 }) });
    expect(condSpecialCategory.evaluate(chinese, '2025-10-01', S).missing).toBe(true);
    const withEvidence = { ...chinese, evidence: { ...chinese.evidence, specialEvidence: [{ category: 'ethnicChinese' as const, document: 'xác minh', date: '2025-09-01' }] } };
    expect(condSpecialCategory.evaluate(withEvidence, '2025-10-01', S).passed).toBe(true);
  });
});
