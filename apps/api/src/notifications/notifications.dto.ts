import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { DELIVERY_STATUSES, EMAIL_MODES, NOTIFICATION_KINDS, type DeliveryStatus, type EmailMode, type NotificationKind } from '#notifications';
import { PageLimit, toBool } from '../query-transforms.js';

export class InboxQuery {
  @ApiPropertyOptional({ description: 'only unread notifications' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;

  @PageLimit(100, 20)
  limit?: number;
}

export class PreferencesBody {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'where notification emails go; null stops emails' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: EMAIL_MODES })
  @IsOptional()
  @IsIn(EMAIL_MODES)
  emailMode?: EmailMode;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

export class WebhookEndpointsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class CreateWebhookEndpointBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ example: 'https://example.org/hooks/ket-nap' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ description: 'generated when omitted; shown once in the answer', minLength: 16 })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true, nullable: true, description: 'null: every kind' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  kinds?: NotificationKind[] | null;
}

export class UpdateWebhookEndpointBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  kinds?: NotificationKind[] | null;

  @ApiPropertyOptional({ description: 'issue a new secret (shown once in the answer)' })
  @IsOptional()
  @IsBoolean()
  rotateSecret?: boolean;
}
