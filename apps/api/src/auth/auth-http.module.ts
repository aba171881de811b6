import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { AuthController } from './auth.controller.js';

/** /api/v1/auth: login, refresh, logout, me. */
@Module({
  imports: [OrgsModule],
  controllers: [AuthController],
})
export class AuthHttpModule {}
