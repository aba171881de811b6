import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ORG_SETTINGS, OrgSettingsError, validateOrgSettings } from './org-settings.js';

describe('organisation settings (I-7)', () => {
  it('defaults to the central values with the local defaults on and the I-9 path off', () => {
    expect(validateOrgSettings()).toEqual(DEFAULT_ORG_SETTINGS);
    expect(DEFAULT_ORG_SETTINGS.tradeUnionPathPastYouthAge).toBe(false);
  });

  it('accepts tighter limits and switches', () => {
    const s = validateOrgSettings({ limits: { awarenessCertificateMonths: 36, introducerAlongsideMonths: 18 }, localDefaults: { assessmentFromEveryHelper: false } });
    expect(s.limits.awarenessCertificateMonths).toBe(36);
    expect(s.limits.introducerAlongsideMonths).toBe(18);
    expect(s.localDefaults.assessmentFromEveryHelper).toBe(false);
  });

  it.each([
    ['awarenessCertificateMonths', 61],
    ['dossierFreshnessMonths', 13],
    ['introducerAlongsideMonths', 11],
    ['minimumAgeMonths', 215],
    ['youthUnionOfficialYouthAgeMonths', 421],
  ])('refuses loosening %s to %i with a stable code', (key, value) => {
    let error: unknown;
    try {
      validateOrgSettings({ limits: { [key]: value } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OrgSettingsError);
    expect((error as OrgSettingsError).code).toBe('SETTINGS.LOOSENS_CENTRAL_RULE');
    expect((error as OrgSettingsError).setting).toBe(`limits.${key}`);
  });

  it('refuses malformed values', () => {
    expect(() => validateOrgSettings({ limits: { dossierFreshnessMonths: 6.5 } })).toThrow(OrgSettingsError);
    expect(() => validateOrgSettings({ localDefaults: { nope: true } as never })).toThrow(/unknown setting/);
    expect(() => validateOrgSettings({ limits: { youthUnionOfficialYouthAgeMonths: 300 } })).toThrow(/360/);
  });
});
