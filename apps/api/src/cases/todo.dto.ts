import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ISO_DATE, OCCUPATION_CATEGORIES } from '#orgs';
import { NotBefore } from '#platform';
import { PageLimit, toBool } from '../query-transforms.js';

/** GET /todo: "Việc cần làm" of the caller's subtree; every filter narrows. */
export class TodoQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Cây tổ chức / organisation subtree (404 outside yours)' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Giai đoạn / stage' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  stage?: string;

  @ApiPropertyOptional({ enum: OCCUPATION_CATEGORIES, description: 'Nhóm đối tượng (nghề nghiệp) / occupation category' })
  @IsOptional()
  @IsIn(OCCUPATION_CATEGORIES as unknown as string[])
  category?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Hạn từ ngày (gồm) / limit from (inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'phải là ngày yyyy-mm-dd / must be a yyyy-mm-dd date' })
  @IsISO8601({ strict: true }, { message: 'không phải ngày có thật / not a real date' })
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Hạn đến ngày (gồm) / limit to (inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'phải là ngày yyyy-mm-dd / must be a yyyy-mm-dd date' })
  @IsISO8601({ strict: true }, { message: 'không phải ngày có thật / not a real date' })
  @NotBefore('dueFrom')
  dueTo?: string;

  @ApiPropertyOptional({ description: 'Chỉ việc quá hạn (true) hoặc chưa quá hạn (false) / overdue only, or not overdue' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @PageLimit(2000, 500)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}
