import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** Occupation report categories (glossary "Report categories"). */
export const OCCUPATION_CATEGORIES = [
  'civilServant',
  'publicEmployee',
  'stateEnterprise',
  'privateEnterprise',
  'fdiEnterprise',
  'businessOwner',
  'worker',
  'farmer',
  'pupil',
  'student',
  'armedForces',
  'other',
] as const;
export type OccupationCategory = (typeof OCCUPATION_CATEGORIES)[number];

/** Highest completed schooling; CRIT-EDUCATION reads it (lowerSecondary or higher, with area exceptions). */
export const EDUCATION_LEVELS = [
  'literacyOnly',
  'primary',
  'lowerSecondary',
  'upperSecondary',
  'college',
  'university',
  'postgraduate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/**
 * A person: candidate or member. The citizen ID is stored only encrypted (AES-256-GCM, key id
 * prefixed) with a keyed hash beside it for uniqueness and exact look-up.
 */
@Entity({ name: 'people' })
@Index('people_citizen_id_hmac_key', ['citizenIdHmac'], { unique: true })
@Index('people_organisation_id_idx', ['organisationId'])
// GIN trigram index on name_search (gin_trgm_ops), written in the migration.
@Index('people_name_search_trgm_idx', { synchronize: false })
@Check('people_full_name_not_blank', `length(btrim(full_name)) > 0`)
@Check('people_citizen_id_pair', `(citizen_id_encrypted IS NULL) = (citizen_id_hmac IS NULL)`)
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The organisation holding the person's record (scopes who may see it). */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  /** lower(immutable_unaccent(full_name)): diacritic-insensitive search. */
  @Column({
    name: 'name_search',
    type: 'text',
    generatedType: 'STORED',
    asExpression: 'lower(immutable_unaccent(full_name))',
    insert: false,
    update: false,
  })
  nameSearch!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ type: 'enum', enum: SEXES, enumName: 'person_sex' })
  sex!: Sex;

  @Column({ type: 'text' })
  ethnicity!: string;

  @Column({ type: 'text', nullable: true })
  religion!: string | null;

  @Column({ type: 'enum', enum: OCCUPATION_CATEGORIES, enumName: 'occupation_category' })
  occupation!: OccupationCategory;

  @Column({ name: 'education_level', type: 'enum', enum: EDUCATION_LEVELS, enumName: 'education_level' })
  educationLevel!: EducationLevel;

  @Column({ name: 'citizen_id_encrypted', type: 'text', nullable: true })
  citizenIdEncrypted!: string | null;

  @Column({ name: 'citizen_id_hmac', type: 'char', length: 64, nullable: true })
  citizenIdHmac!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
