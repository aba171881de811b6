import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessService, AuthService, OrgsError, type AuthenticatedUser, type Role, forbidden } from '#orgs';
import { requestContext } from '#platform';
import { IS_PUBLIC } from '../public.decorator.js';
import { REQUIRED_ROLES, REQUIRES_GLOBAL_SCOPE } from './roles.decorator.js';

/**
 * Global guard (APP_GUARD): every route needs a valid access token unless marked @Public().
 * Sets request.user (see @CurrentUser) and the user id in the log context. Tokens are never logged.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; user?: AuthenticatedUser }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match) throw new OrgsError('AUTH.INVALID_TOKEN', 'Cần đăng nhập / authentication required');
    const user = await this.auth.authenticate(match[1]!);
    req.user = user;
    const store = requestContext.getStore();
    if (store) store.userId = user.id;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !this.access.hasRole(user, roles)) throw forbidden();
    if (roles && this.reflector.getAllAndOverride<boolean>(REQUIRES_GLOBAL_SCOPE, targets) && this.access.scopeRoots(user, roles) !== 'all') throw forbidden();
    return true;
  }
}
