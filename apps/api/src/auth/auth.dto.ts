import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '#orgs';

export class LoginRequestDto {
  @ApiProperty({ description: 'Tên đăng nhập / username', example: 'chiuy' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ description: 'Mật khẩu / password', format: 'password' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshRequestDto {
  @ApiProperty({ description: 'Refresh token nhận được khi đăng nhập (dùng một lần) / the refresh token (single use)' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token (JWT), gửi trong header Authorization: Bearer / send as Authorization: Bearer' })
  accessToken!: string;
  @ApiProperty({ description: 'Số giây còn hiệu lực / seconds until it expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Refresh token, mỗi lần dùng sẽ đổi mới / rotated on every use' }) refreshToken!: string;
  @ApiProperty() refreshExpiresIn!: number;
}

export class ScopeDto {
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, nullable: true, description: 'Gốc cây tổ chức được phân quyền; null: toàn bộ / root of the subtree; null: everywhere' })
  organisationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName!: string | null;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ type: String, nullable: true }) validTo!: string | null;
}

export class MeUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) personId!: string | null;
}

export class MeDto {
  @ApiProperty({ type: MeUserDto }) user!: MeUserDto;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: ScopeDto, isArray: true }) scopes!: ScopeDto[];
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'Mật khẩu hiện tại / the current password', format: 'password' })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ description: 'Mật khẩu mới, ít nhất 10 ký tự, tối đa 72 byte / the new password, 10 characters to 72 bytes', format: 'password' })
  @IsString()
  @Length(10, 200)
  newPassword!: string;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true], description: 'Cần mã TOTP: gửi POST /auth/mfa / a TOTP code is needed: POST /auth/mfa' })
  mfaRequired!: true;
  @ApiProperty({ description: 'Token ngắn hạn (5 phút) cho bước hai, không phải access token / short-lived (5 min) token for the second step, not an access token' })
  mfaToken!: string;
  @ApiProperty() expiresIn!: number;
  @ApiProperty({ description: 'false: chưa có mã bí mật, tạo bằng POST /auth/mfa/enrol / false: no secret yet, enrol with POST /auth/mfa/enrol' })
  enrolled!: boolean;
}

export class MfaRequestDto {
  @ApiProperty({ description: 'mfaToken nhận được khi đăng nhập / the mfaToken the login answered' })
  @IsString()
  @Length(20, 2000)
  mfaToken!: string;

  @ApiProperty({ description: 'Mã 6 chữ số của ứng dụng xác thực / the 6-digit code of the authenticator app', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code phải gồm 6 chữ số / code must be 6 digits' })
  code!: string;
}

export class MfaTokenDto {
  @ApiProperty({ description: 'mfaToken nhận được khi đăng nhập / the mfaToken the login answered' })
  @IsString()
  @Length(20, 2000)
  mfaToken!: string;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'Mã 6 chữ số của ứng dụng xác thực / the 6-digit code of the authenticator app', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code phải gồm 6 chữ số / code must be 6 digits' })
  code!: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'otpauth://totp/... (mã QR); chỉ hiện một lần / for a QR code; shown once' }) otpauthUri!: string;
  @ApiProperty({ description: 'Mã bí mật base32; chỉ hiện một lần / the base32 secret; shown once' }) secret!: string;
}

export class SsoExchangeDto {
  @ApiProperty({ description: 'Mã dùng một lần trong /#/login?sso=... (60 giây) / the one-time code of /#/login?sso=... (60 s)' })
  @IsString()
  @Length(20, 200)
  code!: string;
}

export class AuthMethodsDto {
  @ApiProperty({ description: 'Đăng nhập bằng mật khẩu / password login' }) password!: boolean;
  @ApiProperty({ description: 'Đăng nhập bằng tài khoản tổ chức (OIDC) đã bật / single sign-on (OIDC) is on' }) sso!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Nơi bắt đầu đăng nhập một lần / where single sign-on starts' }) ssoLoginUrl!: string | null;
}
