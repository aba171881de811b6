import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { type KeyObject, createHash, createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, CacheBus, type LocalCache } from '#platform';
import { todayInVietnam } from '../common/dates.js';
import { OrgsError } from '../common/errors.js';
import { AUTH_CACHE, type RoleGrantView, UserService, normalizeUsername } from '../users/user.service.js';
import { validOn } from '../organisations/organisation.service.js';
import { dummyHash, verifyPassword } from '../users/password.js';
import {
  type AccessTokenClaims,
  type AuthenticatedUser,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  MFA_TOKEN_TTL_SECONDS,
  type LoginResult,
  type MfaChallenge,
  type MfaTokenClaims,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenPair,
} from './auth.types.js';
import { MfaService, type TotpEnrolment } from './mfa.service.js';
import { message } from '#messages';

/** One answer for every login failure: unknown user, wrong password, locked or disabled account. */
function invalidCredentials(): OrgsError {
  return new OrgsError(
    'AUTH.INVALID_CREDENTIALS',
    message('ORGS.WRONG_USERNAME_OR_PASSWORD_OR'),
  );
}

function invalidToken(): OrgsError {
  return new OrgsError('AUTH.INVALID_TOKEN', message('ORGS.INVALID_OR_EXPIRED_SESSION'));
}

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const keys = new Map<string, KeyObject>();
/**
 * The HS256 key as a KeyObject, made once per secret: given a string, jsonwebtoken first tries it
 * as a PEM public key on every verify (issue 20: 6% of the API's CPU), a KeyObject goes straight
 * to HMAC.
 */
export function tokenKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** Build the JwtService the library uses: HS256 only, with AUTH_TOKEN_SECRET as a secret KeyObject. */
export function createJwtService(config: Pick<AppConfig, 'AUTH_TOKEN_SECRET'>): JwtService {
  return new JwtService({
    secret: tokenKey(config.AUTH_TOKEN_SECRET),
    signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  });
}

/**
 * Login with lockout, short-lived access tokens (JWT HS256) and rotating opaque refresh tokens
 * stored hashed; a refresh token presented twice revokes its whole family (theft detection).
 */
@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  /** Session + user + grants of today, per (user, session, date); dropped on every instance by `AUTH_CACHE`. */
  private readonly sessions: LocalCache<AuthenticatedUser>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly users: UserService,
    private readonly mfa: MfaService,
    private readonly bus: CacheBus,
  ) {
    this.jwt = createJwtService(config);
    this.sessions = bus.cache<AuthenticatedUser>(AUTH_CACHE);
    bus.on(AUTH_CACHE, (keys) => {
      if (!keys) return this.sessions.drop();
      const users = new Set(keys.filter((k) => k.startsWith('user:')).map((k) => k.slice(5)));
      const sids = new Set(keys.filter((k) => k.startsWith('session:')).map((k) => k.slice(8)));
      this.sessions.drop((_key, u) => users.has(u.id) || sids.has(u.sessionId));
    });
  }

  /** Tokens, or (a holder of a role of MFA_REQUIRED_ROLES) a challenge to answer at POST /auth/mfa. */
  async login(usernameRaw: string, password: string): Promise<LoginResult> {
    const username = normalizeUsername(String(usernameRaw ?? ''));
    const rows: { id: string; hash: string; locked: boolean; disabled: boolean }[] = await this.ds.query(
      `SELECT id, password_hash AS hash, (locked_until IS NOT NULL AND locked_until > now()) AS locked, disabled_at IS NOT NULL AS disabled
       FROM users WHERE username = $1`,
      [username],
    );
    const user = rows[0];
    if (!user || user.locked) {
      // Same work and same answer whether the user is unknown or locked.
      await verifyPassword(String(password ?? ''), await dummyHash());
      throw invalidCredentials();
    }
    const ok = await verifyPassword(String(password ?? ''), user.hash);
    if (!ok) {
      // Atomic: concurrent failures each count; the 5th locks for 15 minutes; an expired lock restarts the count.
      await this.ds.query(
        `UPDATE users SET
           failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END) >= $2
                               THEN now() + make_interval(mins => $3) ELSE NULL END
         WHERE id = $1`,
        [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
      );
      throw invalidCredentials();
    }
    if (user.disabled) throw invalidCredentials();
    await this.ds.query(`UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [user.id]);
    return this.completeLogin(user.id, 'pwd');
  }

  /**
   * The first factor is done (password, or the identity provider): tokens, or an MFA challenge
   * when the user holds a role of MFA_REQUIRED_ROLES today. Used by the local and the SSO login alike.
   */
  async completeLogin(userId: string, method: MfaTokenClaims['amr']): Promise<LoginResult> {
    const live: { ok: boolean }[] = await this.ds.query(`SELECT disabled_at IS NULL AS ok FROM users WHERE id = $1`, [userId]);
    if (!live[0]?.ok) throw invalidCredentials();
    if (await this.mfa.required(userId)) {
      const claims: MfaTokenClaims = { sub: userId, typ: 'mfa', amr: method };
      const challenge: MfaChallenge = {
        mfaRequired: true,
        mfaToken: await this.jwt.signAsync(claims, { expiresIn: MFA_TOKEN_TTL_SECONDS, jwtid: randomUUID() }),
        expiresIn: MFA_TOKEN_TTL_SECONDS,
        enrolled: await this.mfa.enrolled(userId),
      };
      return challenge;
    }
    return this.ds.transaction((em) => this.issue(em, userId, randomUUID()));
  }

  /** The second step: the challenge's token and a TOTP code (the first code also activates a pending enrolment). */
  async completeMfa(mfaToken: string, code: string): Promise<TokenPair> {
    const userId = await this.mfaUser(mfaToken);
    await this.mfa.check(userId, code, { activate: true });
    return this.ds.transaction((em) => this.issue(em, userId, randomUUID()));
  }

  /**
   * Enrolment during the challenge (a user who must use a second factor and has none yet): a new
   * pending secret, shown once; the first good code at POST /auth/mfa activates it.
   */
  async enrolWithMfaToken(mfaToken: string): Promise<TotpEnrolment> {
    const userId = await this.mfaUser(mfaToken);
    const [row] = await this.ds.query(`SELECT username FROM users WHERE id = $1`, [userId]);
    return this.mfa.setup(userId, (row as { username: string }).username);
  }

  private async mfaUser(mfaToken: string): Promise<string> {
    let claims: MfaTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<MfaTokenClaims & object>(String(mfaToken ?? ''));
    } catch {
      throw invalidToken();
    }
    if (claims.typ !== 'mfa' || typeof claims.sub !== 'string') throw invalidToken();
    return claims.sub;
  }

  /** Rotate: the presented token is used up and a new one issued in the same family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    if (typeof refreshToken !== 'string' || refreshToken.length < 20 || refreshToken.length > 200) throw invalidToken();
    const hash = sha256(refreshToken);
    const outcome = await this.ds.transaction(async (em): Promise<TokenPair | 'reused' | 'invalid'> => {
      const rows: { id: string; userId: string; familyId: string; used: boolean; revoked: boolean; expired: boolean; disabled: boolean }[] =
        await em.query(
          `SELECT t.id, t.user_id AS "userId", t.family_id AS "familyId", t.used_at IS NOT NULL AS used, t.revoked_at IS NOT NULL AS revoked,
                t.expires_at <= now() AS expired, u.disabled_at IS NOT NULL AS disabled
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
          [hash],
        );
      const row = rows[0];
      if (!row) return 'invalid';
      if (row.used || row.revoked) {
        await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [row.familyId]);
        return row.used ? 'reused' : 'invalid';
      }
      if (row.expired || row.disabled) return 'invalid';
      const pair = await this.issue(em, row.userId, row.familyId, row.id);
      return pair;
    });
    if (outcome === 'reused') {
      // The whole family was revoked: its access tokens stop working on every instance.
      const [fam] = await this.ds.query(`SELECT family_id AS "familyId" FROM refresh_tokens WHERE token_hash = $1`, [hash]);
      if (fam) await this.bus.invalidate(AUTH_CACHE, [`session:${(fam as { familyId: string }).familyId}`]);
    }
    if (outcome === 'reused' || outcome === 'invalid') throw invalidToken();
    return outcome;
  }

  /**
   * A user changes their own password: the current one is required (a wrong one counts as a failed
   * login, so a stolen access token cannot guess it past the lockout); every other session of the
   * user is revoked, the one it was done from stays signed in.
   */
  async changePassword(user: Pick<AuthenticatedUser, 'id' | 'sessionId'>, currentPassword: string, newPassword: string): Promise<void> {
    const rows: { hash: string; locked: boolean }[] = await this.ds.query(
      `SELECT password_hash AS hash, (locked_until IS NOT NULL AND locked_until > now()) AS locked FROM users WHERE id = $1 AND disabled_at IS NULL`,
      [user.id],
    );
    const row = rows[0];
    if (!row) throw invalidToken();
    const wrong = (): OrgsError =>
      new OrgsError('ORGS.INVALID_INPUT', message('ORGS.CURRENT_PASSWORD_WRONG'), {
        errors: [{ field: 'currentPassword', messages: [message('ORGS.WRONG')] }],
      });
    if (row.locked) {
      await verifyPassword(String(currentPassword ?? ''), await dummyHash());
      throw wrong();
    }
    if (!(await verifyPassword(String(currentPassword ?? ''), row.hash))) {
      await this.ds.query(
        `UPDATE users SET failed_attempts = failed_attempts + 1,
           locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1`,
        [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
      );
      throw wrong();
    }
    if (currentPassword === newPassword)
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.NEW_PASSWORD_MUST_DIFFER_FROM'), {
        errors: [{ field: 'newPassword', messages: [message('ORGS.MUST_DIFFER_FROM_CURRENT_ONE')] }],
      });
    await this.users.setPassword(user.id, newPassword, user.sessionId);
  }

  /** End a session: every refresh token of the family is revoked and its access tokens stop working. */
  async logout(sessionId: string): Promise<void> {
    await this.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [sessionId]);
    await this.bus.invalidate(AUTH_CACHE, [`session:${sessionId}`]);
  }

  /** Verify an access token and load the user with the grants in force today; AUTH.INVALID_TOKEN otherwise. */
  async authenticate(accessToken: string): Promise<AuthenticatedUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(accessToken);
    } catch {
      throw invalidToken();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw invalidToken();
    const today = todayInVietnam();
    const key = `${claims.sub}|${claims.sid}|${today}`;
    // Stamped: a logout, disable or revoke on any instance has bumped the shared generation before it
    // answered, so no instance serves the old session after that (one Redis GET instead of a query).
    const stamp = await this.sessions.stamp();
    const cached = this.sessions.get(key, Date.now(), stamp);
    if (cached) return cached;
    const mark = this.sessions.mark();
    // One statement: the user (not disabled), the session (not revoked) and the grants in force today.
    const rows: { id: string; username: string; personId: string | null; live: boolean; grants: RoleGrantView[] }[] = await this.ds.query(
      `SELECT u.id, u.username, u.person_id AS "personId",
              EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS live,
              COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'organisationId', g.organisation_id,
                                                          'validFrom', g.valid_from::text, 'validTo', g.valid_to::text)
                                        ORDER BY g.valid_from, g.role)
                          FROM role_grants g WHERE g.user_id = u.id AND ${validOn('g', '$3')}), '[]'::json) AS grants
       FROM users u WHERE u.id = $1 AND u.disabled_at IS NULL`,
      [claims.sub, claims.sid, today],
    );
    const user = rows[0];
    if (!user || !user.live) throw invalidToken();
    const authenticated: AuthenticatedUser = {
      id: user.id,
      username: user.username,
      personId: user.personId,
      sessionId: claims.sid,
      grants: user.grants,
    };
    this.sessions.set(key, authenticated, mark, Date.now(), stamp);
    return authenticated;
  }

  private async issue(em: EntityManager, userId: string, familyId: string, replacing?: string): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const [row] = await em.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
      [userId, familyId, sha256(refreshToken), this.config.REFRESH_TOKEN_TTL_SECONDS],
    );
    if (replacing)
      await em.query(`UPDATE refresh_tokens SET used_at = now(), replaced_by_id = $2 WHERE id = $1`, [
        replacing,
        (row as { id: string }).id,
      ]);
    const claims: AccessTokenClaims = { sub: userId, sid: familyId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
    };
  }
}
