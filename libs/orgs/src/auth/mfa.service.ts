import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, CacheBus, mfaRequiredRoles } from '#platform';
import { todayInVietnam } from '../common/dates.js';
import { OrgsError, notFound } from '../common/errors.js';
import { IdentityCipher } from '../crypto/identity-cipher.js';
import { isUuid } from '../organisations/organisation.service.js';
import { AUTH_CACHE } from '../users/user.service.js';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './auth.types.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';
import { message } from '#messages';

export const TOTP_SECRET_PURPOSE = 'users.totp_secret';

export interface TotpEnrolment {
  /** otpauth://totp/... for a QR code; shown once. */
  otpauthUri: string;
  /** The same secret in base32, for typing into an authenticator; shown once. */
  secret: string;
}

export function invalidMfaCode(): OrgsError {
  return new OrgsError('AUTH.INVALID_MFA_CODE', message('ORGS.WRONG_OR_ALREADY_USED_AUTHENTICATION'));
}

/**
 * The TOTP second factor: enrolment (a pending secret, activated by a first good code), the check
 * at login (a good code once: the step is remembered; a wrong code counts as a failed login toward
 * the lockout), the reset by an administrator, and who must use it (MFA_REQUIRED_ROLES).
 * Secrets are stored AES-256-GCM with the data key (IdentityCipher), never returned after setup.
 * TOTP runs on the real clock (an authenticator app has no settable clock).
 */
@Injectable()
export class MfaService {
  private readonly requiredRoles: ReadonlySet<string>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    config: AppConfig,
    private readonly cipher: IdentityCipher,
    @Optional() private readonly bus?: CacheBus,
  ) {
    this.requiredRoles = new Set(mfaRequiredRoles(config));
  }

  /** True when a grant in force today has a role of MFA_REQUIRED_ROLES. */
  async required(userId: string): Promise<boolean> {
    if (this.requiredRoles.size === 0) return false;
    const today = todayInVietnam();
    const rows: { role: string }[] = await this.ds.query(
      `SELECT DISTINCT role::text AS role FROM role_grants WHERE user_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
      [userId, today],
    );
    return rows.some((r) => this.requiredRoles.has(r.role));
  }

  async enrolled(userId: string): Promise<boolean> {
    const rows: { on: boolean }[] = await this.ds.query(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1`, [userId]);
    return rows[0]?.on === true;
  }

  /**
   * A new pending secret (replacing an earlier pending one). Refused (409) once the factor is
   * active: changing it takes an administrator's reset first, so a stolen session cannot swap it.
   */
  async setup(userId: string, username: string): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    const result: [unknown[], number] = await this.ds.query(
      `UPDATE users SET totp_secret = $2, totp_last_step = NULL, updated_at = now() WHERE id = $1 AND totp_enabled_at IS NULL AND disabled_at IS NULL`,
      [userId, this.cipher.encrypt(secret, TOTP_SECRET_PURPOSE)],
    );
    if (result[1] === 0)
      throw new OrgsError(
        'ORGS.CONFLICT',
        message('ORGS.SECOND_FACTOR_ALREADY_ACTIVE_CHANGE'),
      );
    return { otpauthUri: totpUri(secret, username), secret };
  }

  /**
   * Check a code against the user's secret (active, or pending when `activate`), and remember its
   * step so it cannot be used again; a pending secret becomes active. A wrong code counts as a
   * failed login (5 lock the account for 15 minutes).
   */
  async check(userId: string, code: string, opts: { activate: boolean }, nowMs = Date.now()): Promise<void> {
    const rows: { secret: string | null; active: boolean; lastStep: string | null; locked: boolean }[] = await this.ds.query(
      `SELECT totp_secret AS secret, totp_enabled_at IS NOT NULL AS active, totp_last_step::text AS "lastStep",
              (locked_until IS NOT NULL AND locked_until > now()) AS locked
       FROM users WHERE id = $1 AND disabled_at IS NULL`,
      [userId],
    );
    const row = rows[0];
    if (!row || row.locked) throw invalidMfaCode();
    if (!row.secret || (!row.active && !opts.activate))
      throw new OrgsError(
        'AUTH.MFA_ENROLMENT_REQUIRED',
        message('ORGS.NO_SECOND_FACTOR_YET_ENROL'),
      );
    const secret = this.cipher.decrypt(row.secret, TOTP_SECRET_PURPOSE);
    const step = matchTotp(secret, code, Math.floor(nowMs / 1000), row.lastStep === null ? null : Number(row.lastStep));
    if (step !== null) {
      // Atomic: of two requests with the same code, one wins.
      const done: [unknown[], number] = await this.ds.query(
        `UPDATE users SET totp_last_step = $2, totp_enabled_at = COALESCE(totp_enabled_at, now()), failed_attempts = 0, locked_until = NULL, updated_at = now()
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
        [userId, step],
      );
      if (done[1] === 1) return;
    } else {
      await this.ds.query(
        `UPDATE users SET failed_attempts = failed_attempts + 1,
           locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1`,
        [userId, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
      );
    }
    throw invalidMfaCode();
  }

  /** An administrator removes the factor (lost device): the user enrols again at the next login. Sessions are revoked. */
  async reset(userId: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const result: [unknown[], number] = await m.query(
        `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1`,
        [isUuid(userId) ? userId : null],
      );
      if (result[1] === 0) throw notFound(message('ORGS.USER_NOT_FOUND'));
      await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    });
    await this.bus?.invalidate(AUTH_CACHE, [`user:${userId}`]);
  }
}
