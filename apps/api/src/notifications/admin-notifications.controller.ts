import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService, type AuthenticatedUser } from '#orgs';
import { DeliveryService, WebhookEndpointsService, type DeliveryView, type ManageScope, type WebhookEndpointView } from '#notifications';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RequireGlobalScope, RequireRoles } from '../auth/roles.decorator.js';
import { CreateWebhookEndpointBody, DeliveriesQuery, UpdateWebhookEndpointBody, WebhookEndpointsQuery } from './notifications.dto.js';

/** Operators: deliveries that gave up, and sending them again. Global administrators only (deliveries span every organisation). */
@ApiTags('admin: notifications')
@ApiBearerAuth()
@RequireRoles('admin')
@RequireGlobalScope()
@Controller('admin/deliveries')
export class AdminDeliveriesController {
  constructor(private readonly deliveries: DeliveryService) {}

  @Get()
  @ApiOperation({ summary: 'Các lần gửi (vd. status=dead) / deliveries, e.g. status=dead, newest change first' })
  list(@Query() q: DeliveriesQuery): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    return this.deliveries.list({ status: q.status, cursor: q.cursor, limit: q.limit });
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Gửi lại một lần gửi đã hỏng / send a dead or failing delivery again (fresh attempts)' })
  retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryView> {
    return this.deliveries.retry(id);
  }
}

const WEBHOOK_ROLES = ['admin', 'organisationDepartment'] as const;

/** Webhook endpoints per organisation: administrators anywhere, organisation departments in their subtree. */
@ApiTags('admin: notifications')
@ApiBearerAuth()
@RequireRoles(...WEBHOOK_ROLES)
@Controller('admin/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly access: AccessService,
  ) {}

  private scope(user: AuthenticatedUser): ManageScope {
    return this.access.scopeRoots(user, WEBHOOK_ROLES);
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách webhook / webhook endpoints in my scope (secrets never shown)' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() q: WebhookEndpointsQuery): Promise<WebhookEndpointView[]> {
    return this.endpoints.list(this.scope(user), q.organisationId);
  }

  @Post()
  @ApiOperation({ summary: 'Đăng ký webhook cho một tổ chức / register an endpoint (the secret is shown once)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateWebhookEndpointBody): Promise<WebhookEndpointView & { secret: string }> {
    return this.endpoints.create(this.scope(user), { ...body, createdBy: user.id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Sửa, tắt/bật hoặc đổi khóa / change, (de)activate or rotate the secret' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookEndpointBody,
  ): Promise<WebhookEndpointView & { secret?: string }> {
    return this.endpoints.update(this.scope(user), id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Xóa webhook / remove an endpoint' })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.endpoints.remove(this.scope(user), id);
  }
}
