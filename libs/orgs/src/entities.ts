import { MembershipEntity } from './memberships/membership.entity.js';
import {
  HamletEntity,
  OrganisationClosureEntity,
  OrganisationCompetenceEntity,
  OrganisationEntity,
  OrganisationSettingsEntity,
  OrganisationSuccessionEntity,
} from './organisations/organisation.entity.js';
import { PersonEntity } from './people/person.entity.js';
import { RefreshTokenEntity, RoleGrantEntity, UserEntity } from './users/user.entity.js';
import { SsoHandoffEntity, UserIdentityEntity } from './auth/sso.entity.js';

/** Every entity of the library, as classes (stack.md: arrays, not globs). */
export const ORGS_ENTITIES = [
  OrganisationEntity,
  OrganisationClosureEntity,
  OrganisationSuccessionEntity,
  OrganisationCompetenceEntity,
  OrganisationSettingsEntity,
  HamletEntity,
  PersonEntity,
  MembershipEntity,
  UserEntity,
  RoleGrantEntity,
  RefreshTokenEntity,
  UserIdentityEntity,
  SsoHandoffEntity,
];
