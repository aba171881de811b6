import { ProblemException, titlesFor } from '#platform';
import { actorFromRequest, type AuditActor } from '#audit';

/** Who may read the trail (supervisors filter by case, user and period) and who may verify it. */
export const AUDIT_READ_ROLES = ['inspection', 'organisationDepartment', 'admin'] as const;
export const AUDIT_VERIFY_ROLES = ['inspection', 'admin'] as const;

/**
 * The minimal role check: the authentication guard has put the user on `req.user`; 401 without
 * one, 403 unless one of the user's roles is allowed. Replace with the orgs library's role
 * decorator once it exists (the allowed-role lists above stay).
 */
export function requireRole(req: unknown, allowed: readonly string[]): AuditActor {
  const actor = actorFromRequest(req);
  if (!actor.userId) throw problem(401);
  if (!actor.roles.some((r) => allowed.includes(r))) throw problem(403, `Cần một trong các vai trò / needs one of the roles: ${allowed.join(', ')}`);
  return actor;
}

function problem(status: number, detail?: string): ProblemException {
  const [title, titleEn] = titlesFor(status);
  return new ProblemException({ status, title, titleEn, ...(detail ? { detail } : {}) });
}
