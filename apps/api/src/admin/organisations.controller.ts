import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessService,
  OrganisationConfigService,
  OrganisationService,
  PERMISSIONS,
  RosterService,
  forbidden,
  todayInVietnam,
  type AuthenticatedUser,
  type CellVoteBasis,
  type CompetenceView,
  type EffectiveSettings,
  type HamletView,
  type MembershipView,
  type OrganisationView,
  type OrgSettings,
  type Resolution,
  type SubtreeEntry,
} from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import {
  AsOfQueryDto,
  CellVoteQueryDto,
  CreateHamletDto,
  CreateOrganisationDto,
  SetCompetenceDto,
  SetSettingsDto,
  SuccessionDto,
} from './admin.dto.js';

@ApiTags('admin: organisations')
@ApiBearerAuth()
@Controller('admin/organisations')
export class OrganisationsController {
  constructor(
    private readonly orgs: OrganisationService,
    private readonly config: OrganisationConfigService,
    private readonly roster: RosterService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @RequireRoles(...PERMISSIONS.organisationsWrite)
  @ApiOperation({
    summary: 'Tạo tổ chức đảng / create an organisation',
    description: 'admin; organisationDepartment trong phạm vi / within its subtree',
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    if (body.parentId) await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, body.parentId);
    else if (this.access.scopeRoots(user, ['admin']) !== 'all') throw forbidden();
    return this.orgs.create({ ...body, parentId: body.parentId ?? null, validTo: body.validTo ?? null });
  }

  @Get()
  @ApiOperation({
    summary: 'Danh sách tổ chức trong phạm vi / organisations in your scope',
    description: 'asOf: chỉ các tổ chức tồn tại vào ngày đó / only those existing then',
  })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: AsOfQueryDto): Promise<OrganisationView[]> {
    const ids = await this.access.visibleOrgIds(user);
    return this.orgs.findMany(ids, query.asOf);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một tổ chức / one organisation', description: '404 nếu ngoài phạm vi / 404 outside your scope' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<OrganisationView> {
    await this.access.assertVisible(user, id);
    return this.orgs.get(id);
  }

  @Get(':id/subtree')
  @ApiOperation({ summary: 'Cây tổ chức trực thuộc vào một ngày / the subtree as of a date' })
  async subtree(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: AsOfQueryDto): Promise<SubtreeEntry[]> {
    await this.access.assertVisible(user, id);
    return this.orgs.subtree(id, query.asOf ?? todayInVietnam());
  }

  @Get(':id/predecessors')
  @ApiOperation({ summary: 'Các tổ chức tiền thân (sáp nhập) / every predecessor (mergers)' })
  async predecessors(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<OrganisationView[]> {
    await this.access.assertVisible(user, id);
    return this.orgs.findMany(await this.orgs.predecessorIds(id));
  }

  @Get(':id/resolution')
  @ApiOperation({ summary: 'Tổ chức và cấp ủy có thẩm quyền vào một ngày / the organisation and its competent committee on a date' })
  async resolution(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: AsOfQueryDto): Promise<Resolution> {
    await this.access.assertVisible(user, id);
    return this.config.resolve(id, query.asOf ?? todayInVietnam());
  }

  @Put(':id/competence')
  @RequireRoles(...PERMISSIONS.organisationsWrite)
  @ApiOperation({ summary: 'Đặt cấp ủy có thẩm quyền và tổ chức giám sát / set the competent committee and supervisor' })
  async setCompetence(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: SetCompetenceDto,
  ): Promise<CompetenceView> {
    await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, id);
    return this.config.setCompetence({ organisationId: id, ...body, supervisorId: body.supervisorId ?? null });
  }

  @Get(':id/settings')
  @ApiOperation({ summary: 'Thiết lập đang áp dụng (kế thừa) / settings in force (inherited)' })
  async settings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: AsOfQueryDto,
  ): Promise<EffectiveSettings> {
    await this.access.assertVisible(user, id);
    return this.config.effectiveSettings(id, query.asOf ?? todayInVietnam());
  }

  @Put(':id/settings')
  @RequireRoles(...PERMISSIONS.organisationsWrite)
  @ApiOperation({
    summary: 'Đặt thiết lập địa phương / set local settings',
    description: '422 nếu nới lỏng quy định chung hoặc của cấp trên (I-7) / 422 when a value loosens the central or an ancestor rule (I-7)',
  })
  async setSettings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: SetSettingsDto,
  ): Promise<{ own: OrgSettings; effective: EffectiveSettings }> {
    await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, id);
    return this.config.setSettings(id, body.validFrom, body.settings);
  }

  @Post(':id/successions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRoles(...PERMISSIONS.organisationsWrite)
  @ApiOperation({ summary: 'Ghi nhận sáp nhập/giải thể vào tổ chức này / record predecessors rolled into this organisation' })
  async succession(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: SuccessionDto): Promise<void> {
    for (const orgId of [id, ...body.predecessorIds]) await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, orgId);
    await this.orgs.recordSuccession({ successorId: id, ...body });
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Danh sách sinh hoạt vào một ngày / members on a date' })
  async members(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: AsOfQueryDto): Promise<MembershipView[]> {
    await this.access.assertVisible(user, id);
    return this.roster.membersOn(id, query.asOf ?? todayInVietnam());
  }

  @Get(':id/cell-vote-basis')
  @ApiOperation({
    summary: 'Số đảng viên chính thức và mẫu số biểu quyết của chi bộ / the cell roll and the PROC-CELL-VOTE denominator',
  })
  async cellVoteBasis(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: CellVoteQueryDto,
  ): Promise<CellVoteBasis> {
    await this.access.assertVisible(user, id);
    return this.roster.cellVoteBasis(id, query.date, query.exemptedAttendeeIds ?? []);
  }

  @Get(':id/hamlets')
  @ApiOperation({ summary: 'Thôn, tổ dân phố và chi bộ phụ trách (độ phủ) / hamlets and their covering cells (coverage)' })
  async hamlets(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: AsOfQueryDto,
  ): Promise<(HamletView & { fullMembers: number })[]> {
    await this.access.assertVisible(user, id);
    return this.orgs.hamletCoverage(id, query.asOf ?? todayInVietnam());
  }

  @Post(':id/hamlets')
  @RequireRoles(...PERMISSIONS.organisationsWrite)
  @ApiOperation({ summary: 'Thêm thôn, tổ dân phố trên địa bàn / add a hamlet in this territory' })
  async addHamlet(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: CreateHamletDto): Promise<HamletView> {
    await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, id);
    if (body.cellId) await this.access.assertCanAct(user, PERMISSIONS.organisationsWrite, body.cellId);
    return this.orgs.createHamlet({ ...body, areaOrganisationId: id, cellId: body.cellId ?? null });
  }
}
