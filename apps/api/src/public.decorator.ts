import { SetMetadata } from '@nestjs/common';

/** Marks a route as reachable without authentication. Only health checks use it. */
export const IS_PUBLIC = 'isPublic';
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
