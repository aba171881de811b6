import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  COMPETENT_BODY_KINDS,
  EDUCATION_LEVELS,
  ISO_DATE,
  MEMBERSHIP_ROLES,
  MEMBERSHIP_STATUSES,
  OCCUPATION_CATEGORIES,
  ORGANISATION_KINDS,
  ROLES,
  SEXES,
  SUCCESSION_KINDS,
  type CompetentBodyKind,
  type EducationLevel,
  type MembershipRole,
  type MembershipStatus,
  type OccupationCategory,
  type OrganisationKind,
  type Role,
  type Sex,
  type SuccessionKind,
} from '#orgs';

const DATE_MESSAGE = 'Ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD';
const IsLegalDate = (): PropertyDecorator => Matches(ISO_DATE, { message: `$property: ${DATE_MESSAGE}` });
const oneOf = (values: readonly string[]): string => `phải là một trong / must be one of: ${values.join(', ')}`;

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Ngày tra cứu (mặc định: hôm nay) / as of this date (default: today)', example: '2025-07-02' })
  @IsOptional()
  @IsLegalDate()
  asOf?: string;
}

export class CellVoteQueryDto {
  @ApiProperty({ description: 'Ngày họp chi bộ / meeting date', example: '2025-10-06' })
  @IsLegalDate()
  date!: string;

  @ApiPropertyOptional({
    description:
      'Đảng viên được miễn sinh hoạt có mặt và biểu quyết (id, phân cách bằng dấu phẩy) / exempted members who attended (ids, comma-separated)',
  })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @IsUUID('all', { each: true })
  exemptedAttendeeIds?: string[];
}

export class CreateOrganisationDto {
  @ApiProperty({ description: 'Mã tổ chức, duy nhất / unique code', example: 'CB-SV-01' })
  @IsString()
  @Length(2, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'code: chỉ gồm chữ, số, . _ - / letters, digits, . _ - only' })
  code!: string;

  @ApiProperty({ description: 'Tên tổ chức (tiếng Việt) / name (Vietnamese)', example: 'Chi bộ Sinh viên' })
  @IsString()
  @Length(2, 300)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'Loại tổ chức / kind' })
  @IsIn(ORGANISATION_KINDS, { message: `kind ${oneOf(ORGANISATION_KINDS)}` })
  kind!: OrganisationKind;

  @ApiPropertyOptional({ description: 'Tổ chức cấp trên; bỏ trống cho tỉnh ủy / parent; empty for a provincial committee', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ description: 'Ngày thành lập / exists from', example: '2025-07-01' })
  @IsLegalDate()
  validFrom!: string;

  @ApiPropertyOptional({ description: 'Ngày đầu tiên không còn tồn tại / first day it no longer exists', example: '2030-01-01' })
  @IsOptional()
  @IsLegalDate()
  validTo?: string;
}

export class SetCompetenceDto {
  @ApiProperty({ description: 'Cấp ủy có thẩm quyền quyết định kết nạp / the deciding committee', format: 'uuid' })
  @IsUUID()
  competentCommitteeId!: string;

  @ApiProperty({ enum: COMPETENT_BODY_KINDS, description: 'Cơ quan quyết định / deciding body' })
  @IsIn(COMPETENT_BODY_KINDS, { message: `body ${oneOf(COMPETENT_BODY_KINDS)}` })
  body!: CompetentBodyKind;

  @ApiPropertyOptional({
    description:
      'Tổ chức giám sát (mặc định: cấp trên của cấp ủy có thẩm quyền) / supervisor (default: the parent of the competent committee)',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  supervisorId?: string;

  @ApiProperty({ description: 'Áp dụng từ ngày / in force from', example: '2025-07-01' })
  @IsLegalDate()
  validFrom!: string;
}

export class SetSettingsDto {
  @ApiProperty({ description: 'Áp dụng từ ngày / in force from', example: '2026-01-01' })
  @IsLegalDate()
  validFrom!: string;

  @ApiProperty({
    description:
      'Thiết lập địa phương, chỉ được chặt hơn quy định chung / local settings, only tightening: youthAgeOfficialMonths, tradeUnionPathPastYouth, reminderOffsets, localDefaults, timerTightenings (per timer and edition: {timer, edition, length})',
    example: { timerTightenings: [{ timer: 'admissionDecision', edition: '2025-07', length: 40 }], tradeUnionPathPastYouth: true },
  })
  @IsObject()
  settings!: Record<string, unknown>;
}

export class SuccessionDto {
  @ApiProperty({
    description: 'Các tổ chức tiền thân sáp nhập vào tổ chức này / predecessors rolled into this organisation',
    type: [String],
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  predecessorIds!: string[];

  @ApiProperty({ enum: SUCCESSION_KINDS })
  @IsIn(SUCCESSION_KINDS, { message: `kind ${oneOf(SUCCESSION_KINDS)}` })
  kind!: SuccessionKind;

  @ApiProperty({ description: 'Ngày có hiệu lực / effective date', example: '2025-07-01' })
  @IsLegalDate()
  effectiveDate!: string;
}

export class CreateHamletDto {
  @ApiProperty({ example: 'TDP-3' })
  @IsString()
  @Length(2, 64)
  code!: string;

  @ApiProperty({ description: 'Tên thôn, tổ dân phố / hamlet or residential group', example: 'Tổ dân phố số 3' })
  @IsString()
  @Length(2, 300)
  name!: string;

  @ApiPropertyOptional({ description: 'Chi bộ phụ trách / covering cell', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cellId?: string;

  @ApiProperty({ example: '2025-07-01' })
  @IsLegalDate()
  validFrom!: string;
}

export class CreatePersonDto {
  @ApiProperty({ description: 'Tổ chức quản lý hồ sơ / organisation holding the record', format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ description: 'Họ và tên / full name', example: 'Nguyễn Thị Lan' })
  @IsString()
  @Length(2, 200)
  fullName!: string;

  @ApiProperty({ description: 'Ngày sinh / birth date', example: '2004-05-12' })
  @IsLegalDate()
  birthDate!: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES, { message: `sex ${oneOf(SEXES)}` })
  sex!: Sex;

  @ApiProperty({ description: 'Dân tộc / ethnicity', example: 'Kinh' })
  @IsString()
  @Length(1, 100)
  ethnicity!: string;

  @ApiPropertyOptional({ description: 'Tôn giáo / religion', example: 'Phật giáo' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  religion?: string;

  @ApiProperty({ enum: OCCUPATION_CATEGORIES, description: 'Nhóm nghề nghiệp (báo cáo) / occupation report category' })
  @IsIn(OCCUPATION_CATEGORIES, { message: `occupation ${oneOf(OCCUPATION_CATEGORIES)}` })
  occupation!: OccupationCategory;

  @ApiProperty({ enum: EDUCATION_LEVELS, description: 'Trình độ học vấn / education level' })
  @IsIn(EDUCATION_LEVELS, { message: `educationLevel ${oneOf(EDUCATION_LEVELS)}` })
  educationLevel!: EducationLevel;

  @ApiPropertyOptional({
    description:
      'Số CCCD (12 chữ số), lưu mã hóa, không bao giờ trả lại đầy đủ / citizen ID (12 digits), stored encrypted, never returned in full',
    example: '001204012345',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{9}$|^\d{12}$/, { message: 'citizenId: 12 (hoặc 9) chữ số / 12 (or 9) digits' })
  citizenId?: string;
}

export class PersonSearchQueryDto {
  @ApiProperty({ description: 'Tên cần tìm, không phân biệt dấu / name, diacritics ignored', example: 'nguyen thi lan' })
  @IsString()
  @Length(2, 100)
  q!: string;
}

export class AddMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ description: 'Chi bộ hoặc cấp ủy / cell or committee organisation', format: 'uuid' })
  @IsUUID()
  bodyId!: string;

  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES, { message: `role ${oneOf(MEMBERSHIP_ROLES)}` })
  role?: MembershipRole;

  @ApiProperty({ enum: MEMBERSHIP_STATUSES })
  @IsIn(MEMBERSHIP_STATUSES, { message: `status ${oneOf(MEMBERSHIP_STATUSES)}` })
  status!: MembershipStatus;

  @ApiProperty({ example: '2025-07-01' })
  @IsLegalDate()
  validFrom!: string;

  @ApiPropertyOptional({ description: 'Ngày đầu tiên không còn sinh hoạt / first day no longer a member' })
  @IsOptional()
  @IsLegalDate()
  validTo?: string;
}

export class EndDto {
  @ApiProperty({ description: 'Ngày đầu tiên không còn hiệu lực / first day no longer in force', example: '2026-01-01' })
  @IsLegalDate()
  validTo!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'chiuy.sv' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, { message: 'username: 3-64 ký tự a-z, 0-9, . _ - / 3-64 characters a-z, 0-9, . _ -' })
  username!: string;

  @ApiProperty({ format: 'password', description: 'Ít nhất 10 ký tự / at least 10 characters' })
  @IsString()
  @MinLength(10, { message: 'password: ít nhất 10 ký tự / at least 10 characters' })
  @MaxLength(72)
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Người tương ứng / the person this user is' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class GrantRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role ${oneOf(ROLES)}` })
  role!: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Gốc phạm vi; bỏ trống chỉ cho admin toàn hệ thống / scope root; empty only for a global admin',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsLegalDate()
  validFrom!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsLegalDate()
  validTo?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ format: 'password', description: 'Mật khẩu mới, ít nhất 10 ký tự / the new password, at least 10 characters' })
  @IsString()
  @MinLength(10, { message: 'newPassword: ít nhất 10 ký tự / at least 10 characters' })
  @MaxLength(72)
  newPassword!: string;
}
