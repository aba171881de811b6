import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsoDate } from '../common/dates.js';
import { OrgsError, isUniqueViolation, notFound } from '../common/errors.js';
import type { CompetentBodyKind } from '../organisations/organisation-kinds.js';
import { OrganisationConfigService } from '../organisations/organisation-config.service.js';
import { OrganisationService, assertDate, isUuid, validOn } from '../organisations/organisation.service.js';
import { MEMBERSHIP_ROLES, MEMBERSHIP_STATUSES, type MembershipRole, type MembershipStatus } from './membership-kinds.js';
import { message } from '#messages';

export interface MembershipView {
  id: string;
  personId: string;
  fullName: string;
  bodyId: string;
  role: MembershipRole;
  status: MembershipStatus;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface AddMembershipInput {
  personId: string;
  bodyId: string;
  role?: MembershipRole;
  status: MembershipStatus;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
}

/** PROC-CELL-VOTE: who counts in a cell vote on a meeting date. */
export interface CellVoteBasis {
  cellId: string;
  meetingDate: IsoDate;
  /** All full members on the roll (I-6 needs at least 3). */
  roll: number;
  /** The denominator of the 2/3 rule. */
  eligible: number;
  /** I-6: fewer than 3 full members cannot pass an admission, recognition or removal resolution. */
  rollBelowMinimum: boolean;
  excluded: {
    temporarilyElsewhere: string[];
    exemptedAbsent: string[];
    suspended: string[];
    prosecutedOrDetained: string[];
  };
  /** Person ids of the eligible members. */
  eligibleIds: string[];
}

/** PROC-BASE-VOTE: who counts in a base committee vote. */
export interface BaseVoteBasis {
  bodyId: string;
  meetingDate: IsoDate;
  /** Committee members holding office on the date. */
  sitting: number;
  eligible: number;
  excluded: { temporarilyElsewhereAbsent: string[]; suspended: string[]; prosecutedOrDetained: string[] };
  eligibleIds: string[];
}

/** PROC-COMPETENT-VOTE: the deciding body's membership on the decision date. */
export interface CompetentVoteBasis {
  competentCommitteeId: string;
  body: CompetentBodyKind;
  delegated: boolean;
  /** Members of the deciding body holding office on the date (its total membership). */
  members: number;
  /** Sitting members (QĐ294 §9.3.3): minus absent temporary transfers, the suspended, prosecuted or detained. */
  sitting: number;
}

const MEMBERSHIP_COLUMNS = `m.id, m.person_id AS "personId", p.full_name AS "fullName", m.body_id AS "bodyId", m.role, m.status,
  m.valid_from::text AS "validFrom", m.valid_to::text AS "validTo"`;

/** Statuses of a full member in good standing (may introduce, help, be counted as a full member). */
const GOOD_STANDING: readonly MembershipStatus[] = ['full', 'temporarilyElsewhere', 'exempted'];

/** QĐ294 §9.3.3: committee members holding office, minus absent temporary transfers, the suspended, prosecuted or detained. */
function sittingOf(members: readonly MembershipView[], attendeeIds: readonly string[]): Omit<BaseVoteBasis, 'bodyId' | 'meetingDate'> {
  const attended = new Set(attendeeIds);
  const excluded: BaseVoteBasis['excluded'] = { temporarilyElsewhereAbsent: [], suspended: [], prosecutedOrDetained: [] };
  const eligibleIds: string[] = [];
  for (const m of members) {
    if (m.status === 'suspended') excluded.suspended.push(m.personId);
    else if (m.status === 'prosecutedOrDetained') excluded.prosecutedOrDetained.push(m.personId);
    else if (m.status === 'temporarilyElsewhere' && !attended.has(m.personId)) excluded.temporarilyElsewhereAbsent.push(m.personId);
    else eligibleIds.push(m.personId);
  }
  return { sitting: members.length, eligible: eligibleIds.length, excluded, eligibleIds };
}

/** Memberships over time and the rosters votes are counted against. */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly orgs: OrganisationService,
    private readonly config: OrganisationConfigService,
  ) {}

  async add(input: AddMembershipInput, em: EntityManager = this.ds.manager): Promise<MembershipView> {
    assertDate(input.validFrom, 'validFrom');
    if (input.validTo != null) assertDate(input.validTo, 'validTo');
    if (input.validTo != null && input.validTo <= input.validFrom)
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.VALIDTO_MUST_AFTER_VALIDFROM'));
    const role = input.role ?? 'member';
    if (!(MEMBERSHIP_ROLES as readonly string[]).includes(role))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_ROLE'));
    if (!(MEMBERSHIP_STATUSES as readonly string[]).includes(input.status))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_STATUS'));
    await this.orgs.get(input.bodyId, em);
    const person = await em.query(`SELECT 1 FROM people WHERE id = $1`, [isUuid(input.personId) ? input.personId : null]);
    if (person.length === 0) throw notFound(message('COMMON.PERSON_NOT_FOUND'));
    try {
      const [row] = await em.query(
        `INSERT INTO memberships (person_id, body_id, role, status, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.personId, input.bodyId, role, input.status, input.validFrom, input.validTo ?? null],
      );
      return this.get((row as { id: string }).id, em);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new OrgsError(
          'ORGS.CONFLICT',
          message('ORGS.OVERLAPPING_MEMBERSHIP_IN_BODY'),
        );
      throw err;
    }
  }

  async get(id: string, em: EntityManager = this.ds.manager): Promise<MembershipView> {
    const rows: MembershipView[] = isUuid(id)
      ? await em.query(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.id = $1`, [id])
      : [];
    if (!rows[0]) throw notFound(message('ORGS.MEMBERSHIP_NOT_FOUND'));
    return rows[0];
  }

  /** End a membership: `validTo` is the first day it no longer holds. */
  async end(id: string, validTo: IsoDate, em: EntityManager = this.ds.manager): Promise<MembershipView> {
    assertDate(validTo, 'validTo');
    const m = await this.get(id, em);
    if (validTo <= m.validFrom)
      throw new OrgsError('ORGS.INVALID', message('ORGS.VALIDTO_MUST_AFTER_VALIDFROM_2'));
    if (m.validTo !== null && m.validTo <= validTo)
      throw new OrgsError('ORGS.INVALID', message('ORGS.ALREADY_ENDED_BEFORE_DATE'));
    await em.query(`UPDATE memberships SET valid_to = $2 WHERE id = $1`, [id, validTo]);
    return { ...m, validTo };
  }

  /** Change a member's status (or role) from a date: ends the current row, starts a new one. */
  async change(
    personId: string,
    bodyId: string,
    from: IsoDate,
    change: { status?: MembershipStatus; role?: MembershipRole },
  ): Promise<MembershipView> {
    return this.ds.transaction(async (em) => {
      const current = await this.membershipOn(personId, bodyId, from, em);
      if (!current) throw notFound(message('ORGS.NO_MEMBERSHIP_ON_THAT_DATE'));
      if (current.validFrom === from)
        throw new OrgsError(
          'ORGS.INVALID',
          message('ORGS.MEMBERSHIP_STARTS_ON_DATE'),
        );
      await this.end(current.id, from, em);
      return this.add(
        {
          personId,
          bodyId,
          role: change.role ?? current.role,
          status: change.status ?? current.status,
          validFrom: from,
          validTo: current.validTo,
        },
        em,
      );
    });
  }

  async membershipOn(personId: string, bodyId: string, date: IsoDate, em: EntityManager = this.ds.manager): Promise<MembershipView | null> {
    assertDate(date);
    if (!isUuid(personId) || !isUuid(bodyId)) return null;
    const rows: MembershipView[] = await em.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
       WHERE m.person_id = $1 AND m.body_id = $2 AND ${validOn('m', '$3')}`,
      [personId, bodyId, date],
    );
    return rows[0] ?? null;
  }

  /** Everyone in a body on a date (any role, any status), by name. */
  async membersOn(bodyId: string, date: IsoDate): Promise<MembershipView[]> {
    assertDate(date);
    if (!isUuid(bodyId)) return [];
    return this.ds.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
       WHERE m.body_id = $1 AND ${validOn('m', '$2')} ORDER BY p.name_search, m.id`,
      [bodyId, date],
    );
  }

  /** Every membership of a person, newest first. */
  async membershipsOf(personId: string): Promise<MembershipView[]> {
    if (!isUuid(personId)) return [];
    return this.ds.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.person_id = $1 ORDER BY m.valid_from DESC`,
      [personId],
    );
  }

  /** The cell roll on a date: all full members (every status but probationary), any role. */
  async cellRoll(cellId: string, date: IsoDate): Promise<MembershipView[]> {
    return (await this.membersOn(cellId, date)).filter((m) => m.status !== 'probationary');
  }

  /**
   * PROC-CELL-VOTE denominator for a meeting date: full members, minus those temporarily active
   * elsewhere, minus exempted members who did not attend, minus the suspended, prosecuted or detained.
   * `exemptedAttendeeIds`: exempted members who attended and voted (from the minutes).
   */
  async cellVoteBasis(cellId: string, meetingDate: IsoDate, exemptedAttendeeIds: readonly string[] = []): Promise<CellVoteBasis> {
    const roll = await this.cellRoll(cellId, meetingDate);
    const attended = new Set(exemptedAttendeeIds);
    const excluded: CellVoteBasis['excluded'] = { temporarilyElsewhere: [], exemptedAbsent: [], suspended: [], prosecutedOrDetained: [] };
    const eligibleIds: string[] = [];
    for (const m of roll) {
      if (m.status === 'temporarilyElsewhere') excluded.temporarilyElsewhere.push(m.personId);
      else if (m.status === 'suspended') excluded.suspended.push(m.personId);
      else if (m.status === 'prosecutedOrDetained') excluded.prosecutedOrDetained.push(m.personId);
      else if (m.status === 'exempted' && !attended.has(m.personId)) excluded.exemptedAbsent.push(m.personId);
      else eligibleIds.push(m.personId);
    }
    return {
      cellId,
      meetingDate,
      roll: roll.length,
      eligible: eligibleIds.length,
      rollBelowMinimum: roll.length < 3,
      excluded,
      eligibleIds,
    };
  }

  /**
   * PROC-BASE-VOTE denominator: the committee members holding office (committee or standing
   * members of the body), minus those on temporary transfer who are absent, minus the suspended,
   * prosecuted or detained. `attendeeIds`: who attended (only matters for those temporarily elsewhere).
   */
  async baseVoteBasis(bodyId: string, meetingDate: IsoDate, attendeeIds: readonly string[] = []): Promise<BaseVoteBasis> {
    const members = (await this.membersOn(bodyId, meetingDate)).filter((m) => m.role !== 'member');
    return { bodyId, meetingDate, ...sittingOf(members, attendeeIds) };
  }

  /**
   * PROC-BASE-VOTE for a case's cell: the base committee is the nearest ancestor organisation of
   * kind `baseCommittee`; null when there is none (a base cell) or its committee has no members
   * recorded on the date (membership unknown: the minutes' figure stands).
   */
  async baseVoteBasisForCell(cellId: string, meetingDate: IsoDate, attendeeIds: readonly string[] = []): Promise<BaseVoteBasis | null> {
    assertDate(meetingDate);
    if (!isUuid(cellId)) return null;
    const rows: { id: string }[] = await this.ds.query(
      `SELECT o.id FROM organisation_closure c JOIN organisations o ON o.id = c.ancestor_id
        WHERE c.descendant_id = $1 AND c.depth > 0 AND o.kind = 'baseCommittee' ORDER BY c.depth LIMIT 1`,
      [cellId],
    );
    if (!rows[0]) return null;
    const basis = await this.baseVoteBasis(rows[0].id, meetingDate, attendeeIds);
    return basis.sitting > 0 ? basis : null;
  }

  /**
   * PROC-COMPETENT-VOTE: the membership of the body deciding for `organisationId` on `date`.
   * A standing committee (or the provincial standing members) counts the standing members of the
   * competent organisation; a delegated base committee counts its whole committee. `members` is
   * the total holding office; `sitting` is the sitting members of QĐ294 §9.3.3 (minus absent
   * temporary transfers, the suspended, prosecuted or detained). Which one a vote is counted
   * against is the law's (`committeeVoteDenominator` in libs/procedure).
   */
  async competentVoteBasis(organisationId: string, date: IsoDate, attendeeIds: readonly string[] = []): Promise<CompetentVoteBasis> {
    const competence = await this.config.competenceOn(organisationId, date);
    if (!competence) throw new OrgsError('ORGS.INVALID', message('ORGS.NO_COMPETENT_COMMITTEE_CONFIGURED'));
    const roles: MembershipRole[] = competence.delegated ? ['committeeMember', 'standingMember'] : ['standingMember'];
    const members = (await this.membersOn(competence.competentCommittee.id, date)).filter((m) => roles.includes(m.role));
    return {
      competentCommitteeId: competence.competentCommittee.id,
      body: competence.body,
      delegated: competence.delegated,
      members: members.length,
      sitting: sittingOf(members, attendeeIds).eligible,
    };
  }

  /**
   * Whether a person was a full member in good standing on a date (introducers, helpers): a
   * membership that is not probationary, suspended, prosecuted or detained, in `bodyId` if given,
   * otherwise in any body.
   */
  async isFullMember(personId: string, date: IsoDate, bodyId?: string): Promise<boolean> {
    assertDate(date);
    if (!isUuid(personId) || (bodyId !== undefined && !isUuid(bodyId))) return false;
    const rows = await this.ds.query(
      `SELECT 1 FROM memberships m WHERE m.person_id = $1 AND ${validOn('m', '$2')} AND m.status = ANY($3::membership_status[])
       ${bodyId ? 'AND m.body_id = $4' : ''} LIMIT 1`,
      bodyId ? [personId, date, GOOD_STANDING, bodyId] : [personId, date, GOOD_STANDING],
    );
    return rows.length > 0;
  }
}
