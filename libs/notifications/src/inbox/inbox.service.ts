import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

  async list(userId: string, opts: { unread?: boolean; cursor?: string; limit?: number } = {}): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
    const params: unknown[] = [userId];
    const where = ['n.user_id = $1'];
    if (opts.unread) where.push('n.read_at IS NULL');
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      where.push(`(n.created_at, n.id) < ($${params.push(c.at)}::timestamptz, $${params.push(c.id)}::uuid)`);
    }
    const rows: (Omit<NotificationView, 'title' | 'body'> & { titleVi: string; titleEn: string; bodyVi: string; bodyEn: string; cursorAt: string })[] =
      await this.ds.query(
        `SELECT n.id, n.kind, n.case_id AS "caseId", n.organisation_id AS "organisationId", n.title_vi AS "titleVi", n.title_en AS "titleEn",
                n.body_vi AS "bodyVi", n.body_en AS "bodyEn", n.created_at AS "createdAt", n.read_at AS "readAt", n.created_at::text AS "cursorAt"
         FROM notifications n WHERE ${where.join(' AND ')}
         ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`,
        params,
      );
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
    const [row]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return Number(row?.n ?? 0);
  }

  /** Idempotent: reading twice keeps the first read time. Another user's notification is "not found". */
  async markRead(userId: string, notificationId: string): Promise<{ id: string; readAt: Date }> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
    const [rows]: [{ id: string; readAt: Date }[], number] = await this.ds.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id, read_at AS "readAt"`,
      [notificationId, userId],
    );
    if (!rows[0]) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.NOTIFICATION_NOT_FOUND'));
    return rows[0];
  }

  async markAllRead(userId: string): Promise<number> {
    const [, count]: [unknown, number] = await this.ds.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return count;
  }

  async preferences(userId: string): Promise<PreferencesView> {
    const [row]: { email: string | null; emailMode: EmailMode }[] = await this.ds.query(
      `SELECT email, email_mode AS "emailMode" FROM notification_preferences WHERE user_id = $1`,
      [userId],
    );
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
    await this.ds.query(
      `INSERT INTO notification_preferences (user_id, email, email_mode) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, email_mode = EXCLUDED.email_mode, updated_at = now()`,
      [userId, next.email, next.emailMode],
    );
    return next;
  }
}
