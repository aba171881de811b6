import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheBus, type LocalCache } from '#platform';
import type { AuthenticatedUser } from '../auth/auth.types.js';
import { type IsoDate, todayInVietnam } from '../common/dates.js';
import { forbidden, notFound } from '../common/errors.js';
import type { Role } from '../common/roles.js';
import { ORGS_CACHE, ROLLUP_CTE, assertDate, isUuid } from '../organisations/organisation.service.js';
import type { RoleGrantView } from '../users/user.service.js';

/** Who is asking: the authenticated user, or anything carrying its grants. */
export type Actor = Pick<AuthenticatedUser, 'id' | 'grants'>;

const inForce = (g: RoleGrantView, date: IsoDate): boolean => g.validFrom <= date && (g.validTo === null || g.validTo > date);

/**
 * Scope and permission answers for every API: a grant covers the subtree under its organisation,
 * including whatever rolled into that subtree (predecessors of merged organisations).
 *
 * The rule every controller follows: a record outside every scope of the user answers 404 (its
 * existence never leaks); a record inside a scope but without the needed role answers 403.
 * `assertCanAct` implements exactly that.
 */
@Injectable()
export class AccessService {
  /**
   * Per organisation, every organisation whose roll-up holds it (`org_scope_ids`, the same key as
   * `cases.scope_ids`): a grant on any of them covers it. Existing organisations only; dropped on
   * every instance when a succession is recorded (ORGS_CACHE). The closure itself only grows (the
   * parent is immutable), and a new organisation is a new key.
   */
  private readonly scopes?: LocalCache<readonly string[]>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() bus?: CacheBus,
  ) {
    if (bus) {
      const scopes = bus.cache<readonly string[]>(ORGS_CACHE);
      bus.on(ORGS_CACHE, () => scopes.drop());
      this.scopes = scopes;
    }
  }

  /** Roots of the grants in force on `asOf` (optionally of some roles); 'all' when a global grant applies. */
  scopeRoots(user: Actor, roles?: readonly Role[], asOf: IsoDate = todayInVietnam()): string[] | 'all' {
    const grants = user.grants.filter((g) => inForce(g, asOf) && (!roles || roles.includes(g.role)));
    if (grants.some((g) => g.organisationId === null)) return 'all';
    return [...new Set(grants.map((g) => g.organisationId as string))];
  }

  /** True when the user holds any of the roles (anywhere) on `asOf`. */
  hasRole(user: Actor, roles: Role | readonly Role[], asOf: IsoDate = todayInVietnam()): boolean {
    const wanted = typeof roles === 'string' ? [roles] : roles;
    return user.grants.some((g) => inForce(g, asOf) && wanted.includes(g.role));
  }

  /** May the user act in one of `roles` on the organisation on `asOf`? (Grant in force then, scope covering it.) */
  async canAct(user: Actor, roles: Role | readonly Role[], organisationId: string, asOf: IsoDate = todayInVietnam()): Promise<boolean> {
    assertDate(asOf);
    const roots = this.scopeRoots(user, typeof roles === 'string' ? [roles] : roles, asOf);
    return this.covers(roots, organisationId);
  }

  /** May the user see the organisation (any role in force today)? */
  async canSee(user: Actor, organisationId: string): Promise<boolean> {
    return this.covers(this.scopeRoots(user), organisationId);
  }

  /** Some organisation of the list visible (a person is visible through any organisation holding them). */
  async canSeeAny(user: Actor, organisationIds: readonly string[]): Promise<boolean> {
    const roots = this.scopeRoots(user);
    if (roots === 'all') return organisationIds.length > 0;
    for (const id of organisationIds) if (await this.covers(roots, id)) return true;
    return false;
  }

  /** 404 unless the organisation is visible to the user. */
  async assertVisible(user: Actor, organisationId: string): Promise<void> {
    if (!(await this.canSee(user, organisationId))) throw notFound();
  }

  /**
   * The check for a write: 404 when the organisation is outside every scope of the user, 403 when it
   * is visible but no grant of `roles` covers it on `asOf`.
   */
  async assertCanAct(user: Actor, roles: Role | readonly Role[], organisationId: string, asOf: IsoDate = todayInVietnam()): Promise<void> {
    if (!(await this.canSee(user, organisationId))) throw notFound();
    if (!(await this.canAct(user, roles, organisationId, asOf))) throw forbidden();
  }

  /** Every organisation id the user may see today (all organisations for a global grant). */
  async visibleOrgIds(user: Actor, roles?: readonly Role[]): Promise<string[]> {
    const roots = this.scopeRoots(user, roles);
    if (roots === 'all') return (await this.ds.query(`SELECT id FROM organisations`)).map((r: { id: string }) => r.id);
    if (roots.length === 0) return [];
    const rows: { id: string }[] = await this.ds.query(`${ROLLUP_CTE('$1')} SELECT id FROM rollup`, [roots]);
    return rows.map((r) => r.id);
  }

  /**
   * A SQL condition restricting `column` (an organisation id column) to the user's scope, for
   * queries that must not load out-of-scope rows at all. Parameters are numbered from
   * `firstParam`; append `params` to the query's own.
   *
   *   const s = access.scopeSql(user, 'c.organisation_id', 3);
   *   ds.query(`SELECT ... FROM cases c WHERE c.state = $1 AND c.id = $2 AND ${s.sql}`, [state, id, ...s.params]);
   */
  scopeSql(user: Actor, column: string, firstParam = 1, roles?: readonly Role[]): { sql: string; params: unknown[] } {
    const roots = this.scopeRoots(user, roles);
    if (roots === 'all') return { sql: 'TRUE', params: [] };
    if (roots.length === 0) return { sql: 'FALSE', params: [] };
    return { sql: `${column} IN (${ROLLUP_CTE(`$${firstParam}`)} SELECT id FROM rollup)`, params: [roots] };
  }

  /**
   * The same restriction as `scopeSql` for a `cases` row, answered by its scope key: `scope_ids`
   * holds every organisation whose roll-up contains the case's organisation (ancestors and
   * successors, transitively; migration 1767400000012, kept by triggers), so overlapping the
   * user's roots is exactly "organisation_id in the roll-up of a root", through a GIN index
   * instead of the roll-up rebuilt per request (docs/performance.md).
   */
  caseScopeSql(user: Actor, casesAlias: string, firstParam = 1, roles?: readonly Role[]): { sql: string; params: unknown[] } {
    const roots = this.scopeRoots(user, roles);
    if (roots === 'all') return { sql: 'TRUE', params: [] };
    if (roots.length === 0) return { sql: 'FALSE', params: [] };
    return { sql: `${casesAlias}.scope_ids && $${firstParam}::uuid[]`, params: [roots] };
  }

  /**
   * True when the user's grants (optionally of some roles) cover every organisation: a global grant,
   * or grants on every root. Readers of records that belong to no organisation (logins, operators'
   * actions) need this (docs/security.md, "audit scoping").
   */
  async coversEverything(user: Actor, roles?: readonly Role[]): Promise<boolean> {
    const roots = this.scopeRoots(user, roles);
    if (roots === 'all') return true;
    if (roots.length === 0) return false;
    const s = this.scopeSql(user, 'o.id', 1, roles);
    const rows: { all: boolean }[] = await this.ds.query(
      `SELECT count(*) > 0 AND count(*) FILTER (WHERE NOT (${s.sql})) = 0 AS "all" FROM organisations o`,
      s.params,
    );
    return rows[0]?.all === true;
  }

  private async covers(roots: string[] | 'all', organisationId: string): Promise<boolean> {
    if (!isUuid(organisationId)) return false;
    if (roots !== 'all' && roots.length === 0) return false;
    const scope = await this.scopeOf(organisationId);
    if (!scope) return false;
    if (roots === 'all') return true;
    return roots.some((r) => scope.includes(r));
  }

  /** The organisations whose roll-up holds this one (itself, its ancestors, its successors, transitively); null when it does not exist. */
  private async scopeOf(organisationId: string): Promise<readonly string[] | null> {
    const hit = this.scopes?.get(organisationId);
    if (hit) return hit;
    const mark = this.scopes?.mark() ?? 0;
    const rows: { ids: string[] }[] = await this.ds.query(`SELECT org_scope_ids(o.id) AS ids FROM organisations o WHERE o.id = $1`, [organisationId]);
    const ids = rows[0]?.ids ?? null;
    if (ids) this.scopes?.set(organisationId, ids, mark);
    return ids;
  }
}
