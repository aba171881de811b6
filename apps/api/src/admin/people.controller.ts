import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessService,
  PERMISSIONS,
  PersonService,
  RosterService,
  notFound,
  type AuthenticatedUser,
  type MembershipView,
  type PersonView,
} from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { CreatePersonDto, PersonSearchQueryDto } from './admin.dto.js';

@ApiTags('admin: people')
@ApiBearerAuth()
@Controller('admin/people')
export class PeopleController {
  constructor(
    private readonly people: PersonService,
    private readonly roster: RosterService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @RequireRoles(...PERMISSIONS.peopleWrite)
  @ApiOperation({
    summary: 'Đăng ký một người / register a person',
    description: 'Số CCCD lưu mã hóa; trùng số CCCD trả 409 / the citizen ID is stored encrypted; a duplicate answers 409',
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePersonDto): Promise<PersonView> {
    await this.access.assertCanAct(user, PERMISSIONS.peopleWrite, body.organisationId);
    return this.people.create({ ...body, religion: body.religion ?? null, citizenId: body.citizenId ?? null });
  }

  @Get()
  @ApiOperation({ summary: 'Tìm theo tên, không phân biệt dấu / search by name, diacritics ignored' })
  async search(@CurrentUser() user: AuthenticatedUser, @Query() query: PersonSearchQueryDto): Promise<PersonView[]> {
    const roots = this.access.scopeRoots(user);
    return this.people.searchByName(query.q, roots === 'all' ? null : await this.access.visibleOrgIds(user));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một người (CCCD che, chỉ hiện 3 số cuối) / one person (citizen ID masked but the last 3 digits)' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<PersonView> {
    await this.assertVisible(user, id);
    return this.people.get(id);
  }

  @Get(':id/memberships')
  @ApiOperation({ summary: 'Quá trình sinh hoạt đảng / memberships over time' })
  async memberships(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<MembershipView[]> {
    await this.assertVisible(user, id);
    return this.roster.membershipsOf(id);
  }

  private async assertVisible(user: AuthenticatedUser, personId: string): Promise<void> {
    if (!(await this.access.canSeeAny(user, await this.people.organisationIdsOf(personId)))) throw notFound();
  }
}
