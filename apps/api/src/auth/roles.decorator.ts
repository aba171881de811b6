import { SetMetadata } from '@nestjs/common';
import type { Role } from '#orgs';

export const REQUIRED_ROLES = 'requiredRoles';

/**
 * The route needs one of these roles somewhere (403 otherwise, whatever the record). Scope is then
 * checked per record with AccessService.assertCanAct (404 outside the scope, 403 without the role).
 */
export const RequireRoles = (...roles: Role[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);

export const REQUIRES_GLOBAL_SCOPE = 'requiresGlobalScope';

/**
 * The route acts on something that belongs to no organisation (the national working-day calendar,
 * the system clock, every delivery of the notification service): one of the roles must be held
 * with a global scope. A scoped holder of the role answers 403.
 */
export const RequireGlobalScope = (): ClassDecorator & MethodDecorator => SetMetadata(REQUIRES_GLOBAL_SCOPE, true);
