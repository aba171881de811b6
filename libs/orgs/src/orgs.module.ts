import { Module } from '@nestjs/common';
import { AppConfig } from '#platform';
import { AccessService } from './access/access.service.js';
import { AuthService } from './auth/auth.service.js';
import { MfaService } from './auth/mfa.service.js';
import { OidcService } from './auth/oidc.service.js';
import { IdentityCipher } from './crypto/identity-cipher.js';
import { RosterService } from './memberships/roster.service.js';
import { OrganisationConfigService } from './organisations/organisation-config.service.js';
import { OrganisationService } from './organisations/organisation.service.js';
import { PersonService } from './people/person.service.js';
import { UserService } from './users/user.service.js';

const SERVICES = [OrganisationService, OrganisationConfigService, PersonService, RosterService, UserService, AuthService, AccessService, MfaService, OidcService];

/** Organisations, people, memberships, users, authentication and access scopes. */
@Module({
  providers: [
    ...SERVICES,
    {
      provide: IdentityCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new IdentityCipher(config.DATA_ENCRYPTION_KEY, config.IDENTITY_HMAC_KEY),
    },
  ],
  exports: [...SERVICES, IdentityCipher],
})
export class OrgsModule {}
