/** The enumerations of the organisations tables (the PostgreSQL enum types of the migrations). */

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

export const SUCCESSION_KINDS = ['merger', 'split', 'renaming', 'transfer', 'dissolution'] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

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
