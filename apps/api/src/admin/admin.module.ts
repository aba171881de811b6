import { Module } from '@nestjs/common';
import { OrgsModule } from '#orgs';
import { MembershipsController } from './memberships.controller.js';
import { OrganisationsController } from './organisations.controller.js';
import { PeopleController } from './people.controller.js';
import { UsersController } from './users.controller.js';

/** Administration of organisations, people, memberships and users (/api/v1/admin/...). */
@Module({
  imports: [OrgsModule],
  controllers: [OrganisationsController, PeopleController, MembershipsController, UsersController],
})
export class AdminModule {}
