import { describe, expect, it } from '@jest/globals';
import { matchTotp, newTotpSecret, totpCode, totpUri } from './totp.js';

// RFC 6238 appendix B, SHA-1 rows: the ASCII secret "12345678901234567890", 8 digits.
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at T=%i the code is %s (appendix B)', (t, code) => {
    expect(totpCode(RFC_SECRET, t, 8)).toBe(code);
    expect(matchTotp(RFC_SECRET, code, t, null, 8)).toBe(Math.floor(t / 30));
  });

  it('accepts one step either side of now, not two', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000;
    expect(matchTotp(secret, totpCode(secret, now - 30), now)).not.toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 30), now)).not.toBeNull();
    expect(matchTotp(secret, totpCode(secret, now - 90), now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 90), now)).toBeNull();
  });

  it('a code is good once: not for a step at or before the last one accepted', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000;
    const code = totpCode(secret, now);
    const step = matchTotp(secret, code, now);
    expect(step).toBe(Math.floor(now / 30));
    expect(matchTotp(secret, code, now, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 30), now + 30, step)).toBe(step! + 1);
  });

  it('refuses what is not six digits, and a wrong code', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000;
    const code = totpCode(secret, now);
    expect(matchTotp(secret, `${code}0`, now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
    expect(matchTotp(secret, String((Number(code) + 1) % 1_000_000).padStart(6, '0'), now)).toBeNull();
  });

  it('the secret is 160 bits in base32 and the otpauth URI carries it', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'kiemtra'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    // Defaults (SHA-1, 6 digits, 30 s) are left out of the URI, as authenticator apps assume them.
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('issuer')).toBe('Ket nap dang vien');
  });
});
