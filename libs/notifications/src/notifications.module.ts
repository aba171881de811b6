import { Module } from '@nestjs/common';
import { DELIVERY_CHANNEL_LIST, type DeliveryChannel } from './channels/delivery-channel.js';
import { EmailChannel } from './channels/email.channel.js';
import { WebhookChannel } from './channels/webhook.channel.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { InboxService } from './inbox/inbox.service.js';
import { NotificationsService } from './notifications.service.js';
import { RecipientsRepository } from './recipients/recipients.repository.js';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service.js';

/**
 * Notifications for the api and the worker. Needs ConfigModule, the TypeORM DataSource and
 * SchedulingModule (QueueGateway) from the importing app.
 */
@Module({
  providers: [
    EmailChannel,
    WebhookChannel,
    { provide: DELIVERY_CHANNEL_LIST, inject: [EmailChannel, WebhookChannel], useFactory: (...channels: DeliveryChannel[]) => channels },
    RecipientsRepository,
    NotificationsService,
    DeliveryService,
    InboxService,
    WebhookEndpointsService,
  ],
  exports: [NotificationsService, DeliveryService, InboxService, WebhookEndpointsService, RecipientsRepository, DELIVERY_CHANNEL_LIST],
})
export class NotificationsModule {}
