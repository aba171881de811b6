import { describe, expect, it } from '@jest/globals';
import { loadConfig, mfaRequiredRoles } from '#platform';
import { parseGrantClaim } from './oidc.service.js';

const BASE = {
  DATABASE_URL: 'postgres://u@127.0.0.1/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  IDENTITY_HMAC_KEY: 'y'.repeat(32),
};

describe('the grant claim (OIDC_ROLES_CLAIM)', () => {
  it('reads role@CODE entries from a list, once each; ignores unknown roles, global grants and junk', () => {
    const { grants, ignored } = parseGrantClaim([
      'cellCommittee@DEMO-CB-SINHVIEN',
      'inspection@DEMO-TU',
      'cellCommittee@DEMO-CB-SINHVIEN',
      'admin',
      'wizard@DEMO-TU',
      42,
      'inspection@',
    ]);
    expect(grants).toEqual([
      { role: 'cellCommittee', organisationCode: 'DEMO-CB-SINHVIEN' },
      { role: 'inspection', organisationCode: 'DEMO-TU' },
    ]);
    expect(ignored).toBe(4);
  });

  it('takes a space- or comma-separated string too, and nothing from anything else', () => {
    expect(parseGrantClaim('cellCommittee@A1, inspection@B2').grants).toEqual([
      { role: 'cellCommittee', organisationCode: 'A1' },
      { role: 'inspection', organisationCode: 'B2' },
    ]);
    expect(parseGrantClaim(undefined)).toEqual({ grants: [], ignored: 0 });
    expect(parseGrantClaim({ role: 'admin' })).toEqual({ grants: [], ignored: 0 });
  });
});

describe('SSO and MFA settings', () => {
  it('MFA_REQUIRED_ROLES: the default when unset; set but empty (or none) means no one; unknown roles stop the boot', () => {
    expect(mfaRequiredRoles(loadConfig(BASE))).toEqual(['admin', 'inspection', 'organisationDepartment']);
    expect(mfaRequiredRoles(loadConfig({ ...BASE, MFA_REQUIRED_ROLES: '' }))).toEqual([]);
    expect(mfaRequiredRoles(loadConfig({ ...BASE, MFA_REQUIRED_ROLES: 'none' }))).toEqual([]);
    expect(mfaRequiredRoles(loadConfig({ ...BASE, MFA_REQUIRED_ROLES: ' admin , inspection ' }))).toEqual(['admin', 'inspection']);
    expect(() => loadConfig({ ...BASE, MFA_REQUIRED_ROLES: 'admin,boss' })).toThrow(/MFA_REQUIRED_ROLES/);
  });

  it('SSO is off without an issuer; an issuer needs the client, its secret and the redirect URI', () => {
    expect(loadConfig(BASE).OIDC_ISSUER_URL).toBeUndefined();
    const on = { OIDC_ISSUER_URL: 'https://id.example.org', OIDC_CLIENT_ID: 'ket-nap', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://kn.example.org/api/v1/auth/oidc/callback' };
    expect(loadConfig({ ...BASE, ...on }).OIDC_ROLES_CLAIM).toBe('ket_nap_grants');
    expect(() => loadConfig({ ...BASE, ...on, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ ...BASE, ...on, OIDC_REDIRECT_URI: 'https://kn.example.org/elsewhere' })).toThrow(/OIDC_REDIRECT_URI/);
    expect(() => loadConfig({ ...BASE, OIDC_CLIENT_ID: 'ket-nap' })).toThrow(/OIDC_ISSUER_URL/);
    expect(() => loadConfig({ ...BASE, ...on, OIDC_ISSUER_URL: 'ftp://id' })).toThrow(/OIDC_ISSUER_URL/);
  });
});
