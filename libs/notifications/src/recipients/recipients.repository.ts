import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Recipients, RoleName } from '../notification.types.js';

const TODAY_VN = `(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * Reads libs/orgs tables (users, role_grants, organisation_closure, organisation_competences,
 * organisations) directly: the orgs barrel offers no "users by organisation and role" yet. These
 * cross-owner reads stay raw `.query()` calls until they move behind an orgs port (ADR 0004
 * stage 3); every other query of libs/notifications is Kysely. Only enabled users and grants in
 * force today (Vietnam date) count.
 */
@Injectable()
export class RecipientsRepository {
  async resolve(em: EntityManager, recipients: Recipients): Promise<string[]> {
    const ids = new Set<string>();
    await this.collect(em, recipients, ids);
    return [...ids].sort();
  }

  private async collect(em: EntityManager, r: Recipients, into: Set<string>): Promise<void> {
    let rows: { id: string }[];
    if (isUserIds(r)) {
      if (r.length === 0) return;
      // eslint-disable-next-line no-restricted-syntax -- cross-owner read (libs/orgs tables), ADR 0004 stage 3
      rows = await em.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`, [[...r]]);
    } else if ('anyOf' in r) {
      for (const part of r.anyOf) await this.collect(em, part, into);
      return;
    } else if ('personIds' in r) {
      if (r.personIds.length === 0) return;
      // eslint-disable-next-line no-restricted-syntax -- cross-owner read (libs/orgs tables), ADR 0004 stage 3
      rows = await em.query(`SELECT id FROM users WHERE person_id = ANY($1::uuid[]) AND disabled_at IS NULL`, [[...r.personIds]]);
    } else {
      rows = await this.byRole(em, r.organisationId, r.roles, r.covering ?? false);
    }
    for (const row of rows) into.add(row.id);
  }

  private byRole(em: EntityManager, organisationId: string, roles: readonly RoleName[], covering: boolean): Promise<{ id: string }[]> {
    const scope = covering
      ? `g.organisation_id IN (SELECT ancestor_id FROM organisation_closure WHERE descendant_id = $1)`
      : `g.organisation_id = $1`;
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (libs/orgs tables), ADR 0004 stage 3
    return em.query(
      `SELECT DISTINCT u.id FROM role_grants g JOIN users u ON u.id = g.user_id AND u.disabled_at IS NULL
       WHERE ${scope} AND g.role::text = ANY($2::text[])
         AND g.valid_from <= ${TODAY_VN} AND (g.valid_to IS NULL OR g.valid_to > ${TODAY_VN})`,
      [organisationId, [...roles]],
    );
  }

  /**
   * The organisation that supervises the competent committee of `organisationId` (nearest own or
   * ancestor competence setting in force today): its explicit supervisor, else the committee's parent.
   */
  async supervisingOrganisation(em: EntityManager, organisationId: string): Promise<string | null> {
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (libs/orgs tables), ADR 0004 stage 3
    const rows: { supervisorId: string | null; parentId: string | null }[] = await em.query(
      `SELECT oc.supervisor_id AS "supervisorId", cc.parent_id AS "parentId"
       FROM organisation_closure c
       JOIN organisation_competences oc ON oc.organisation_id = c.ancestor_id
       JOIN organisations cc ON cc.id = oc.competent_committee_id
       WHERE c.descendant_id = $1 AND oc.valid_from <= ${TODAY_VN}
       ORDER BY c.depth, oc.valid_from DESC LIMIT 1`,
      [organisationId],
    );
    const row = rows[0];
    return row ? (row.supervisorId ?? row.parentId) : null;
  }

  /** The organisation and its ancestors, nearest first. */
  async selfAndAncestors(em: EntityManager, organisationId: string): Promise<string[]> {
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (libs/orgs tables), ADR 0004 stage 3
    const rows: { id: string }[] = await em.query(`SELECT ancestor_id AS id FROM organisation_closure WHERE descendant_id = $1 ORDER BY depth`, [organisationId]);
    return rows.map((r) => r.id);
  }
}

function isUserIds(r: Recipients): r is readonly string[] {
  return Array.isArray(r);
}
