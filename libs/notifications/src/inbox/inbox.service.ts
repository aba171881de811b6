import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { kyselyFor } from '#platform';
import type { NotificationsDatabase } from '../database.js';
import { decodeCursor, encodeCursor } from '../delivery/delivery.service.js';
import { NotificationsError } from '../errors.js';
import { EMAIL_MODES, type EmailMode, type NotificationKind } from '../notification.types.js';
import { message } from '#messages';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  organisationId: string | null;
  title: { vi: string; en: string };
  body: { vi: string; en: string };
  createdAt: Date;
  readAt: Date | null;
}

export interface PreferencesView {
  email: string | null;
  emailMode: EmailMode;
}

/** A user's own inbox and delivery preferences; every query is scoped to that user. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get db() {
    return kyselyFor<NotificationsDatabase>(this.ds);
  }

  async list(userId: string, opts: { unread?: boolean; cursor?: string; limit?: number } = {}): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
    let q = this.db
      .selectFrom('notifications')
      .select([
        'id',
        'kind',
        'case_id as caseId',
        'organisation_id as organisationId',
        'title_vi as titleVi',
        'title_en as titleEn',
        'body_vi as bodyVi',
        'body_en as bodyEn',
        'created_at as createdAt',
        'read_at as readAt',
        sql<string>`created_at::text`.as('cursorAt'),
      ])
      .where('user_id', '=', userId);
    if (opts.unread) q = q.where('read_at', 'is', null);
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(sql<Date>`${c.at}::timestamptz`, c.id)));
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        caseId: r.caseId,
        organisationId: r.organisationId,
        title: { vi: r.titleVi, en: r.titleEn },
        body: { vi: r.bodyVi, en: r.bodyEn },
        createdAt: r.createdAt,
        readAt: r.readAt,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select(({ fn }) => fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Idempotent: reading twice keeps the first read time. Another user's notification is "not found". */
  async markRead(userId: string, notificationId: string): Promise<{ id: string; readAt: Date }> {
    const row = await this.db
      .updateTable('notifications')
      .set(({ fn }) => ({ read_at: fn.coalesce('read_at', sql<Date>`now()`) }))
      .where('id', '=', notificationId)
      .where('user_id', '=', userId)
      .returning(['id', 'read_at as readAt'])
      .executeTakeFirst();
    if (!row?.readAt) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.NOTIFICATION_NOT_FOUND'));
    return { id: row.id, readAt: row.readAt };
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async preferences(userId: string): Promise<PreferencesView> {
    const row = await this.db.selectFrom('notification_preferences').select(['email', 'email_mode as emailMode']).where('user_id', '=', userId).executeTakeFirst();
    return row ?? { email: null, emailMode: 'immediate' };
  }

  async setPreferences(userId: string, input: { email?: string | null; emailMode?: EmailMode }): Promise<PreferencesView> {
    if (input.emailMode !== undefined && !(EMAIL_MODES as readonly string[]).includes(input.emailMode))
      throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.INVALID_EMAIL_MODE'));
    const current = await this.preferences(userId);
    const next: PreferencesView = {
      email: input.email === undefined ? current.email : input.email,
      emailMode: input.emailMode ?? current.emailMode,
    };
    await this.db
      .insertInto('notification_preferences')
      .values({ user_id: userId, email: next.email, email_mode: next.emailMode })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet((eb) => ({ email: eb.ref('excluded.email'), email_mode: eb.ref('excluded.email_mode'), updated_at: sql<Date>`now()` })),
      )
      .execute();
    return next;
  }
}
