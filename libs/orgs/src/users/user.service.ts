import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheBus } from '#platform';
import { type IsoDate, todayInVietnam } from '../common/dates.js';
import { OrgsError, isUniqueViolation, notFound } from '../common/errors.js';
import { type Role, isRole } from '../common/roles.js';
import { assertDate, isUuid, validOn } from '../organisations/organisation.service.js';
import { hashPassword, passwordProblem } from './password.js';
import { message } from '#messages';

export interface RoleGrantView {
  id: string;
  role: Role;
  /** Root of the subtree the role covers; null: everywhere (global admin only). */
  organisationId: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface UserView {
  id: string;
  username: string;
  personId: string | null;
  disabled: boolean;
  grants: RoleGrantView[];
}

export interface GrantRoleInput {
  userId: string;
  role: Role;
  organisationId: string | null;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
  grantedBy?: string | null;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * The cache topic of sessions and grants (AuthService): keys `user:<id>` (the user's every session:
 * disabled, grants changed, sessions revoked) and `session:<family id>` (one session ended).
 */
export const AUTH_CACHE = 'auth';

const GRANT_COLUMNS = `g.id, g.role, g.organisation_id AS "organisationId", g.valid_from::text AS "validFrom", g.valid_to::text AS "validTo"`;

/** Users and their scoped role grants. Passwords are hashed here and never leave. */
@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() private readonly bus?: CacheBus,
  ) {}

  /** After a commit that changed the user's sessions or grants: drop them on every API instance. */
  private async changed(userId: string): Promise<void> {
    await this.bus?.invalidate(AUTH_CACHE, [`user:${userId}`]);
  }

  async create(input: { username: string; password: string; personId?: string | null }): Promise<UserView> {
    const username = normalizeUsername(input.username);
    if (!USERNAME_PATTERN.test(username))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.USERNAME_3_64_CHARACTERS_Z'));
    const problem = passwordProblem(input.password);
    if (problem) throw new OrgsError('ORGS.INVALID_INPUT', problem);
    if (input.personId) {
      const rows = await this.ds.query(`SELECT 1 FROM people WHERE id = $1`, [isUuid(input.personId) ? input.personId : null]);
      if (rows.length === 0) throw notFound(message('COMMON.PERSON_NOT_FOUND'));
    }
    const hash = await hashPassword(input.password);
    try {
      const [row] = await this.ds.query(`INSERT INTO users (username, password_hash, person_id) VALUES ($1, $2, $3) RETURNING id`, [
        username,
        hash,
        input.personId ?? null,
      ]);
      return this.get((row as { id: string }).id);
    } catch (err) {
      if (isUniqueViolation(err)) throw new OrgsError('ORGS.CONFLICT', message('ORGS.USERNAME_ALREADY_TAKEN'));
      throw err;
    }
  }

  /**
   * Set a new password. It ends every session of the user, but `keepSessionId` (the user changing
   * their own password stays signed in on the device they did it from).
   */
  async setPassword(userId: string, password: string, keepSessionId?: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new OrgsError('ORGS.INVALID_INPUT', problem, { errors: [{ field: 'newPassword', messages: [problem] }] });
    const hash = await hashPassword(password);
    await this.ds.transaction(async (m) => {
      const result: [unknown[], number] = await m.query(
        `UPDATE users SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE id = $1`,
        [isUuid(userId) ? userId : null, hash],
      );
      if (result[1] === 0) throw notFound(message('ORGS.USER_NOT_FOUND'));
      await m.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2`,
        [userId, keepSessionId ?? null],
      );
    });
    await this.changed(userId);
  }

  /**
   * Disable an account: it can no longer log in or refresh, and its access tokens stop working on
   * the next request (the guard loads the user on every request). Every session is revoked too.
   */
  async disable(userId: string): Promise<UserView> {
    await this.ds.transaction(async (m) => {
      const result: [unknown[], number] = await m.query(`UPDATE users SET disabled_at = COALESCE(disabled_at, now()), updated_at = now() WHERE id = $1`, [
        isUuid(userId) ? userId : null,
      ]);
      if (result[1] === 0) throw notFound(message('ORGS.USER_NOT_FOUND'));
      await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    });
    await this.changed(userId);
    return this.get(userId);
  }

  /** Enable a disabled account again (it logs in anew; old sessions stay revoked). */
  async enable(userId: string): Promise<UserView> {
    const result: [unknown[], number] = await this.ds.query(`UPDATE users SET disabled_at = NULL, failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE id = $1`, [
      isUuid(userId) ? userId : null,
    ]);
    if (result[1] === 0) throw notFound(message('ORGS.USER_NOT_FOUND'));
    await this.changed(userId);
    return this.get(userId);
  }

  async find(id: string): Promise<UserView | null> {
    if (!isUuid(id)) return null;
    const rows: { id: string; username: string; personId: string | null; disabled: boolean }[] = await this.ds.query(
      `SELECT id, username, person_id AS "personId", disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`,
      [id],
    );
    if (!rows[0]) return null;
    return { ...rows[0], grants: await this.grantsOf(id) };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.find(id);
    if (!user) throw notFound(message('ORGS.USER_NOT_FOUND'));
    return user;
  }

  async findByUsername(username: string): Promise<UserView | null> {
    const rows: { id: string }[] = await this.ds.query(`SELECT id FROM users WHERE username = $1`, [normalizeUsername(username)]);
    return rows[0] ? this.find(rows[0].id) : null;
  }

  /** Users holding a grant within the given organisations (null: all users), by username. */
  async list(organisationIds: readonly string[] | null): Promise<UserView[]> {
    const rows: { id: string }[] =
      organisationIds === null
        ? await this.ds.query(`SELECT id FROM users ORDER BY username`)
        : await this.ds.query(
            `SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.organisation_id = ANY($1::uuid[])) ORDER BY u.username`,
            [organisationIds],
          );
    const users: UserView[] = [];
    for (const r of rows) users.push(await this.get(r.id));
    return users;
  }

  /** All grants of a user (any date), or only those in force on `asOf`. */
  async grantsOf(userId: string, asOf?: IsoDate): Promise<RoleGrantView[]> {
    if (asOf) assertDate(asOf);
    return this.ds.query(
      `SELECT ${GRANT_COLUMNS} FROM role_grants g WHERE g.user_id = $1 ${asOf ? `AND ${validOn('g', '$2')}` : ''} ORDER BY g.valid_from, g.role`,
      asOf ? [userId, asOf] : [userId],
    );
  }

  async grant(input: GrantRoleInput): Promise<RoleGrantView> {
    if (!isRole(input.role)) throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.UNKNOWN_ROLE'));
    assertDate(input.validFrom, 'validFrom');
    if (input.validTo != null) assertDate(input.validTo, 'validTo');
    if (input.validTo != null && input.validTo <= input.validFrom)
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.VALIDTO_MUST_AFTER_VALIDFROM'));
    if (input.organisationId === null && input.role !== 'admin')
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.ROLE_NEEDS_ORGANISATION_SCOPE'));
    await this.get(input.userId);
    if (input.organisationId !== null) {
      const rows = await this.ds.query(`SELECT 1 FROM organisations WHERE id = $1`, [
        isUuid(input.organisationId) ? input.organisationId : null,
      ]);
      if (rows.length === 0) throw notFound(message('COMMON.ORGANISATION_NOT_FOUND'));
    }
    const [row] = await this.ds.query(
      `INSERT INTO role_grants (user_id, role, organisation_id, valid_from, valid_to, granted_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.userId, input.role, input.organisationId, input.validFrom, input.validTo ?? null, input.grantedBy ?? null],
    );
    await this.changed(input.userId);
    const [grant] = await this.ds.query(`SELECT ${GRANT_COLUMNS} FROM role_grants g WHERE g.id = $1`, [(row as { id: string }).id]);
    return grant as RoleGrantView;
  }

  async findGrant(grantId: string): Promise<(RoleGrantView & { userId: string }) | null> {
    if (!isUuid(grantId)) return null;
    const rows = await this.ds.query(`SELECT ${GRANT_COLUMNS}, g.user_id AS "userId" FROM role_grants g WHERE g.id = $1`, [grantId]);
    return (rows[0] as (RoleGrantView & { userId: string }) | undefined) ?? null;
  }

  /** End a grant: `validTo` is the first day it no longer holds (default: today, i.e. at once). */
  async endGrant(grantId: string, validTo: IsoDate = todayInVietnam()): Promise<RoleGrantView> {
    assertDate(validTo, 'validTo');
    const grant = await this.findGrant(grantId);
    if (!grant) throw notFound(message('ORGS.GRANT_NOT_FOUND'));
    const end = validTo <= grant.validFrom ? null : validTo;
    if (end === null) await this.ds.query(`DELETE FROM role_grants WHERE id = $1`, [grantId]);
    else await this.ds.query(`UPDATE role_grants SET valid_to = $2 WHERE id = $1`, [grantId, end]);
    await this.changed(grant.userId);
    const { userId: _userId, ...view } = grant;
    return { ...view, validTo: end ?? grant.validFrom };
  }
}
