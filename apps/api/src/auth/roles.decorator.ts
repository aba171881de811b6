import { SetMetadata } from '@nestjs/common';
import type { Role } from '#orgs';

export const REQUIRED_ROLES = 'requiredRoles';

/**
 * The route needs one of these roles somewhere (403 otherwise, whatever the record). Scope is then
 * checked per record with AccessService.assertCanAct (404 outside the scope, 403 without the role).
 */
export const RequireRoles = (...roles: Role[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);
