import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PersonEntity } from '../people/person.entity.js';

/** Position in the body: an ordinary member, a committee member (cấp ủy viên), a standing member (ủy viên thường vụ). */
export const MEMBERSHIP_ROLES = ['member', 'committeeMember', 'standingMember'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/**
 * Party standing during the membership. Every status but `probationary` is a full member;
 * the others say why a full member may not count in a vote (QĐ294 §9.3).
 */
export const MEMBERSHIP_STATUSES = [
  'full',
  'probationary',
  'suspended',
  'temporarilyElsewhere',
  'exempted',
  'prosecutedOrDetained',
] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * A person in a body (a cell, or a committee's organisation for committee roles) over
 * [valid_from, valid_to). A change of role or status ends the row and starts a new one; one row
 * per person and body at any date.
 */
@Entity({ name: 'memberships' })
@Index('memberships_body_idx', ['bodyId', 'validFrom'])
@Index('memberships_person_idx', ['personId'])
@Check('memberships_valid_range', `valid_to IS NULL OR valid_to > valid_from`)
@Exclusion('memberships_no_overlap', `USING gist (person_id WITH =, body_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)`)
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'body_id' })
  body?: Relation<OrganisationEntity>;

  @Column({ type: 'enum', enum: MEMBERSHIP_ROLES, enumName: 'membership_role', default: 'member' })
  role!: MembershipRole;

  @Column({ type: 'enum', enum: MEMBERSHIP_STATUSES, enumName: 'membership_status' })
  status!: MembershipStatus;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Exclusive end; null while current. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
