import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, CacheBus } from '#platform';
import { todayInVietnam } from '../common/dates.js';
import { OrgsError, notFound } from '../common/errors.js';
import { type Role, isRole } from '../common/roles.js';
import { IdentityCipher } from '../crypto/identity-cipher.js';
import { AUTH_CACHE, USERNAME_PATTERN, normalizeUsername } from '../users/user.service.js';
import { hashPassword } from '../users/password.js';
import { AuthService } from './auth.service.js';
import type { LoginResult } from './auth.types.js';
import { message } from '#messages';

export const OIDC_STATE_PURPOSE = 'oidc.login-state';
/** Seconds the browser has to come back from the identity provider. */
export const OIDC_STATE_TTL_SECONDS = 600;
/** Seconds the web app has to exchange the one-time code of the callback. */
export const SSO_HANDOFF_TTL_SECONDS = 60;

/** One grant named by the identity provider: `role@ORGANISATION-CODE`. */
export interface ClaimedGrant {
  role: Role;
  organisationCode: string;
}

/**
 * The grants of a claim value: a list (or a space/comma-separated string) of `role@CODE`. Entries
 * with an unknown role or no organisation are ignored (a global grant is never taken from a
 * claim). Duplicates are kept once.
 */
export function parseGrantClaim(value: unknown): { grants: ClaimedGrant[]; ignored: number } {
  const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const seen = new Set<string>();
  const grants: ClaimedGrant[] = [];
  let ignored = 0;
  for (const entry of entries) {
    const m = typeof entry === 'string' ? /^([A-Za-z]+)@([A-Za-z0-9._-]{1,64})$/.exec(entry.trim()) : null;
    if (!m || !isRole(m[1])) {
      if (!(typeof entry === 'string' && entry.trim() === '')) ignored++;
      continue;
    }
    const key = `${m[1]}@${m[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    grants.push({ role: m[1], organisationCode: m[2]! });
  }
  return { grants, ignored };
}

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
const isLoopback = (url: URL): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

interface LoginState {
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

function ssoFailed(reason: string): OrgsError {
  return new OrgsError('AUTH.SSO_FAILED', message('ORGS.SINGLE_SIGN_ON_FAILED'), { reason });
}

/**
 * Single sign-on with OpenID Connect (openid-client 6), beside local accounts: authorization code
 * with PKCE; state, nonce and the PKCE verifier travel in an encrypted (AES-256-GCM, data key),
 * short-lived, httpOnly cookie; the ID token is validated (issuer, audience, signature, nonce,
 * expiry) by openid-client. A user is linked by (issuer, subject); its organisation grants come
 * from the claim OIDC_ROLES_CLAIM and replace its SSO-sourced grants at each login (grants an
 * administrator gave are kept). The callback hands the web app a one-time code, never tokens.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private discovered?: Promise<oidc.Configuration>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly cipher: IdentityCipher,
    private readonly auth: AuthService,
    private readonly bus: CacheBus,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER_URL);
  }

  /** 404 while SSO is off (no OIDC_ISSUER_URL). */
  assertEnabled(): void {
    if (!this.enabled) throw notFound(message('ORGS.SINGLE_SIGN_ON_NOT_ENABLED'));
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.config.OIDC_ISSUER_URL!);
      // Plain HTTP only to a provider on this machine (the tests' local provider).
      const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
      this.discovered = oidc
        .discovery(
          issuer,
          this.config.OIDC_CLIENT_ID!,
          { redirect_uris: [this.config.OIDC_REDIRECT_URI!], response_types: ['code'] },
          oidc.ClientSecretBasic(this.config.OIDC_CLIENT_SECRET!),
          insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
        )
        .catch((err: unknown) => {
          this.discovered = undefined;
          this.logger.warn({ msg: 'OIDC discovery failed', err: err instanceof Error ? err.message : String(err) });
          throw ssoFailed('discovery');
        });
    }
    return this.discovered;
  }

  /** Step 1: the provider's authorization URL and the cookie that keeps state, nonce and verifier. */
  async begin(nowMs = Date.now()): Promise<{ url: string; cookie: string; maxAge: number }> {
    this.assertEnabled();
    const config = await this.configuration();
    const state: LoginState = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      exp: Math.floor(nowMs / 1000) + OIDC_STATE_TTL_SECONDS,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.config.OIDC_REDIRECT_URI!,
      scope: this.config.OIDC_SCOPES,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(state.verifier),
      code_challenge_method: 'S256',
      state: state.state,
      nonce: state.nonce,
    });
    return { url: url.href, cookie: this.cipher.encrypt(JSON.stringify(state), OIDC_STATE_PURPOSE), maxAge: OIDC_STATE_TTL_SECONDS };
  }

  /**
   * Step 2: the provider sent the browser back. The code is exchanged, the ID token validated, the
   * user linked and its grants replaced; the answer is a one-time code for the web app.
   */
  async finish(query: string, cookie: string | undefined, nowMs = Date.now()): Promise<string> {
    this.assertEnabled();
    let saved: LoginState;
    try {
      saved = JSON.parse(this.cipher.decrypt(String(cookie ?? ''), OIDC_STATE_PURPOSE)) as LoginState;
    } catch {
      throw ssoFailed('state');
    }
    if (typeof saved.exp !== 'number' || saved.exp * 1000 < nowMs) throw ssoFailed('state');
    const config = await this.configuration();
    const callback = new URL(this.config.OIDC_REDIRECT_URI!);
    callback.search = query.startsWith('?') ? query : `?${query}`;
    let claims: Record<string, unknown>;
    let issuer: string;
    let subject: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: saved.verifier,
        expectedState: saved.state,
        expectedNonce: saved.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      issuer = idClaims.iss;
      subject = idClaims.sub;
      claims = { ...idClaims };
      if (!(this.config.OIDC_ROLES_CLAIM in claims) && config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, subject);
        claims = { ...info, ...idClaims };
      }
    } catch (err) {
      // The provider's error text may carry user input; only its kind is logged.
      this.logger.warn({ msg: 'OIDC callback refused', err: err instanceof Error ? err.name : 'error' });
      throw ssoFailed('callback');
    }
    const userId = await this.ds.transaction((em) => this.linkAndSync(em, issuer, subject, claims));
    // The provider's grants may have changed: the user's other sessions see them at once.
    await this.bus.invalidate(AUTH_CACHE, [`user:${userId}`]);
    const code = randomBytes(32).toString('base64url');
    await this.ds.query(`INSERT INTO sso_handoffs (code_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      sha256(code),
      userId,
      SSO_HANDOFF_TTL_SECONDS,
    ]);
    return code;
  }

  /** Step 3: the web app trades the one-time code for tokens (or an MFA challenge), once. */
  async exchange(code: string): Promise<LoginResult> {
    this.assertEnabled();
    if (typeof code !== 'string' || code.length < 20 || code.length > 200) throw ssoFailed('code');
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ userId: string }[], number] = await this.ds.query(
      `UPDATE sso_handoffs SET used_at = now() WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`,
      [sha256(code)],
    );
    if (!rows[0]) throw ssoFailed('code');
    await this.ds.query(`DELETE FROM sso_handoffs WHERE expires_at < now() - interval '1 day'`);
    return this.auth.completeLogin(rows[0].userId, 'oidc');
  }

  /** The user of (issuer, subject), created on its first login; its SSO grants replaced by the claim's. */
  private async linkAndSync(em: EntityManager, issuer: string, subject: string, claims: Record<string, unknown>): Promise<string> {
    const found: { userId: string; disabled: boolean }[] = await em.query(
      `SELECT i.user_id AS "userId", u.disabled_at IS NOT NULL AS disabled FROM user_identities i JOIN users u ON u.id = i.user_id
       WHERE i.issuer = $1 AND i.subject = $2 FOR UPDATE OF i`,
      [issuer, subject],
    );
    let userId: string;
    if (found[0]) {
      if (found[0].disabled) throw ssoFailed('disabled');
      userId = found[0].userId;
      await em.query(`UPDATE user_identities SET last_login_at = now() WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
    } else {
      userId = await this.createUser(em, issuer, subject, claims);
      await em.query(`INSERT INTO user_identities (user_id, issuer, subject, last_login_at) VALUES ($1, $2, $3, now())`, [userId, issuer, subject]);
    }
    await this.syncGrants(em, userId, claims[this.config.OIDC_ROLES_CLAIM]);
    return userId;
  }

  /**
   * A new local user for a new identity. Its username is the provider's preferred_username when
   * that is valid and free, otherwise `sso.<hash>`; never an existing account (no linking by
   * name: that would let the provider take over a local account). It has no usable password.
   */
  private async createUser(em: EntityManager, issuer: string, subject: string, claims: Record<string, unknown>): Promise<string> {
    const preferred = typeof claims.preferred_username === 'string' ? normalizeUsername(claims.preferred_username) : '';
    const fallback = `sso.${sha256(`${issuer}\u0000${subject}`).slice(0, 16)}`;
    const taken = async (name: string): Promise<boolean> => (await em.query(`SELECT 1 FROM users WHERE username = $1`, [name])).length > 0;
    const username = USERNAME_PATTERN.test(preferred) && !(await taken(preferred)) ? preferred : fallback;
    const unusable = await hashPassword(randomBytes(32).toString('base64'));
    const [row] = await em.query(`INSERT INTO users (username, password_hash) VALUES ($1, $2) RETURNING id`, [username, unusable]);
    return (row as { id: string }).id;
  }

  private async syncGrants(em: EntityManager, userId: string, claim: unknown): Promise<void> {
    const { grants, ignored } = parseGrantClaim(claim);
    const codes = [...new Set(grants.map((g) => g.organisationCode))];
    const orgs: { id: string; code: string }[] = codes.length ? await em.query(`SELECT id, code FROM organisations WHERE code = ANY($1::text[])`, [codes]) : [];
    const idOf = new Map(orgs.map((o) => [o.code, o.id]));
    const wanted = new Map<string, { role: Role; organisationId: string }>();
    for (const g of grants) {
      const organisationId = idOf.get(g.organisationCode);
      if (organisationId) wanted.set(`${g.role}|${organisationId}`, { role: g.role, organisationId });
    }
    const unknownOrgs = grants.length - [...grants].filter((g) => idOf.has(g.organisationCode)).length;
    if (ignored + unknownOrgs > 0) this.logger.warn({ msg: 'OIDC grant claim entries ignored', ignored, unknownOrganisations: unknownOrgs });
    const today = todayInVietnam();
    const current: { id: string; role: Role; organisationId: string; validFrom: string }[] = await em.query(
      `SELECT id, role, organisation_id AS "organisationId", valid_from::text AS "validFrom" FROM role_grants
       WHERE user_id = $1 AND source = 'oidc' AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
      [userId, today],
    );
    for (const g of current) {
      const key = `${g.role}|${g.organisationId}`;
      if (wanted.has(key)) {
        wanted.delete(key);
        continue;
      }
      // No longer claimed: ended today (removed when it began today, an empty period).
      if (g.validFrom === today) await em.query(`DELETE FROM role_grants WHERE id = $1`, [g.id]);
      else await em.query(`UPDATE role_grants SET valid_to = $2::date WHERE id = $1`, [g.id, today]);
    }
    for (const g of wanted.values())
      await em.query(`INSERT INTO role_grants (user_id, role, organisation_id, valid_from, source) VALUES ($1, $2, $3, $4::date, 'oidc')`, [
        userId,
        g.role,
        g.organisationId,
        today,
      ]);
  }
}
