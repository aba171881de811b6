import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '#orgs';
import { InboxService, type NotificationView, type PreferencesView } from '#notifications';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { InboxQuery, PreferencesBody } from './notifications.dto.js';

/** The caller's own inbox: every route is scoped to the authenticated user. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'Hộp thông báo của tôi, mới nhất trước / my inbox, newest first (cursor pagination, unread filter)' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() q: InboxQuery): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    return this.inbox.list(user.id, { unread: q.unread, cursor: q.cursor, limit: q.limit });
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'Số thông báo chưa đọc / unread count' })
  async unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<{ count: number }> {
    return { count: await this.inbox.unreadCount(user.id) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Đánh dấu tất cả đã đọc / mark all as read' })
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<{ marked: number }> {
    return { marked: await this.inbox.markAllRead(user.id) };
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Địa chỉ email và chế độ nhận (ngay / tổng hợp hằng ngày) / email address and mode (immediate / daily digest)' })
  preferences(@CurrentUser() user: AuthenticatedUser): Promise<PreferencesView> {
    return this.inbox.preferences(user.id);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Đổi cách nhận thông báo / change how I am told' })
  setPreferences(@CurrentUser() user: AuthenticatedUser, @Body() body: PreferencesBody): Promise<PreferencesView> {
    return this.inbox.setPreferences(user.id, body);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Đánh dấu đã đọc / mark as read (idempotent)' })
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<{ id: string; readAt: Date }> {
    return this.inbox.markRead(user.id, id);
  }
}
