import { ProblemException, titlesFor } from '#platform';
import type { Role } from '#orgs';

/**
 * Who may read the trail: every role that works on cases reads the audit of the cases in its
 * subtree (cell and base committees included); rows of no case and no organisation (logins,
 * operators' actions) only for readers whose scope covers every organisation. Verifying the
 * chains: inspection and administrators. docs/security.md, "audit scoping".
 */
export const AUDIT_READ_ROLES: readonly Role[] = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'];
export const AUDIT_VERIFY_ROLES: readonly Role[] = ['inspection', 'admin'];

export function auditProblem(status: 403 | 404, detail?: string): ProblemException {
  const [title, titleEn] = titlesFor(status);
  return new ProblemException({ status, title, titleEn, ...(detail ? { detail } : {}) });
}
