import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/**
 * TOTP (RFC 6238) through otplib 13: SHA-1, 6 digits, 30-second steps, the form every
 * authenticator app reads. A code is accepted one step either side of now (clock drift) and only
 * for a step later than the last one accepted (a code is good once).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_ISSUER = 'Ket nap dang vien';

/** A new secret: 20 random bytes, base32 (what the otpauth URI carries). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The code at a moment (seconds since the epoch); tests and the e2e use it as an authenticator would. */
export function totpCode(secret: string | Uint8Array, epochSeconds: number, digits: 6 | 8 = TOTP_DIGITS): string {
  return generateSync({ secret, epoch: epochSeconds, digits, period: TOTP_PERIOD_SECONDS });
}

/**
 * The time step a code matches at `epochSeconds` (within the window and after `afterStep`), or
 * null. Anything but 6 digits is refused before any computation.
 */
export function matchTotp(
  secret: string | Uint8Array,
  code: string,
  epochSeconds: number,
  afterStep: number | null = null,
  digits: 6 | 8 = TOTP_DIGITS,
): number | null {
  if (typeof code !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: epochSeconds,
    digits,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}
