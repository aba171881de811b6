import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthService, OrganisationService, type AuthenticatedUser, type LoginResult } from '#orgs';
import { Public } from '../public.decorator.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginRateLimited } from './rate-limit.js';
import { ChangePasswordDto, LoginRequestDto, MeDto, MfaChallengeDto, RefreshRequestDto, TokenPairDto } from './auth.dto.js';

@ApiTags('auth')
@ApiExtraModels(TokenPairDto, MfaChallengeDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly orgs: OrganisationService,
  ) {}

  @Public()
  @LoginRateLimited()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đăng nhập / log in',
    description:
      'Sai thông tin, tài khoản không tồn tại hoặc đang khóa đều trả 401 như nhau; khóa 15 phút sau 5 lần sai. / ' +
      'Wrong credentials, unknown or locked accounts all answer the same 401; 5 failures lock the account for 15 minutes. ' +
      'Vai trò trong MFA_REQUIRED_ROLES: trả { mfaRequired, mfaToken } thay cho token, hoàn tất bằng POST /auth/mfa. / ' +
      'A holder of a role of MFA_REQUIRED_ROLES gets { mfaRequired, mfaToken } instead of tokens and completes with POST /auth/mfa.',
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] } })
  login(@Body() body: LoginRequestDto): Promise<LoginResult> {
    return this.auth.login(body.username, body.password);
  }

  @Public()
  @LoginRateLimited()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đổi refresh token lấy cặp token mới / rotate the refresh token',
    description: 'Dùng lại một refresh token đã dùng sẽ thu hồi cả phiên. / Presenting a used refresh token revokes the whole session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshRequestDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Đăng xuất: thu hồi phiên hiện tại / log out: revoke the current session' })
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.auth.logout(user.sessionId);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Đổi mật khẩu của tôi / change my password',
    description:
      'Cần mật khẩu hiện tại (sai: 400, tính như một lần đăng nhập sai); các phiên khác bị thu hồi, phiên này giữ nguyên. / ' +
      'Needs the current password (wrong: 400, counted as a failed login); every other session is revoked, this one stays.',
  })
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Người dùng hiện tại, vai trò và phạm vi / the current user, roles and scopes' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<MeDto> {
    const orgIds = user.grants.map((g) => g.organisationId).filter((id): id is string => id !== null);
    const orgs = new Map((await this.orgs.findMany(orgIds)).map((o) => [o.id, o]));
    return {
      user: { id: user.id, username: user.username, personId: user.personId },
      roles: [...new Set(user.grants.map((g) => g.role))],
      scopes: user.grants.map((g) => ({
        role: g.role,
        organisationId: g.organisationId,
        organisationCode: g.organisationId ? (orgs.get(g.organisationId)?.code ?? null) : null,
        organisationName: g.organisationId ? (orgs.get(g.organisationId)?.name ?? null) : null,
        validFrom: g.validFrom,
        validTo: g.validTo,
      })),
    };
  }
}
