import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { AuthController } from './auth.controller.js';
import { SsoController } from './sso.controller.js';

/** /api/v1/auth: login, refresh, logout, me; single sign-on (OIDC) and the TOTP second factor. */
@Module({
  imports: [OrgsModule],
  controllers: [AuthController, SsoController],
})
export class AuthHttpModule {}
