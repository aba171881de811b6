import type { AccessService } from '#orgs';
import { notFound } from '../errors.js';
import type { Actor } from '../ports.js';

/**
 * The conditions every case listing starts from (the case list, the todo list): a user sees the
 * cases of the subtrees it holds a role over; an `organisationId` filter narrows to that
 * organisation's subtree, and naming one outside the user's subtree is 404, like a record outside
 * it (never an empty page that confirms nothing). Appends to `where` and `params` (`c` is cases).
 */
export async function restrictToSubtree(
  access: AccessService,
  actor: Actor,
  organisationId: string | undefined,
  where: string[],
  params: unknown[],
): Promise<void> {
  if (actor.kind === 'user') {
    const scope = access.caseScopeSql(actor.user, 'c', params.length + 1);
    params.push(...scope.params);
    where.push(scope.sql);
  }
  if (organisationId) {
    if (actor.kind === 'user' && !(await access.canSee(actor.user, organisationId))) throw notFound();
    params.push(organisationId);
    where.push(`c.organisation_id IN (SELECT descendant_id FROM organisation_closure WHERE ancestor_id = $${params.length})`);
  }
}
