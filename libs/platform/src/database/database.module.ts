import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';
import { ClockService } from '../clock/clock.service.js';
import { CacheBus } from '../cache/cache-bus.js';

/** TypeORM on PostgreSQL; entities come from each feature module's forFeature (autoLoadEntities). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName = 'ket-nap'): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({ url: config.DATABASE_URL, applicationName, poolSize: config.DB_POOL_SIZE }),
            autoLoadEntities: true,
          }),
        }),
      ],
      providers: [ClockService, CacheBus],
      exports: [ClockService, CacheBus],
    };
  }
}
