import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessService,
  MfaService,
  PERMISSIONS,
  UserService,
  OrgsError,
  forbidden,
  notFound,
  type AuthenticatedUser,
  type RoleGrantView,
  type UserView,
} from '#orgs';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireRoles } from '../auth/roles.decorator.js';
import { CreateUserDto, EndDto, GrantRoleDto, ResetPasswordDto } from './admin.dto.js';

@ApiTags('admin: users')
@ApiBearerAuth()
@Controller('admin/users')
@RequireRoles(...PERMISSIONS.usersWrite)
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly access: AccessService,
    private readonly mfa: MfaService,
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

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Khóa tài khoản / disable an account',
    description:
      'Không đăng nhập được nữa; token đang dùng hết hiệu lực ngay ở yêu cầu kế tiếp. Chỉ với người dùng mà mọi quyền nằm trong phạm vi của bạn. / ' +
      'It can no longer log in; its tokens stop working on the next request. Only for users whose every grant lies within your scope.',
  })
  async disable(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<UserView> {
    await this.assertManages(user, id);
    if (id === user.id) throw new OrgsError('ORGS.CONFLICT', 'Không thể tự khóa tài khoản của mình / you cannot disable your own account');
    return this.users.disable(id);
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mở lại tài khoản / enable an account again' })
  async enable(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<UserView> {
    await this.assertManages(user, id);
    return this.users.enable(id);
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Đặt lại mật khẩu / reset a password',
    description: 'Mọi phiên của người dùng bị thu hồi; mật khẩu không bao giờ được ghi log. / Every session of the user is revoked; the password is never logged.',
  })
  async resetPassword(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: ResetPasswordDto): Promise<void> {
    await this.assertManages(user, id);
    await this.users.setPassword(id, body.newPassword);
  }

  @Post(':id/totp/reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Đặt lại xác thực hai lớp (mất thiết bị) / reset the second factor (lost device)',
    description:
      'Xóa mã bí mật TOTP; người dùng tạo lại ở lần đăng nhập kế tiếp. Mọi phiên bị thu hồi. / ' +
      'Removes the TOTP secret; the user enrols again at the next login. Every session is revoked.',
  })
  async resetTotp(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.assertManages(user, id);
    await this.mfa.reset(id);
  }

  /**
   * An administrator manages a user when every grant of that user (any date) lies within the
   * administrator's scope: 404 when the user is not visible at all (as GET /admin/users/{id}),
   * 403 when some grant reaches outside (a scoped admin never disables a province-wide user, nor a
   * global admin). Users without any grant (visible to every administrator): global administrators only (403).
   */
  private async assertManages(user: AuthenticatedUser, id: string): Promise<void> {
    const target = await this.users.get(id);
    if (this.access.scopeRoots(user, PERMISSIONS.usersWrite) === 'all') return;
    if (target.grants.length === 0) throw forbidden();
    const visible = new Set(await this.access.visibleOrgIds(user, PERMISSIONS.usersWrite));
    if (!target.grants.some((g) => g.organisationId !== null && visible.has(g.organisationId))) throw notFound('Không tìm thấy người dùng / user not found');
    if (!target.grants.every((g) => g.organisationId !== null && visible.has(g.organisationId))) throw forbidden();
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
