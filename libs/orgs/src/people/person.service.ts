import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsoDate } from '../common/dates.js';
import { OrgsError, isUniqueViolation, notFound } from '../common/errors.js';
import { CITIZEN_ID_PURPOSE, IdentityCipher, maskCitizenId, normalizeCitizenId } from '../crypto/identity-cipher.js';
import { OrganisationService, assertDate, isUuid } from '../organisations/organisation.service.js';
import { EDUCATION_LEVELS, OCCUPATION_CATEGORIES, SEXES, type EducationLevel, type OccupationCategory, type Sex } from './person-kinds.js';
import { message } from '#messages';

export interface CreatePersonInput {
  organisationId: string;
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  ethnicity: string;
  religion?: string | null;
  occupation: OccupationCategory;
  educationLevel: EducationLevel;
  citizenId?: string | null;
}

/** A person as the API shows them: the citizen ID only masked (last three digits). */
export interface PersonView {
  id: string;
  organisationId: string;
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  ethnicity: string;
  religion: string | null;
  occupation: OccupationCategory;
  educationLevel: EducationLevel;
  citizenIdMasked: string | null;
}

interface PersonRow extends Omit<PersonView, 'citizenIdMasked'> {
  citizenIdEncrypted: string | null;
}

const PERSON_COLUMNS = `p.id, p.organisation_id AS "organisationId", p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.sex,
  p.ethnicity, p.religion, p.occupation, p.education_level AS "educationLevel", p.citizen_id_encrypted AS "citizenIdEncrypted"`;

@Injectable()
export class PersonService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cipher: IdentityCipher,
    private readonly orgs: OrganisationService,
  ) {}

  /** Register a person. The same citizen ID twice answers ORGS.CONFLICT (409), whoever holds the first. */
  async create(input: CreatePersonInput, em: EntityManager = this.ds.manager): Promise<PersonView> {
    assertDate(input.birthDate, 'birthDate');
    if (!input.fullName?.trim()) throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.FULL_NAME_REQUIRED'));
    if (!(SEXES as readonly string[]).includes(input.sex))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_SEX'));
    if (!(OCCUPATION_CATEGORIES as readonly string[]).includes(input.occupation))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_OCCUPATION'));
    if (!(EDUCATION_LEVELS as readonly string[]).includes(input.educationLevel))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_EDUCATION_LEVEL'));
    await this.orgs.get(input.organisationId, em);
    let encrypted: string | null = null;
    let hmac: string | null = null;
    if (input.citizenId != null && input.citizenId !== '') {
      const normalized = normalizeCitizenId(input.citizenId);
      if (!normalized)
        throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.CITIZEN_ID_MUST_HAVE_12'));
      encrypted = this.cipher.encrypt(normalized, CITIZEN_ID_PURPOSE);
      hmac = this.cipher.hmac(normalized, CITIZEN_ID_PURPOSE);
    }
    try {
      const [row] = await em.query(
        `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, religion, occupation, education_level, citizen_id_encrypted, citizen_id_hmac)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          input.organisationId,
          input.fullName.trim().normalize('NFC'),
          input.birthDate,
          input.sex,
          input.ethnicity.trim(),
          input.religion?.trim() || null,
          input.occupation,
          input.educationLevel,
          encrypted,
          hmac,
        ],
      );
      return this.get((row as { id: string }).id, em);
    } catch (err) {
      if (isUniqueViolation(err, 'people_citizen_id_hmac_key'))
        throw new OrgsError('ORGS.CONFLICT', message('ORGS.CITIZEN_ID_ALREADY_REGISTERED'));
      throw err;
    }
  }

  async find(id: string, em: EntityManager = this.ds.manager): Promise<PersonView | null> {
    if (!isUuid(id)) return null;
    const rows: PersonRow[] = await em.query(`SELECT ${PERSON_COLUMNS} FROM people p WHERE p.id = $1`, [id]);
    return rows[0] ? this.toView(rows[0]) : null;
  }

  async get(id: string, em?: EntityManager): Promise<PersonView> {
    const person = await this.find(id, em);
    if (!person) throw notFound(message('COMMON.PERSON_NOT_FOUND'));
    return person;
  }

  /** Exact look-up by citizen ID through the keyed hash (no decryption, no scan). */
  async findByCitizenId(citizenId: string): Promise<PersonView | null> {
    const normalized = normalizeCitizenId(citizenId);
    if (!normalized) return null;
    const rows: PersonRow[] = await this.ds.query(`SELECT ${PERSON_COLUMNS} FROM people p WHERE p.citizen_id_hmac = $1`, [
      this.cipher.hmac(normalized, CITIZEN_ID_PURPOSE),
    ]);
    return rows[0] ? this.toView(rows[0]) : null;
  }

  /** The full citizen ID, for the few uses that need it (printing a form); never for an API response. */
  async revealCitizenId(personId: string): Promise<string | null> {
    const rows: { enc: string | null }[] = await this.ds.query(`SELECT citizen_id_encrypted AS enc FROM people WHERE id = $1`, [personId]);
    const enc = rows[0]?.enc;
    return enc ? this.cipher.decrypt(enc, CITIZEN_ID_PURPOSE) : null;
  }

  /**
   * Search by name ignoring diacritics and case ("nguyen thi lan" finds "Nguyễn Thị Lan"), limited
   * to people held by or members of the given organisations (null: everyone).
   */
  async searchByName(query: string, organisationIds: readonly string[] | null, limit = 50): Promise<PersonView[]> {
    const q = query.trim();
    if (q.length === 0) return [];
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const params: unknown[] = [pattern, q, Math.min(Math.max(limit, 1), 200)];
    let scope = '';
    if (organisationIds !== null) {
      params.push(organisationIds);
      scope = `AND (p.organisation_id = ANY($4::uuid[]) OR EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.body_id = ANY($4::uuid[])))`;
    }
    const rows: PersonRow[] = await this.ds.query(
      `SELECT ${PERSON_COLUMNS} FROM people p
       WHERE p.name_search LIKE lower(immutable_unaccent($1)) ${scope}
       ORDER BY similarity(p.name_search, lower(immutable_unaccent($2))) DESC, p.full_name LIMIT $3`,
      params,
    );
    return rows.map((r) => this.toView(r));
  }

  /** Organisations a person belongs to for scoping: the holder of the record and every body they were in. */
  async organisationIdsOf(personId: string): Promise<string[]> {
    if (!isUuid(personId)) return [];
    const rows: { id: string }[] = await this.ds.query(
      `SELECT organisation_id AS id FROM people WHERE id = $1 UNION SELECT body_id FROM memberships WHERE person_id = $1`,
      [personId],
    );
    return rows.map((r) => r.id);
  }

  private toView(row: PersonRow): PersonView {
    const { citizenIdEncrypted, ...rest } = row;
    return {
      ...rest,
      citizenIdMasked: citizenIdEncrypted ? maskCitizenId(this.cipher.decrypt(citizenIdEncrypted, CITIZEN_ID_PURPOSE)) : null,
    };
  }
}
