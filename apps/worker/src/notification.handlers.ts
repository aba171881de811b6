import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DeliveryService } from '#notifications';
import { JobRegistry, QueueGateway } from '#scheduling';

const HOUR = 3_600_000;
export const NOTIFICATION_SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Sends planned deliveries (one job per attempt; idempotent), the daily digest (hourly check, one
 * email per user and day from 07:00 Vietnam time) and the sweeper that re-arms deliveries whose
 * job Redis lost.
 */
@Injectable()
export class NotificationHandlers implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueGateway,
    private readonly deliveries: DeliveryService,
  ) {}

  onModuleInit(): void {
    this.registry.register('notification.deliver', async ({ deliveryId }) => {
      const outcome = await this.deliveries.deliver(deliveryId);
      if (outcome !== 'skipped') this.logger.log({ msg: 'delivery attempted', deliveryId, outcome });
    });
    this.registry.register('notification.digest', async ({ date }) => {
      await this.deliveries.digest(date);
    });
    this.registry.register('notification.sweep', async () => {
      const n = await this.deliveries.sweep();
      if (n > 0) this.logger.warn({ msg: 'deliveries re-armed by the sweeper', count: n });
    });
  }

  async arm(): Promise<void> {
    await this.queue.add('notification.digest', {}, { jobId: 'notification.digest', repeatEveryMs: HOUR });
    await this.queue.add('notification.sweep', {}, { jobId: 'notification.sweep', repeatEveryMs: NOTIFICATION_SWEEP_EVERY_MS });
  }
}
