import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig, ConfigModule, DatabaseModule } from '#platform';
import { SchedulingModule } from '#scheduling';
import { MaintenanceHandlers } from './maintenance.handlers.js';

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig, queue: { lockDurationMs?: number; stalledIntervalMs?: number } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('ket-nap-worker'), SchedulingModule.forRoot(queue)],
      providers: [MaintenanceHandlers],
    };
  }
}
