import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService, PERMISSIONS, PersonService, RosterService, notFound, type AuthenticatedUser, type MembershipView } from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { AddMembershipDto, EndDto } from './admin.dto.js';

@ApiTags('admin: memberships')
@ApiBearerAuth()
@Controller('admin/memberships')
@RequireRoles(...PERMISSIONS.membershipsWrite)
export class MembershipsController {
  constructor(
    private readonly roster: RosterService,
    private readonly people: PersonService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Thêm sinh hoạt đảng / add a membership' })
  async add(@CurrentUser() user: AuthenticatedUser, @Body() body: AddMembershipDto): Promise<MembershipView> {
    await this.access.assertCanAct(user, PERMISSIONS.membershipsWrite, body.bodyId);
    if (!(await this.access.canSeeAny(user, await this.people.organisationIdsOf(body.personId)))) throw notFound();
    return this.roster.add(body);
  }

  @Post(':id/end')
  @ApiOperation({ summary: 'Kết thúc sinh hoạt đảng / end a membership' })
  async end(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: EndDto): Promise<MembershipView> {
    const membership = await this.roster.get(id);
    await this.access.assertCanAct(user, PERMISSIONS.membershipsWrite, membership.bodyId);
    return this.roster.end(id, body.validTo);
  }
}
