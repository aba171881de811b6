import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ISO_DATE } from '#orgs';
import { NotBefore } from '#platform';
import { PERIODS, TARGET_CATEGORIES, type Period } from '#reports';
import { PageLimit, toInt } from '../query-transforms.js';

const DATE_MESSAGE = '$property: Ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD';

export class ViolationListQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Cây tổ chức (gộp tổ chức tiền thân) / organisation subtree (predecessors rolled in)',
  })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Một hồ sơ (ngoài phạm vi: 404) / one case (outside your subtree: 404)' })
  @IsOptional()
  @IsUUID('all')
  caseId?: string;

  @ApiPropertyOptional({ description: 'Mã quy tắc / rule id, e.g. PROC-DEADLINES' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ruleId?: string;

  @ApiPropertyOptional({ enum: ['open', 'explained', 'resolved'] })
  @IsOptional()
  @IsIn(['open', 'explained', 'resolved'])
  status?: 'open' | 'explained' | 'resolved';

  @ApiPropertyOptional({
    description: 'Từ ngày (ngày vi phạm) / from (the breach date: actual, else due, else opened)',
    example: '2025-01-01',
  })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Đến ngày, không trước from / to (inclusive, not before from)', example: '2025-12-31' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  @NotBefore('from')
  to?: string;

  @ApiPropertyOptional({ enum: ['organisation', 'rule'], description: 'Đếm theo tổ chức hoặc quy tắc / grouped counts' })
  @IsOptional()
  @IsIn(['organisation', 'rule'])
  groupBy?: 'organisation' | 'rule';

  @PageLimit(1000, 200)
  limit?: number;
}

export class ViolationTextDto {
  @ApiProperty({ description: 'Nội dung giải trình / kết luận — explanation or conclusion', minLength: 1, maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}

export class ReauditDto {
  @ApiProperty({ format: 'uuid', description: 'Gốc cây tổ chức cần kiểm tra lại / subtree root to re-audit' })
  @IsUUID('all')
  organisationId!: string;
}

export class AdmissionsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Mặc định: phạm vi duy nhất của người dùng / default: the caller’s only scope' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiProperty({ example: 2021 })
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year!: number;

  @ApiPropertyOptional({ enum: PERIODS, default: 'year' })
  @IsOptional()
  @IsIn(PERIODS as unknown as string[])
  period?: Period;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class TargetsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiProperty({ example: 2021 })
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year!: number;
}

export class TargetItemDto {
  @ApiProperty({ enum: TARGET_CATEGORIES, description: "'total', một nghề nghiệp hoặc một nhóm / 'total', an occupation or a flag" })
  @IsIn(TARGET_CATEGORIES as string[])
  category!: string;

  @ApiProperty({ minimum: 0, example: 1600 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  target!: number;
}

export class PutTargetsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  organisationId!: string;

  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  year!: number;

  @ApiProperty({ type: [TargetItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetItemDto)
  targets!: TargetItemDto[];
}

export class CoverageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Ngày xét (mặc định hôm nay) / as of (default today)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Kỳ xét kết nạp từ / admissions period from (default: 1 January of asOf’s year)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Kỳ xét kết nạp đến, không trước from / admissions period to (default: asOf; not before from)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  @NotBefore('from')
  to?: string;
}

export class PipelineQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Ngày xét (mặc định hôm nay) / as of (default today)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  asOf?: string;
}
