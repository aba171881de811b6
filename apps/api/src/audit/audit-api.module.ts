import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuditMiddleware, AuditModule } from '#audit';
import { OrgsModule } from '#orgs';
import { AuditController } from './audit.controller.js';

/**
 * The audit trail at the HTTP edge: the listing and verification endpoints, and the middleware
 * that tracks every request from the start (guard refusals included). Register AuditInterceptor
 * globally too (app.useGlobalInterceptors(app.get(AuditInterceptor)) or APP_INTERCEPTOR): it adds
 * route templates, @AuditAction overrides and domain error codes. Each request is recorded once.
 */
@Module({
  imports: [AuditModule, OrgsModule],
  controllers: [AuditController],
})
export class AuditApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditMiddleware).forRoutes('{*path}');
  }
}
