import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { AppConfig, kyselyFor } from '#platform';
import { QueueGateway } from '#scheduling';
import { DELIVERY_CHANNEL_LIST, DeliveryError, type DeliveryChannel, type OutgoingMessage } from '../channels/delivery-channel.js';
import type { DeliveryRow, NotificationsDatabase } from '../database.js';
import { NotificationsError } from '../errors.js';
import { deliverJobId } from './job-ids.js';
import type { DeliveryStatus } from '../notification.types.js';
import { digestEmail, eventEmail } from '../templates/templates.js';
import { nextRetryDelayMs } from './backoff.rule.js';
import { message } from '#messages';

/** A delivery as DeliveryRow names it (every column, camelCase). */
export const DELIVERY_COLUMNS = [
  'id',
  'notification_id as notificationId',
  'user_id as userId',
  'digest_date as digestDate',
  'channel',
  'target',
  'idempotency_key as idempotencyKey',
  'payload',
  'status',
  'attempts',
  'next_attempt_at as nextAttemptAt',
  'last_error as lastError',
  'sent_at as sentAt',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

const now = sql<Date>`now()`;

export type DeliveryOutcome = 'sent' | 'failed' | 'dead' | 'skipped';

/** Dates in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). */
function vietnamNow(now: Date): { date: string; hour: number } {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  return { date: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The worker side: send one delivery (at-least-once jobs made effectively once by a row lock and
 * the status), schedule retries with backoff, build daily digests, re-arm what Redis lost, and let
 * operators list and retry dead deliveries.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Deliveries');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly queue: QueueGateway,
    @Inject(DELIVERY_CHANNEL_LIST) private readonly channels: DeliveryChannel[],
  ) {}

  private get db() {
    return kyselyFor<NotificationsDatabase>(this.ds);
  }

  /**
   * Send a delivery if it is still due. The row stays locked while sending, so a second run of the
   * same job (Bull is at-least-once) skips it, and one that comes after finds it sent. A failure
   * changes only this delivery: the inbox and the other channels are separate rows.
   */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    let retryIn: { delayMs: number; attempts: number } | null = null;
    const outcome = await this.ds.transaction(async (em): Promise<DeliveryOutcome> => {
      const tx = kyselyFor<NotificationsDatabase>(em);
      const row: DeliveryRow | undefined = await tx
        .selectFrom('deliveries')
        .select(DELIVERY_COLUMNS)
        .where('id', '=', deliveryId)
        .where('status', 'in', ['pending', 'failed'])
        .where('next_attempt_at', '<=', sql<Date>`now() + interval '2 seconds'`)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return 'skipped';
      const channel = this.channels.find((c) => c.kind === row.channel);
      const attempts = row.attempts + 1;
      try {
        if (!channel || !channel.enabled) throw new DeliveryError(`channel ${row.channel} is disabled`, true);
        await channel.send(row, this.message(row));
      } catch (err) {
        const permanent = err instanceof DeliveryError && err.permanent;
        const delayMs = permanent ? null : nextRetryDelayMs(attempts, this.config.NOTIFY_RETRY_BASE_MS, this.config.NOTIFY_MAX_ATTEMPTS);
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        if (delayMs === null) {
          await tx.updateTable('deliveries').set({ status: 'dead', attempts, last_error: error, updated_at: now }).where('id', '=', row.id).execute();
          this.logger.warn({ msg: 'delivery dead', deliveryId: row.id, channel: row.channel, attempts, error });
          return 'dead';
        }
        await tx
          .updateTable('deliveries')
          .set({
            status: 'failed',
            attempts,
            last_error: error,
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs}::double precision / 1000)`,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute();
        retryIn = { delayMs, attempts };
        return 'failed';
      }
      await tx.updateTable('deliveries').set({ status: 'sent', attempts, last_error: null, sent_at: now, updated_at: now }).where('id', '=', row.id).execute();
      return 'sent';
    });
    const retry = retryIn as { delayMs: number; attempts: number } | null;
    if (retry) await this.queue.add('notification.deliver', { deliveryId }, { jobId: deliverJobId(deliveryId, retry.attempts), delayMs: retry.delayMs, attempts: 3 });
    return outcome;
  }

  private message(row: DeliveryRow): OutgoingMessage {
    const p = row.payload;
    if (p.type === 'digest') return { email: digestEmail(p.date, p.items), json: { type: 'digest', date: p.date, items: p.items } };
    const e = p.event;
    return {
      email: eventEmail(e.message),
      json: {
        type: 'notification',
        kind: e.kind,
        caseId: e.caseId,
        organisationId: e.organisationId,
        template: e.template,
        params: e.params,
        title: { vi: e.message.titleVi, en: e.message.titleEn },
        body: { vi: e.message.bodyVi, en: e.message.bodyEn },
        createdAt: e.createdAt,
      },
    };
  }

  /**
   * One email per user in digest mode with the items of a Vietnam day. Without `date`, the digest
   * of yesterday goes out from 07:00 (the hour reminders go out, procedure.md §7); the job runs
   * hourly and the idempotency key digest:<user>:<date> keeps it to one email.
   */
  async digest(date?: string, now = new Date()): Promise<string[]> {
    if (!this.channels.some((c) => c.kind === 'email' && c.enabled)) return [];
    let day = date;
    if (!day) {
      const vn = vietnamNow(now);
      if (vn.hour < 7) return [];
      day = previousDay(vn.date);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.INVALID_DATE', { day }));
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (users of libs/orgs), ADR 0004 stage 3
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO deliveries (user_id, digest_date, channel, target, idempotency_key, payload)
       SELECT p.user_id, $1::date, 'email', p.email, 'digest:' || p.user_id || ':' || $1,
              jsonb_build_object('type', 'digest', 'date', $1::text, 'items', jsonb_agg(jsonb_build_object(
                'kind', n.kind, 'caseId', n.case_id, 'createdAt', n.created_at,
                'message', jsonb_build_object('titleVi', n.title_vi, 'titleEn', n.title_en, 'bodyVi', n.body_vi, 'bodyEn', n.body_en))
                ORDER BY n.created_at, n.id))
       FROM notification_preferences p
       JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
       JOIN notifications n ON n.user_id = p.user_id
       WHERE p.email_mode = 'dailyDigest' AND p.email IS NOT NULL
         AND n.created_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
         AND n.created_at < ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
       GROUP BY p.user_id, p.email
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [day],
    );
    for (const { id } of rows) await this.queue.add('notification.deliver', { deliveryId: id }, { jobId: deliverJobId(id, 0), attempts: 3 });
    if (rows.length) this.logger.log({ msg: 'digests planned', date: day, count: rows.length });
    return rows.map((r) => r.id);
  }

  /** Deliveries due for a while whose job is missing (Redis lost it, or the caller died before enqueueing). */
  async sweep(now = Date.now()): Promise<number> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['id', 'attempts'])
      .where('status', 'in', ['pending', 'failed'])
      .where('next_attempt_at', '<=', sql<Date>`now() - interval '1 minute'`)
      .orderBy('next_attempt_at')
      .limit(500)
      .execute();
    // A bucket in the id: a job kept in Bull's failed set must not block re-arming for ever. Duplicates are harmless.
    const bucket = `s${Math.floor(now / 600_000)}`;
    for (const r of rows) await this.queue.add('notification.deliver', { deliveryId: r.id }, { jobId: deliverJobId(r.id, r.attempts, bucket), attempts: 3 });
    return rows.length;
  }

  async list(filter: { status?: DeliveryStatus; cursor?: string; limit?: number }): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    let q = this.db.selectFrom('deliveries').select([...DELIVERY_COLUMNS, sql<string>`updated_at::text`.as('cursorAt')]);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('updated_at', 'id'), '<', tuple(sql<Date>`${c.at}::timestamptz`, c.id)));
    }
    const rows: (DeliveryRow & { cursorAt: string })[] = await q
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null };
  }

  /** An operator sends a dead (or failing) delivery again, with a fresh set of attempts. */
  async retry(deliveryId: string): Promise<DeliveryView> {
    const row: DeliveryRow | undefined = await this.db
      .updateTable('deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('id', '=', deliveryId)
      .where('status', 'in', ['dead', 'failed'])
      .returning(DELIVERY_COLUMNS)
      .executeTakeFirst();
    if (!row) {
      const exists = await this.db.selectFrom('deliveries').select('id').where('id', '=', deliveryId).executeTakeFirst();
      if (!exists) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.DELIVERY_NOT_FOUND'));
      throw new NotificationsError('NOTIFICATIONS.CONFLICT', message('NOTIFICATIONS.DELIVERY_PENDING_OR_ALREADY_SENT'));
    }
    await this.queue.add('notification.deliver', { deliveryId }, { jobId: deliverJobId(deliveryId, 0, `r${Date.now()}`), attempts: 3 });
    return toView(row);
  }
}

export interface DeliveryView {
  id: string;
  notificationId: string | null;
  userId: string | null;
  digestDate: string | null;
  channel: string;
  /** Email address or webhook endpoint id. */
  target: string;
  idempotencyKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  summary: { vi: string; en: string };
}

function toView(r: DeliveryRow): DeliveryView {
  const summary =
    r.payload.type === 'digest'
      ? { vi: `Tổng hợp ngày ${r.payload.date}`, en: `Digest of ${r.payload.date}` }
      : { vi: r.payload.event.message.titleVi, en: r.payload.event.message.titleEn };
  return {
    id: r.id,
    notificationId: r.notificationId,
    userId: r.userId,
    digestDate: r.digestDate,
    channel: r.channel,
    target: r.target,
    idempotencyKey: r.idempotencyKey,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    sentAt: r.sentAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    summary,
  };
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/i.test(id) || !/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?$/.test(at))
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.INVALID_CURSOR'));
  return { at, id };
}
