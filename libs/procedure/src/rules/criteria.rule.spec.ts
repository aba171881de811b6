import { describe, expect, it } from '@jest/globals';
import { critAge, critCitizen, critEducation, critPolitical } from './criteria.rule.js';
import { DEFAULT_ORG_SETTINGS as S, validateOrgSettings } from './org-settings.js';
import { facts, person } from './testing/facts.fixture.js';

describe('CRIT-AGE (I-2, I-10, S-5)', () => {
  const born2007 = facts({ person: person({ birthDate: '2007-11-30' }) });

  it('blocks at 215 full months and allows at 216', () => {
    const before = critAge.evaluate(born2007, '2025-11-29', S);
    expect(before.passed).toBe(false);
    expect(before.facts['ageMonths']).toBe(215);
    expect(before.blocking).toBe(true);
    expect(before.reason?.vi).toContain('215');
    expect(critAge.evaluate(born2007, '2025-11-30', S).passed).toBe(true);
  });

  it('treats more than 720 full months as over 60: a consent gate, not a rejection', () => {
    const old = facts({ person: person({ birthDate: '1965-06-01' }) });
    const r = critAge.evaluate(old, '2025-07-15', S);
    expect(r.passed).toBe(true);
    expect(r.facts).toMatchObject({ ageMonths: 721, overSixty: true });
    expect(critAge.evaluate(old, '2025-06-01', S).facts['overSixty']).toBe(false); // exactly 720
  });

  it('applies a tightened minimum age', () => {
    const tight = validateOrgSettings({ limits: { minimumAgeMonths: 240 } });
    expect(critAge.evaluate(born2007, '2025-11-30', tight).passed).toBe(false);
  });

  it('cites the regulation in force on the step date', () => {
    expect(critAge.evaluate(born2007, '2025-11-30', S).citation[0]).toMatchObject({ instrument: 'QĐ294', section: '§1.1.1' });
    expect(critAge.evaluate(born2007, '2025-11-30', S).citation[2]).toMatchObject({ instrument: 'HD06' });
    const r = critAge.evaluate(facts({ person: person({ birthDate: '2000-01-01' }) }), '2024-03-01', S);
    expect(r.citation.map((c) => c.instrument)).toEqual(['QĐ24', 'QĐ24', 'HD01']);
    expect(r.edition).toBe('2021-07');
  });
});

describe('CRIT-EDUCATION', () => {
  it('accepts lower secondary, primary only in exception areas, literacy only for community leaders there', () => {
    expect(critEducation.evaluate(facts({ person: person({ education: 'lowerSecondary' }) }), '2025-10-01', S).passed).toBe(true);
    expect(critEducation.evaluate(facts({ person: person({ education: 'primary' }) }), '2025-10-01', S).passed).toBe(false);
    expect(critEducation.evaluate(facts({ person: person({ education: 'primary', areaException: true }) }), '2025-10-01', S).passed).toBe(true);
    expect(critEducation.evaluate(facts({ person: person({ education: 'literate', areaException: true }) }), '2025-10-01', S).passed).toBe(false);
    const leader = critEducation.evaluate(facts({ person: person({ education: 'literate', areaException: true, communityLeader: true }) }), '2025-10-01', S);
    expect(leader.passed).toBe(true);
    expect(leader.facts['provinceConsentRequired']).toBe(true);
  });
});

describe('CRIT-POLITICAL', () => {
  const issue = { backgroundCertified: { date: '2025-04-10', politicalIssue: true } };
  it('needs the certification, and before the decision a conclusion or provincial consent', () => {
    expect(critPolitical.evaluate(facts(), '2025-10-01', S).passed).toBe(false);
    expect(critPolitical.evaluate(facts({ evidence: issue }), '2025-10-01', S, { phase: 'cellVote' }).passed).toBe(true);
    expect(critPolitical.evaluate(facts({ evidence: issue }), '2025-10-20', S, { phase: 'decision' }).passed).toBe(false);
    const cleared = { ...issue, politicalConclusion: { date: '2025-10-15', conclusion: 'cleared' as const } };
    expect(critPolitical.evaluate(facts({ evidence: cleared }), '2025-10-20', S, { phase: 'decision' }).passed).toBe(true);
    const beyond = { ...issue, politicalConclusion: { date: '2025-10-15', conclusion: 'beyondCompetence' as const } };
    expect(critPolitical.evaluate(facts({ evidence: beyond }), '2025-10-20', S, { phase: 'decision' }).passed).toBe(false);
    const consented = { ...beyond, consents: [{ subject: 'politicalStandards' as const, date: '2025-10-18' }] };
    expect(critPolitical.evaluate(facts({ evidence: consented }), '2025-10-20', S, { phase: 'decision' }).passed).toBe(true);
  });
});

describe('CRIT-CITIZEN', () => {
  it('requires Vietnamese citizenship', () => {
    expect(critCitizen.evaluate(facts(), '2025-10-01', S).passed).toBe(true);
    expect(critCitizen.evaluate(facts({ person: person({ vietnameseCitizen: false }) }), '2025-10-01', S).passed).toBe(false);
  });
});
