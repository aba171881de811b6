import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditInterceptor } from '#audit';
import { AuditApiModule } from './audit/audit-api.module.js';
import { OrgsModule } from '#orgs';
import { type AppConfig, ConfigModule, DatabaseModule, MetricsModule } from '#platform';
import { SchedulingModule } from '#scheduling';
import { AdminModule } from './admin/admin.module.js';
import { AuthHttpModule } from './auth/auth-http.module.js';
import { CasesHttpModule } from './cases/cases-http.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { RateLimitGuard } from './auth/rate-limit.js';
import { HealthController } from './health/health.controller.js';
import { NotificationsApiModule } from './notifications/notifications-api.module.js';
import { ReportsHttpModule } from './reports/reports-http.module.js';
import { ImportsHttpModule } from './imports/imports-http.module.js';
import { PaperworkHttpModule } from './paperwork/paperwork-http.module.js';
import { ApiGauges } from './metrics/api-gauges.js';

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), MetricsModule.forRoot('api'), DatabaseModule.forRoot('ket-nap-api'), SchedulingModule.forRoot(), OrgsModule, AuthHttpModule, AdminModule, CasesHttpModule, AuditApiModule, NotificationsApiModule, ReportsHttpModule, ImportsHttpModule, PaperworkHttpModule, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      // Global guards, in order: authentication on every route not marked @Public(), then rate limits
      // (login per address and username, writes per user).
      providers: [
        ApiGauges,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
