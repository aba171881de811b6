import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { EVENT_SCHEMAS, MOTIONS } from '#procedure';
import { PageLimit, toBool } from '../query-transforms.js';

/** Attributes of the candidate that matter to the rules and can change (not kept on the person). */
export class CandidateFactsDto {
  @ApiPropertyOptional({ description: 'Đoàn viên / Youth Union member' })
  @IsOptional()
  @IsBoolean()
  youthUnionMember?: boolean;

  @ApiPropertyOptional({ description: 'Cán bộ Đoàn / Youth Union official (I-3)' })
  @IsOptional()
  @IsBoolean()
  youthUnionOfficial?: boolean;

  @ApiPropertyOptional({ description: 'Đoàn viên công đoàn / trade-union member' })
  @IsOptional()
  @IsBoolean()
  tradeUnionMember?: boolean;

  @ApiPropertyOptional({ description: 'Vùng được ngoại lệ học vấn / area exception (HD06 §1.2)' })
  @IsOptional()
  @IsBoolean()
  areaException?: boolean;

  @ApiPropertyOptional({ description: 'Già làng, trưởng bản, người có uy tín / community leader' })
  @IsOptional()
  @IsBoolean()
  communityLeader?: boolean;

  @ApiPropertyOptional({ description: 'Công dân Việt Nam / Vietnamese citizen (default true)' })
  @IsOptional()
  @IsBoolean()
  vietnameseCitizen?: boolean;

  @ApiPropertyOptional({ description: 'Vợ/chồng là người nước ngoài / foreign spouse' })
  @IsOptional()
  @IsBoolean()
  foreignSpouse?: boolean;

  @ApiPropertyOptional({ description: 'Người Việt Nam gốc nước ngoài / Vietnamese national of foreign origin' })
  @IsOptional()
  @IsBoolean()
  foreignOrigin?: boolean;

  @ApiPropertyOptional({ description: 'Chủ doanh nghiệp tư nhân (HD 08-HD/BTCTW); mặc định theo nghề nghiệp / private-business owner (default: from the occupation)' })
  @IsOptional()
  @IsBoolean()
  businessOwner?: boolean;

  @ApiPropertyOptional({ description: 'Người Hoa / ethnic Chinese' })
  @IsOptional()
  @IsBoolean()
  ethnicChinese?: boolean;

  @ApiPropertyOptional({ description: 'Số đời gia đình mang quốc tịch Việt Nam / generations of Vietnamese nationality' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  vietnameseNationalityGenerations?: number;
}

export class CreateCaseDto {
  @ApiProperty({ description: 'Người được xem xét kết nạp / the candidate', format: 'uuid' })
  @IsUUID('all', { message: 'personId phải là UUID / must be a UUID' })
  personId!: string;

  @ApiProperty({ description: 'Chi bộ xem xét / the cell that handles the case', format: 'uuid' })
  @IsUUID('all', { message: 'organisationId phải là UUID / must be a UUID' })
  organisationId!: string;

  @ApiPropertyOptional({ type: CandidateFactsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CandidateFactsDto)
  candidate?: CandidateFactsDto;

  @ApiPropertyOptional({
    description:
      'Trường hợp đặc biệt / case variant: readmission {leftOn, reason, reasonNote?, previouslyReadmitted, firstDecisionOn?, expungedOn?}, noPartyNearby, temporaryCell, armedForces. Trường khác bị từ chối (400) / any other key is refused (400).',
  })
  @IsOptional()
  @IsObject()
  variant?: Record<string, unknown>;
}

export class ListCasesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Cây tổ chức / organisation subtree' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Giai đoạn / stage' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  stage?: string;

  @ApiPropertyOptional({ description: 'Trạng thái máy / machine state' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  state?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ description: 'Chỉ hồ sơ quá hạn / overdue only' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Tìm theo tên, không phân biệt dấu / name search, diacritics ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

/** The committee votes of the procedure: the base committee's and the deciding body's (events with a `vote`). */
export const COMMITTEE_VOTE_TYPES: readonly string[] = Object.values(EVENT_SCHEMAS)
  .filter((s) => /^(base|decision)\./.test(s.type) && s.fields.some((f) => f.name === 'vote'))
  .map((s) => s.type)
  .sort();

/** GET /cases/{id}/committee-vote-basis: the committee's figure for a vote's meeting date. */
export class CommitteeVoteQueryDto {
  @ApiProperty({ description: 'Bước có biểu quyết của cấp ủy / the committee vote step', enum: COMMITTEE_VOTE_TYPES, example: 'base.admissionVoted' })
  @IsIn(COMMITTEE_VOTE_TYPES, { message: `type: phải là một trong / must be one of: ${COMMITTEE_VOTE_TYPES.join(', ')}` })
  type!: string;

  @ApiProperty({ description: 'Ngày họp / meeting date', example: '2025-10-09' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date: Ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ description: 'Nội dung biểu quyết / motion', enum: MOTIONS })
  @IsOptional()
  @IsIn(MOTIONS, { message: `motion: phải là một trong / must be one of: ${MOTIONS.join(', ')}` })
  motion?: string;

  @ApiPropertyOptional({ description: 'Cấp ủy viên đang sinh hoạt tạm thời nơi khác có mặt (id, phân cách bằng dấu phẩy) / members on temporary transfer who attended' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
}
