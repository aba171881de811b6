import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** One Metrics per application context, available everywhere (optional for the libraries). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(service: 'api' | 'worker' | 'test'): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: Metrics, useFactory: () => new Metrics(service) }],
      exports: [Metrics],
    };
  }
}
