import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig, ConfigModule, DatabaseModule } from '#platform';
import { SchedulingModule } from '#scheduling';
import { HealthController } from './health/health.controller.js';

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('ket-nap-api'), SchedulingModule.forRoot()],
      controllers: [HealthController],
    };
  }
}
