import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { IdempotencyStore } from '#cases';
import { JobRegistry, QueueGateway } from '#scheduling';

const HOUR = 3_600_000;

/**
 * Keeps Redis and PostgreSQL from growing: finished jobs older than a day are removed every hour,
 * and so are the idempotency keys past their lifetime.
 */
@Injectable()
export class MaintenanceHandlers implements OnModuleInit {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueGateway,
    private readonly idempotency: IdempotencyStore,
  ) {}

  onModuleInit(): void {
    this.registry.register('maintenance.cleanQueue', async ({ olderThanMs }) => {
      const removed = await this.queue.cleanFinished(olderThanMs);
      if (removed > 0) this.logger.log({ msg: 'queue cleaned', removed });
    });
    this.registry.register('maintenance.purgeIdempotency', async () => {
      const removed = await this.idempotency.purgeExpired();
      if (removed > 0) this.logger.log({ msg: 'idempotency keys purged', removed });
    });
  }

  async arm(): Promise<void> {
    await this.queue.add('maintenance.cleanQueue', { olderThanMs: 24 * HOUR }, { jobId: 'maintenance.cleanQueue', repeatEveryMs: HOUR });
    await this.queue.add('maintenance.purgeIdempotency', {}, { jobId: 'maintenance.purgeIdempotency', repeatEveryMs: HOUR });
  }
}
