/** The roles a user may be granted, each scoped to an organisation subtree. */
export const ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Who may do what in the administration of organisations, people and users (docs/security.md).
 * Reading needs any grant whose scope covers the record; these lists are for writes.
 */
export const PERMISSIONS = {
  /** Create organisations, set competence, supervisor, settings, successions, hamlets. */
  organisationsWrite: ['admin', 'organisationDepartment'],
  /** Register people (candidates, members). */
  peopleWrite: ['admin', 'organisationDepartment', 'baseCommitteeStaff', 'cellCommittee'],
  /** Add and end memberships (rolls of cells and committees). */
  membershipsWrite: ['admin', 'organisationDepartment', 'baseCommitteeStaff'],
  /** Create users and grant roles. */
  usersWrite: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
