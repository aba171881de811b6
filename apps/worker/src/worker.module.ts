import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig, ConfigModule, DatabaseModule, MetricsModule } from '#platform';
import { SchedulingModule } from '#scheduling';
import { MaintenanceHandlers } from './maintenance.handlers.js';
import { AuditModule } from '#audit';
import { AuditHandlers } from './audit.handlers.js';
import { NotificationsModule } from '#notifications';
import { NotificationHandlers } from './notification.handlers.js';
import { CasesModule } from '#cases';
import { CaseNotifier } from './case-notifier.js';
import { DeadlineHandlers } from './deadline.handlers.js';
import { ReportsModule } from '#reports';
import { ComplianceHandlers } from './compliance.handlers.js';
import { ImportsModule } from '#imports';
import { ImportHandlers } from './import.handlers.js';
import { OperationsGauges } from './operations.gauges.js';

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig, queue: { lockDurationMs?: number; stalledIntervalMs?: number } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), MetricsModule.forRoot('worker'), DatabaseModule.forRoot('ket-nap-worker'), SchedulingModule.forRoot(queue), AuditModule, NotificationsModule, CasesModule, ReportsModule, ImportsModule],
      providers: [OperationsGauges, MaintenanceHandlers, AuditHandlers, NotificationHandlers, CaseNotifier, DeadlineHandlers, ComplianceHandlers, ImportHandlers],
    };
  }
}
