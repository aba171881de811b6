import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/**
 * Kinds of party organisation. `upperCommittee` is the commune/ward or agency committee of the
 * two-level local government (from 2025-07); `districtCommittee` existed before 2025-07-01.
 */
export const ORGANISATION_KINDS = [
  'provincialCommittee',
  'upperCommittee',
  'districtCommittee',
  'baseCommittee',
  'subBaseCommittee',
  'cell',
  'baseCell',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * A party organisation over time. Its parent never changes: a reorganisation ends the old row
 * (valid_to, exclusive) and creates a new one linked by a succession.
 */
@Entity({ name: 'organisations' })
@Index('organisations_code_key', ['code'], { unique: true })
@Index('organisations_parent_id_idx', ['parentId'])
@Check('organisations_valid_range', `valid_to IS NULL OR valid_to > valid_from`)
@Check('organisations_not_own_parent', `parent_id IS NULL OR parent_id <> id`)
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind!: OrganisationKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrganisationEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<OrganisationEntity> | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** First day the organisation no longer exists (exclusive end); null while it exists. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** (ancestor, descendant, depth) for every pair, self included at depth 0; kept by a trigger. */
@Entity({ name: 'organisation_closure' })
@Index('organisation_closure_descendant_idx', ['descendantId', 'depth'])
@Check('organisation_closure_depth', `depth >= 0`)
export class OrganisationClosureEntity {
  @Column({ name: 'ancestor_id', type: 'uuid', primary: true })
  ancestorId!: string;

  @Column({ name: 'descendant_id', type: 'uuid', primary: true })
  descendantId!: string;

  @Column({ type: 'int' })
  depth!: number;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ancestor_id' })
  ancestor?: Relation<OrganisationEntity>;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'descendant_id' })
  descendant?: Relation<OrganisationEntity>;
}

export const SUCCESSION_KINDS = ['merger', 'split', 'renaming', 'transfer', 'dissolution'] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

/** The predecessor's records roll into the successor from effective_date. */
@Entity({ name: 'organisation_successions' })
@Index('organisation_successions_pair_key', ['predecessorId', 'successorId'], { unique: true })
@Index('organisation_successions_successor_idx', ['successorId'])
@Check('organisation_successions_distinct', `predecessor_id <> successor_id`)
export class OrganisationSuccessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'predecessor_id', type: 'uuid' })
  predecessorId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'predecessor_id' })
  predecessor?: Relation<OrganisationEntity>;

  @Column({ name: 'successor_id', type: 'uuid' })
  successorId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'successor_id' })
  successor?: Relation<OrganisationEntity>;

  @Column({ type: 'enum', enum: SUCCESSION_KINDS, enumName: 'succession_kind' })
  kind!: SuccessionKind;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * The body that decides for an organisation (procedure.md §2 COMPETENT):
 * - standingCommittee: the standing committee of the competent organisation (ban thường vụ);
 * - delegatedBaseCommittee: a base committee delegated to admit (its full committee votes, ≥ 2/3);
 * - provincialStandingMembers: provincial standing members with the heads of party departments;
 * - specialCentralRules: police and army units, whose own central rules apply.
 */
export const COMPETENT_BODY_KINDS = [
  'standingCommittee',
  'delegatedBaseCommittee',
  'provincialStandingMembers',
  'specialCentralRules',
] as const;
export type CompetentBodyKind = (typeof COMPETENT_BODY_KINDS)[number];

/** Dated: from valid_from until the organisation's next row. Inherited by the subtree. */
@Entity({ name: 'organisation_competences' })
@Index('organisation_competences_org_from_key', ['organisationId', 'validFrom'], { unique: true })
export class OrganisationCompetenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'competent_committee_id', type: 'uuid' })
  competentCommitteeId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'competent_committee_id' })
  competentCommittee?: Relation<OrganisationEntity>;

  @Column({ type: 'enum', enum: COMPETENT_BODY_KINDS, enumName: 'competent_body_kind' })
  body!: CompetentBodyKind;

  /** The organisation supervising the competent committee; null: the competent committee's parent. */
  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true })
  supervisorId!: string | null;

  @ManyToOne(() => OrganisationEntity, { nullable: true })
  @JoinColumn({ name: 'supervisor_id' })
  supervisor?: Relation<OrganisationEntity> | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** An organisation's own local settings from valid_from (replacing its previous row). */
@Entity({ name: 'organisation_settings' })
@Index('organisation_settings_org_from_key', ['organisationId', 'validFrom'], { unique: true })
export class OrganisationSettingsEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  settings!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A hamlet or residential group (thôn, xóm, tổ dân phố) and the cell that covers it, if any. */
@Entity({ name: 'hamlets' })
@Index('hamlets_code_key', ['code'], { unique: true })
@Index('hamlets_area_organisation_idx', ['areaOrganisationId'])
@Index('hamlets_cell_idx', ['cellId'])
@Check('hamlets_valid_range', `valid_to IS NULL OR valid_to > valid_from`)
export class HamletEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The commune/ward (or district) committee whose territory holds the hamlet. */
  @Column({ name: 'area_organisation_id', type: 'uuid' })
  areaOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'area_organisation_id' })
  areaOrganisation?: Relation<OrganisationEntity>;

  /** The cell covering it; null: no cell (a coverage gap). */
  @Column({ name: 'cell_id', type: 'uuid', nullable: true })
  cellId!: string | null;

  @ManyToOne(() => OrganisationEntity, { nullable: true })
  @JoinColumn({ name: 'cell_id' })
  cell?: Relation<OrganisationEntity> | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
