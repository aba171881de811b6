import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CacheBus } from '#platform';
import { type IsoDate, isIsoDate } from '../common/dates.js';
import { OrgsError, isUniqueViolation, notFound } from '../common/errors.js';
import { ORGANISATION_KINDS, type OrganisationKind, type SuccessionKind } from './organisation-kinds.js';
import { message } from '#messages';

export interface OrganisationView {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  parentId: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface SubtreeEntry extends OrganisationView {
  /** Distance from the subtree root (0 = the root). */
  depth: number;
}

export interface CreateOrganisationInput {
  code: string;
  name: string;
  kind: OrganisationKind;
  parentId?: string | null;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
}

export interface HamletView {
  id: string;
  code: string;
  name: string;
  areaOrganisationId: string;
  cellId: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** SELECT list for an organisation row aliased `o` (dates as text: pg would make them local Date objects). */
export const ORG_COLUMNS = `o.id, o.code, o.name, o.kind, o.parent_id AS "parentId", o.valid_from::text AS "validFrom", o.valid_to::text AS "validTo"`;
/** The organisation aliased `o` exists on the date bound as `$n`. */
/** The cache topic of what is read from the organisation tree: settings and roll-up (whole-topic drops). */
export const ORGS_CACHE = 'orgs';

export const validOn = (alias: string, param: string): string =>
  `${alias}.valid_from <= ${param}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${param}::date)`;

/**
 * A recursive CTE named `rollup(id)`: every organisation ever under the roots bound as `param`
 * (a uuid[]), plus their predecessors (transitively) and everything ever under those.
 */
export const ROLLUP_CTE = (param: string): string => `WITH RECURSIVE rollup(id) AS (
    SELECT descendant_id FROM organisation_closure WHERE ancestor_id = ANY(${param}::uuid[])
    UNION
    SELECT x.id FROM rollup, LATERAL (
      SELECT s.predecessor_id AS id FROM organisation_successions s WHERE s.successor_id = rollup.id
      UNION ALL
      SELECT c.descendant_id FROM organisation_closure c WHERE c.ancestor_id = rollup.id
    ) x
  )`;

/** Which kinds may sit under which (a loose check: the tree is administrative data). */
const CHILD_KINDS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  provincialCommittee: ['upperCommittee', 'districtCommittee', 'baseCommittee', 'baseCell'],
  upperCommittee: ['baseCommittee', 'baseCell'],
  districtCommittee: ['baseCommittee', 'baseCell'],
  baseCommittee: ['subBaseCommittee', 'cell'],
  subBaseCommittee: ['cell'],
  cell: [],
  baseCell: [],
};

/**
 * The organisation tree over time: creation, subtree and as-of-date queries (closure table kept by
 * a trigger), successions (mergers, dissolutions) and the roll-up of predecessors for reports.
 */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() private readonly bus?: CacheBus,
  ) {}

  async create(input: CreateOrganisationInput, em: EntityManager = this.ds.manager): Promise<OrganisationView> {
    if (!(ORGANISATION_KINDS as readonly string[]).includes(input.kind))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.UNKNOWN_KIND'));
    if (!isIsoDate(input.validFrom) || (input.validTo != null && !isIsoDate(input.validTo)))
      throw new OrgsError('ORGS.INVALID_INPUT', message('COMMON.INVALID_DATE'));
    if (input.validTo != null && input.validTo <= input.validFrom)
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.VALIDTO_MUST_AFTER_VALIDFROM_2'));
    if (input.parentId) {
      const parent = await this.find(input.parentId, em);
      if (!parent) throw notFound(message('ORGS.PARENT_ORGANISATION_NOT_FOUND'));
      if (!CHILD_KINDS[parent.kind].includes(input.kind))
        throw new OrgsError(
          'ORGS.INVALID',
          message('ORGS.CANNOT_SIT_UNDER', { kind: input.kind, kind2: parent.kind }),
        );
      if (parent.validFrom > input.validFrom || (parent.validTo !== null && parent.validTo <= input.validFrom))
        throw new OrgsError('ORGS.INVALID', message('ORGS.PARENT_DOES_NOT_EXIST_ON'));
    } else if (input.kind !== 'provincialCommittee') {
      throw new OrgsError('ORGS.INVALID', message('ORGS.ONLY_PROVINCIAL_COMMITTEE_HAS_NO'));
    }
    try {
      const [row] = await em.query(
        `INSERT INTO organisations (code, name, kind, parent_id, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, code, name, kind, parent_id AS "parentId", valid_from::text AS "validFrom", valid_to::text AS "validTo"`,
        [input.code.trim(), input.name.trim(), input.kind, input.parentId ?? null, input.validFrom, input.validTo ?? null],
      );
      return row as OrganisationView;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new OrgsError('ORGS.CONFLICT', message('ORGS.ORGANISATION_CODE_ALREADY_EXISTS', { code: input.code }));
      throw err;
    }
  }

  async find(id: string, em: EntityManager = this.ds.manager): Promise<OrganisationView | null> {
    if (!isUuid(id)) return null;
    const rows: OrganisationView[] = await em.query(`SELECT ${ORG_COLUMNS} FROM organisations o WHERE o.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async get(id: string, em?: EntityManager): Promise<OrganisationView> {
    const org = await this.find(id, em);
    if (!org) throw notFound(message('COMMON.ORGANISATION_NOT_FOUND'));
    return org;
  }

  async findByCode(code: string): Promise<OrganisationView | null> {
    const rows: OrganisationView[] = await this.ds.query(`SELECT ${ORG_COLUMNS} FROM organisations o WHERE o.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** The organisations existing on `asOf` under `rootId` (the root included, depth 0), by depth then code. */
  async subtree(rootId: string, asOf: IsoDate): Promise<SubtreeEntry[]> {
    assertDate(asOf);
    if (!isUuid(rootId)) return [];
    return this.ds.query(
      `SELECT ${ORG_COLUMNS}, c.depth FROM organisation_closure c JOIN organisations o ON o.id = c.descendant_id
       WHERE c.ancestor_id = $1 AND ${validOn('o', '$2')} ORDER BY c.depth, o.code`,
      [rootId, asOf],
    );
  }

  async subtreeIds(rootId: string, asOf: IsoDate): Promise<string[]> {
    return (await this.subtree(rootId, asOf)).map((o) => o.id);
  }

  /** Every organisation ever under any of the roots (roots included), whatever the date. */
  async descendantIds(rootIds: readonly string[]): Promise<string[]> {
    if (rootIds.length === 0) return [];
    const rows: { id: string }[] = await this.ds.query(
      `SELECT DISTINCT descendant_id AS id FROM organisation_closure WHERE ancestor_id = ANY($1::uuid[])`,
      [rootIds],
    );
    return rows.map((r) => r.id);
  }

  /** Ancestors of an organisation (itself first, depth 0, up to the root). */
  async ancestors(id: string): Promise<SubtreeEntry[]> {
    if (!isUuid(id)) return [];
    return this.ds.query(
      `SELECT ${ORG_COLUMNS}, c.depth FROM organisation_closure c JOIN organisations o ON o.id = c.ancestor_id
       WHERE c.descendant_id = $1 ORDER BY c.depth`,
      [id],
    );
  }

  /** True when `ancestorId` is `id` or one of its ancestors. */
  async isWithin(id: string, ancestorId: string): Promise<boolean> {
    if (!isUuid(id) || !isUuid(ancestorId)) return false;
    const rows = await this.ds.query(`SELECT 1 FROM organisation_closure WHERE ancestor_id = $1 AND descendant_id = $2`, [ancestorId, id]);
    return rows.length > 0;
  }

  /** Every predecessor of the organisation, transitively (not the organisation itself). */
  async predecessorIds(id: string): Promise<string[]> {
    if (!isUuid(id)) return [];
    const rows: { id: string }[] = await this.ds.query(
      `WITH RECURSIVE p(id) AS (
         SELECT predecessor_id FROM organisation_successions WHERE successor_id = $1
         UNION
         SELECT s.predecessor_id FROM organisation_successions s JOIN p ON s.successor_id = p.id
       ) SELECT id FROM p WHERE id <> $1`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  /**
   * For reports over a subtree and a period: every organisation ever under the root, plus whatever
   * rolled into any of them (predecessors, transitively, and everything ever under those).
   */
  async rollupIds(rootId: string | readonly string[]): Promise<string[]> {
    const roots = (typeof rootId === 'string' ? [rootId] : [...rootId]).filter(isUuid);
    if (roots.length === 0) return [];
    const rows: { id: string }[] = await this.ds.query(`${ROLLUP_CTE('$1')} SELECT id FROM rollup`, [roots]);
    return rows.map((r) => r.id);
  }

  /**
   * The organisation standing for `id` on `date`: itself while it exists, else its successor
   * (followed transitively); null if it was dissolved with no successor or did not exist yet.
   */
  async standingFor(id: string, date: IsoDate): Promise<OrganisationView | null> {
    assertDate(date);
    const seen = new Set<string>();
    let frontier = [id];
    while (frontier.length > 0) {
      const rows: OrganisationView[] = await this.ds.query(
        `SELECT ${ORG_COLUMNS} FROM organisations o WHERE o.id = ANY($1::uuid[]) ORDER BY o.code`,
        [frontier],
      );
      const valid = rows.find((o) => o.validFrom <= date && (o.validTo === null || o.validTo > date));
      if (valid) return valid;
      frontier.forEach((f) => seen.add(f));
      const next: { id: string }[] = await this.ds.query(
        `SELECT DISTINCT successor_id AS id FROM organisation_successions WHERE predecessor_id = ANY($1::uuid[]) AND effective_date <= $2::date`,
        [frontier, date],
      );
      frontier = next.map((r) => r.id).filter((n) => !seen.has(n));
    }
    return null;
  }

  /** End an organisation (valid_to = the first day it no longer exists). */
  async end(id: string, validTo: IsoDate, em: EntityManager = this.ds.manager): Promise<OrganisationView> {
    assertDate(validTo);
    const org = await this.get(id, em);
    if (validTo <= org.validFrom)
      throw new OrgsError('ORGS.INVALID', message('ORGS.VALIDTO_MUST_AFTER_VALIDFROM_3'));
    await em.query(`UPDATE organisations SET valid_to = $2 WHERE id = $1`, [id, validTo]);
    return { ...org, validTo };
  }

  /** Record that predecessors rolled into a successor on `effectiveDate`; predecessors still open are ended then. */
  async recordSuccession(input: {
    predecessorIds: string[];
    successorId: string;
    kind: SuccessionKind;
    effectiveDate: IsoDate;
  }): Promise<void> {
    assertDate(input.effectiveDate);
    await this.ds.transaction(async (em) => {
      await this.get(input.successorId, em);
      for (const predecessorId of input.predecessorIds) {
        const pred = await this.get(predecessorId, em);
        if (pred.validTo === null) await this.end(predecessorId, input.effectiveDate, em);
        try {
          await em.query(
            `INSERT INTO organisation_successions (predecessor_id, successor_id, kind, effective_date) VALUES ($1, $2, $3, $4)`,
            [predecessorId, input.successorId, input.kind, input.effectiveDate],
          );
        } catch (err) {
          if (isUniqueViolation(err)) throw new OrgsError('ORGS.CONFLICT', message('ORGS.SUCCESSION_ALREADY_RECORDED'));
          throw err;
        }
      }
    });
    // The roll-up changed: cached scopes and inherited settings go on every instance.
    await this.bus?.invalidate(ORGS_CACHE);
  }

  /** A merger in one step: create the successor from `effectiveDate`, end the predecessors, link them. */
  async merge(
    predecessorIds: string[],
    successor: Omit<CreateOrganisationInput, 'validFrom'>,
    effectiveDate: IsoDate,
  ): Promise<OrganisationView> {
    const created = await this.create({ ...successor, validFrom: effectiveDate });
    await this.recordSuccession({ predecessorIds, successorId: created.id, kind: 'merger', effectiveDate });
    return created;
  }

  /** Organisations by id (any date), by code. */
  async findMany(ids: readonly string[], asOf?: IsoDate): Promise<OrganisationView[]> {
    if (ids.length === 0) return [];
    if (asOf) assertDate(asOf);
    return this.ds.query(
      `SELECT ${ORG_COLUMNS} FROM organisations o WHERE o.id = ANY($1::uuid[]) ${asOf ? `AND ${validOn('o', '$2')}` : ''} ORDER BY o.code`,
      asOf ? [ids, asOf] : [ids],
    );
  }

  async listAll(asOf?: IsoDate): Promise<OrganisationView[]> {
    if (asOf) assertDate(asOf);
    return this.ds.query(
      `SELECT ${ORG_COLUMNS} FROM organisations o ${asOf ? `WHERE ${validOn('o', '$1')}` : ''} ORDER BY o.code`,
      asOf ? [asOf] : [],
    );
  }

  // Hamlets (coverage) ---------------------------------------------------------------------------

  async createHamlet(input: {
    code: string;
    name: string;
    areaOrganisationId: string;
    cellId?: string | null;
    validFrom: IsoDate;
  }): Promise<HamletView> {
    assertDate(input.validFrom);
    await this.get(input.areaOrganisationId);
    if (input.cellId) {
      const cell = await this.get(input.cellId);
      if (cell.kind !== 'cell' && cell.kind !== 'baseCell')
        throw new OrgsError('ORGS.INVALID', message('ORGS.HAMLET_COVERED_BY_CELL'));
    }
    try {
      const [row] = await this.ds.query(
        `INSERT INTO hamlets (code, name, area_organisation_id, cell_id, valid_from) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, code, name, area_organisation_id AS "areaOrganisationId", cell_id AS "cellId", valid_from::text AS "validFrom", valid_to::text AS "validTo"`,
        [input.code, input.name, input.areaOrganisationId, input.cellId ?? null, input.validFrom],
      );
      return row as HamletView;
    } catch (err) {
      if (isUniqueViolation(err)) throw new OrgsError('ORGS.CONFLICT', message('ORGS.HAMLET_CODE_ALREADY_EXISTS'));
      throw err;
    }
  }

  /**
   * Hamlets in the territory of the subtree on `asOf`, with the covering cell and its number of
   * full members (coverage report: no cell, or a cell with no member).
   */
  async hamletCoverage(rootId: string, asOf: IsoDate): Promise<(HamletView & { fullMembers: number })[]> {
    assertDate(asOf);
    return this.ds.query(
      `SELECT h.id, h.code, h.name, h.area_organisation_id AS "areaOrganisationId", h.cell_id AS "cellId",
              h.valid_from::text AS "validFrom", h.valid_to::text AS "validTo",
              (SELECT count(*)::int FROM memberships m WHERE m.body_id = h.cell_id AND m.status <> 'probationary' AND ${validOn('m', '$2')}) AS "fullMembers"
       FROM hamlets h JOIN organisation_closure c ON c.descendant_id = h.area_organisation_id AND c.ancestor_id = $1
       WHERE ${validOn('h', '$2')} ORDER BY h.code`,
      [rootId, asOf],
    );
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function assertDate(value: unknown, field = 'date'): asserts value is IsoDate {
  if (!isIsoDate(value)) throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_YYYY_MM_DD', { field }));
}
