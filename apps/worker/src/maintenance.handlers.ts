import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobRegistry, QueueGateway } from '#scheduling';

const HOUR = 3_600_000;

/** Keeps Redis from growing: finished jobs older than a day are removed every hour. */
@Injectable()
export class MaintenanceHandlers implements OnModuleInit {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueGateway,
  ) {}

  onModuleInit(): void {
    this.registry.register('maintenance.cleanQueue', async ({ olderThanMs }) => {
      const removed = await this.queue.cleanFinished(olderThanMs);
      if (removed > 0) this.logger.log({ msg: 'queue cleaned', removed });
    });
  }

  async arm(): Promise<void> {
    await this.queue.add('maintenance.cleanQueue', { olderThanMs: 24 * HOUR }, { jobId: 'maintenance.cleanQueue', repeatEveryMs: HOUR });
  }
}
