import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { NotificationsModule } from '#notifications';
import { AdminDeliveriesController, WebhookEndpointsController } from './admin-notifications.controller.js';
import { NotificationsController } from './notifications.controller.js';

/** /api/v1/notifications (the caller's inbox) and the operators' endpoints under /api/v1/admin. */
@Module({
  imports: [NotificationsModule, OrgsModule],
  controllers: [NotificationsController, AdminDeliveriesController, WebhookEndpointsController],
})
export class NotificationsApiModule {}
