import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { NotBefore } from '#platform';

export class AuditListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the acting user' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: "the entity's kind as recorded, e.g. 'violations', 'report', 'admin'" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z][\w.-]{0,63}$/)
  resourceType?: string;

  @ApiPropertyOptional({ description: 'the entity id as recorded' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w:.-]{1,200}$/)
  resourceId?: string;

  @ApiPropertyOptional({ description: 'Người được xét (tên, không phân biệt dấu) / the candidate of the case, by name (diacritics ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  person?: string;

  @ApiPropertyOptional({ description: 'Người thực hiện (tên đăng nhập hoặc họ tên) / the acting user, by user name or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ description: "Loại thao tác, hoặc tiền tố ('case' gồm 'case.event.recorded') / the action, or its prefix" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z][\w.-]{0,63}$/)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'exclusive; not before from' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @NotBefore('from')
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AuditVerifyQuery {
  @ApiPropertyOptional({ description: "one chain, e.g. 'case:<id>' or 'session:<id>'; all when absent" })
  @IsOptional()
  @IsString()
  @Matches(/^[\w:.-]{1,200}$/)
  chain?: string;
}
