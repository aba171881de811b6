import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AppConfig } from '#platform';
import { AuthService, MfaService, OidcService, OrgsError, type AuthenticatedUser, type LoginResult, type TokenPair, type TotpEnrolment } from '#orgs';
import { Public } from '../public.decorator.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginRateLimited } from './rate-limit.js';
import { AuthMethodsDto, MfaChallengeDto, MfaRequestDto, MfaTokenDto, SsoExchangeDto, TokenPairDto, TotpCodeDto, TotpEnrolmentDto } from './auth.dto.js';

/** The cookie that carries the encrypted OIDC state between /oidc/login and /oidc/callback. */
export const OIDC_COOKIE = 'kn_oidc';
const COOKIE_PATH = '/api/v1/auth/oidc';

interface HttpRequest {
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponse {
  setHeader(name: string, value: string | string[]): void;
  redirect(status: number, url: string): void;
}

function cookieOf(req: HttpRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  for (const part of (typeof header === 'string' ? header : '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Single sign-on (OpenID Connect, off unless OIDC_ISSUER_URL is set: then 404) and the TOTP second
 * factor. docs/security.md, "Single sign-on" and "Second factor".
 */
@ApiTags('auth')
@ApiExtraModels(TokenPairDto, MfaChallengeDto)
@Controller('auth')
export class SsoController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly oidc: OidcService,
    private readonly config: AppConfig,
  ) {}

  private get secureCookie(): boolean {
    return (this.config.OIDC_REDIRECT_URI ?? '').startsWith('https:');
  }

  /**
   * Where the browser lands after the callback: the web app's login page on the redirect URI's
   * origin, `/#/login?sso=<one-time code>` (or `?ssoError=<reason>`); the page trades the code.
   */
  private webApp(params: { sso: string } | { ssoError: string }): string {
    return `${new URL(this.config.OIDC_REDIRECT_URI!).origin}/#/login?${new URLSearchParams(params).toString()}`;
  }

  @Public()
  @Get('methods')
  @ApiOperation({ summary: 'Cách đăng nhập đang bật / the login methods that are on (public)' })
  @ApiOkResponse({ type: AuthMethodsDto })
  methods(): AuthMethodsDto {
    return { password: true, sso: this.oidc.enabled, ssoLoginUrl: this.oidc.enabled ? '/api/v1/auth/oidc/login' : null };
  }

  @Public()
  @LoginRateLimited()
  @Get('oidc/login')
  @ApiOperation({
    summary: 'Bắt đầu đăng nhập bằng tài khoản tổ chức / start single sign-on',
    description:
      'Chuyển hướng (302) tới nhà cung cấp định danh (authorization code + PKCE); 404 khi SSO tắt. / ' +
      'Redirects (302) to the identity provider (authorization code + PKCE); 404 when SSO is off.',
  })
  @ApiFoundResponse({ description: 'Location: the identity provider' })
  async login(@Res() res: HttpResponse): Promise<void> {
    const { url, cookie, maxAge } = await this.oidc.begin();
    res.setHeader(
      'Set-Cookie',
      `${OIDC_COOKIE}=${encodeURIComponent(cookie)}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.secureCookie ? '; Secure' : ''}`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  }

  @Public()
  @LoginRateLimited()
  @Get('oidc/callback')
  @ApiOperation({
    summary: 'Nhà cung cấp định danh gửi trình duyệt về / the identity provider sends the browser back',
    description:
      'Đổi code, kiểm tra ID token, gắn người dùng và quyền theo claim, rồi chuyển về /#/login?sso=<mã dùng một lần> (không bao giờ có token trong URL). / ' +
      'Exchanges the code, validates the ID token, links the user and its grants from the claims, then redirects to /#/login?sso=<one-time code> (never tokens in a URL).',
  })
  @ApiFoundResponse({ description: 'Location: /#/login?sso=... or /#/login?ssoError=...' })
  async callback(@Req() req: HttpRequest, @Res() res: HttpResponse): Promise<void> {
    this.oidc.assertEnabled();
    const url = req.originalUrl ?? req.url;
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    res.setHeader('Set-Cookie', `${OIDC_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${this.secureCookie ? '; Secure' : ''}`);
    res.setHeader('Cache-Control', 'no-store');
    let target: string;
    try {
      target = this.webApp({ sso: await this.oidc.finish(query, cookieOf(req, OIDC_COOKIE)) });
    } catch (err) {
      if (!(err instanceof OrgsError)) throw err;
      const reason = (err.problem?.reason as string | undefined) ?? 'failed';
      target = this.webApp({ ssoError: reason });
    }
    res.redirect(302, target);
  }

  @Public()
  @LoginRateLimited()
  @Post('oidc/exchange')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Đổi mã dùng một lần lấy token / trade the one-time code for tokens',
    description:
      'Như đăng nhập: token, hoặc { mfaRequired, mfaToken } với vai trò cần xác thực hai lớp. Mã chỉ dùng một lần, trong 60 giây. / ' +
      'As the login: tokens, or { mfaRequired, mfaToken } for a role that needs a second factor. The code works once, for 60 s.',
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] } })
  exchange(@Body() body: SsoExchangeDto): Promise<LoginResult> {
    return this.oidc.exchange(body.code);
  }

  @Public()
  @LoginRateLimited()
  @Post('mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Bước hai: mã TOTP / second step: the TOTP code',
    description:
      'Mã sai: 401 (tính như một lần đăng nhập sai); mỗi mã dùng một lần. Mã đầu tiên sau POST /auth/mfa/enrol bật xác thực hai lớp. / ' +
      'A wrong code: 401 (counted as a failed login); each code works once. The first code after POST /auth/mfa/enrol activates the factor.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  completeMfa(@Body() body: MfaRequestDto): Promise<TokenPair> {
    return this.auth.completeMfa(body.mfaToken, body.code);
  }

  @Public()
  @LoginRateLimited()
  @Post('mfa/enrol')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Tạo mã bí mật TOTP khi đăng nhập (chưa có) / enrol a TOTP secret during login (none yet)',
    description:
      'Với mfaToken của người phải dùng xác thực hai lớp mà chưa có: trả otpauth URI và mã bí mật (một lần); 409 khi đã bật. / ' +
      'With the mfaToken of a user who must use a second factor and has none: the otpauth URI and secret (once); 409 once active.',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  enrol(@Body() body: MfaTokenDto): Promise<TotpEnrolment> {
    return this.auth.enrolWithMfaToken(body.mfaToken);
  }

  @Post('totp/setup')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Bật xác thực hai lớp: tạo mã bí mật / enrol a second factor: a new secret',
    description:
      'Trả otpauth URI và mã bí mật (chỉ hiện một lần); bật bằng POST /auth/totp/verify. 409 khi đã bật (quản trị viên đặt lại). / ' +
      'Answers the otpauth URI and secret (shown once); activate with POST /auth/totp/verify. 409 once active (an administrator resets it).',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  setup(@CurrentUser() user: AuthenticatedUser): Promise<TotpEnrolment> {
    return this.mfa.setup(user.id, user.username);
  }

  @Post('totp/verify')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Bật xác thực hai lớp bằng mã đầu tiên / activate the second factor with a first code' })
  async verify(@CurrentUser() user: AuthenticatedUser, @Body() body: TotpCodeDto): Promise<void> {
    await this.mfa.check(user.id, body.code, { activate: true });
  }
}
