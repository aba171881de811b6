import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '#platform';
import { JobRegistry } from './job-registry.js';
import { QueueGateway } from './queue.gateway.js';

class QueueShutdown implements OnApplicationShutdown {
  constructor(private readonly gateway: QueueGateway) {}
  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }
}

@Global()
@Module({})
export class SchedulingModule {
  static forRoot(overrides: { lockDurationMs?: number; stalledIntervalMs?: number } = {}): DynamicModule {
    return {
      module: SchedulingModule,
      providers: [
        {
          provide: QueueGateway,
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            new QueueGateway({
              redisUrl: config.REDIS_URL,
              prefix: config.QUEUE_PREFIX,
              lockDurationMs: config.QUEUE_LOCK_DURATION_MS,
              stalledIntervalMs: config.QUEUE_STALLED_INTERVAL_MS,
              ...overrides,
            }),
        },
        { provide: QueueShutdown, inject: [QueueGateway], useFactory: (g: QueueGateway) => new QueueShutdown(g) },
        JobRegistry,
      ],
      exports: [QueueGateway, JobRegistry],
    };
  }
}
