import { SetMetadata } from '@nestjs/common';

/** Marks a route as reachable without authentication: health checks and the login steps (login, refresh, SSO, the TOTP step). */
export const IS_PUBLIC = 'isPublic';
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
