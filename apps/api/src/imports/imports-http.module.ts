import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ImportsModule } from '#imports';
import { OrgsModule } from '#orgs';
import { importBodyReader } from './import-body.middleware.js';
import { ImportsController } from './imports.controller.js';

@Module({
  imports: [ImportsModule, OrgsModule],
  controllers: [ImportsController],
})
export class ImportsHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The larger body limit applies to this one route only.
    consumer.apply(importBodyReader()).forRoutes({ path: 'admin/imports', method: RequestMethod.POST });
  }
}
