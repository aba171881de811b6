import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessService,
  PERMISSIONS,
  UserService,
  forbidden,
  notFound,
  type AuthenticatedUser,
  type RoleGrantView,
  type UserView,
} from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { CreateUserDto, EndDto, GrantRoleDto } from './admin.dto.js';

@ApiTags('admin: users')
@ApiBearerAuth()
@Controller('admin/users')
@RequireRoles(...PERMISSIONS.usersWrite)
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Tạo người dùng / create a user',
    description: 'Mật khẩu không bao giờ được trả lại hay ghi log / the password is never returned or logged',
  })
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Người dùng có quyền trong phạm vi / users granted within your scope' })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<UserView[]> {
    const roots = this.access.scopeRoots(user, PERMISSIONS.usersWrite);
    return this.users.list(roots === 'all' ? null : await this.access.visibleOrgIds(user, PERMISSIONS.usersWrite));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một người dùng và các quyền / one user and their grants' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<UserView> {
    const target = await this.users.get(id);
    if (this.access.scopeRoots(user, PERMISSIONS.usersWrite) === 'all') return target;
    // A scoped admin sees the users granted within its scope (and those with no grant yet).
    const visible = new Set(await this.access.visibleOrgIds(user, PERMISSIONS.usersWrite));
    if (target.grants.length > 0 && !target.grants.some((g) => g.organisationId !== null && visible.has(g.organisationId)))
      throw notFound();
    return target;
  }

  @Post(':id/grants')
  @ApiOperation({ summary: 'Phân quyền theo phạm vi tổ chức / grant a role over a subtree' })
  async grant(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: GrantRoleDto): Promise<RoleGrantView> {
    if (body.organisationId) await this.access.assertCanAct(user, PERMISSIONS.usersWrite, body.organisationId);
    else if (this.access.scopeRoots(user, ['admin']) !== 'all') throw forbidden();
    return this.users.grant({
      userId: id,
      role: body.role,
      organisationId: body.organisationId ?? null,
      validFrom: body.validFrom,
      validTo: body.validTo ?? null,
      grantedBy: user.id,
    });
  }

  @Post('grants/:grantId/end')
  @ApiOperation({ summary: 'Kết thúc một quyền / end a grant' })
  async endGrant(@CurrentUser() user: AuthenticatedUser, @Param('grantId') grantId: string, @Body() body: EndDto): Promise<RoleGrantView> {
    const grant = await this.users.findGrant(grantId);
    if (!grant) throw notFound();
    if (grant.organisationId) await this.access.assertCanAct(user, PERMISSIONS.usersWrite, grant.organisationId);
    else if (this.access.scopeRoots(user, ['admin']) !== 'all') throw forbidden();
    return this.users.endGrant(grantId, body.validTo);
  }
}
