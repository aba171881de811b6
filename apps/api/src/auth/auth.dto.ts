import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
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
  @ApiProperty({ nullable: true, description: 'Gốc cây tổ chức được phân quyền; null: toàn bộ / root of the subtree; null: everywhere' })
  organisationId!: string | null;
  @ApiProperty({ nullable: true }) organisationCode!: string | null;
  @ApiProperty({ nullable: true }) organisationName!: string | null;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ nullable: true }) validTo!: string | null;
}

export class MeUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ nullable: true }) personId!: string | null;
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
