import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { kyselyFor } from '#platform';
import { QueueGateway } from '#scheduling';
import type { NotificationsDatabase } from './database.js';
import { DELIVERY_CHANNEL_LIST, type DeliveryChannel } from './channels/delivery-channel.js';
import { deliverJobId } from './delivery/job-ids.js';
import { NotificationsError } from './errors.js';
import { NOTIFICATION_KINDS, type DeliveryPayload, type EventPayload, type NotifyInput, type NotifyResult } from './notification.types.js';
import { RecipientsRepository } from './recipients/recipients.repository.js';
import { isTemplateId, renderTemplate } from './templates/templates.js';
import { message } from '#messages';

/**
 * The one entry point for telling people something: writes the inbox rows and plans deliveries,
 * inside the caller's transaction when given one. Sending happens in the worker.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly recipients: RecipientsRepository,
    private readonly queue: QueueGateway,
    @Inject(DELIVERY_CHANNEL_LIST) private readonly channels: DeliveryChannel[],
  ) {}

  /**
   * Write one inbox row per recipient and plan its deliveries. With `em` (the caller's
   * transaction) nothing is enqueued: call `enqueue(result.deliveryIds)` after the commit (if the
   * process dies in between, the sweeper sends them within minutes). Without `em`, this runs its
   * own transaction and enqueues after commit. The same idempotencyKey twice creates nothing new.
   */
  async notify(input: NotifyInput, em?: EntityManager): Promise<NotifyResult> {
    validate(input);
    if (em) return this.write(em, input);
    const result = await this.ds.transaction((tx) => this.write(tx, input));
    await this.enqueue(result.deliveryIds);
    return result;
  }

  /** Enqueue the deliveries planned by notify() once the caller's transaction has committed. */
  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    for (const id of deliveryIds) {
      await this.queue.add('notification.deliver', { deliveryId: id }, { jobId: deliverJobId(id, 0), attempts: 3 });
    }
  }

  private async write(em: EntityManager, input: NotifyInput): Promise<NotifyResult> {
    const { event, idempotencyKey } = input;
    const message = renderTemplate(event.template, event.params);
    const userIds = await this.recipients.resolve(em, input.recipients);
    const organisationId = event.organisationId ?? (isOrgRecipients(input.recipients) ? input.recipients.organisationId : null);
    const createdAt = new Date().toISOString();
    const eventPayload: EventPayload = {
      kind: event.kind,
      caseId: event.caseId ?? null,
      organisationId,
      template: event.template,
      params: event.params,
      message,
      createdAt,
    };
    const payload: DeliveryPayload = { type: 'event', event: eventPayload };

    const notificationIds: string[] = [];
    const deliveryIds: string[] = [];
    let firstNotificationId: string | null = null;
    const emailEnabled = this.channels.some((c) => c.kind === 'email' && c.enabled);
    const prefs = new Map<string, { email: string | null; mode: string }>();
    const db = kyselyFor<NotificationsDatabase>(em);
    if (emailEnabled && userIds.length > 0) {
      const rows = await db
        .selectFrom('notification_preferences')
        .select(['user_id as userId', 'email', 'email_mode as mode'])
        .where('user_id', '=', (eb) => eb.fn.any(eb.val(userIds)))
        .execute();
      for (const r of rows) prefs.set(r.userId, { email: r.email, mode: r.mode });
    }

    for (const userId of userIds) {
      const row = await db
        .insertInto('notifications')
        .values({
          user_id: userId,
          kind: event.kind,
          case_id: event.caseId ?? null,
          organisation_id: organisationId,
          template: event.template,
          params: event.params,
          title_vi: message.titleVi,
          title_en: message.titleEn,
          body_vi: message.bodyVi,
          body_en: message.bodyEn,
          idempotency_key: idempotencyKey,
        })
        // A second call with the same key returns the existing row (xmax <> 0: not inserted now).
        .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doUpdateSet((eb) => ({ idempotency_key: eb.ref('excluded.idempotency_key') })))
        .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
        .executeTakeFirst();
      if (!row) continue;
      firstNotificationId ??= row.id;
      if (row.inserted) notificationIds.push(row.id);
      const pref = prefs.get(userId);
      if (emailEnabled && pref?.email && pref.mode === 'immediate') {
        const id = await this.plan(em, { notificationId: row.id, userId, channel: 'email', target: pref.email, key: `${idempotencyKey}:email:${userId}`, payload });
        if (id) deliveryIds.push(id);
      }
    }

    if (organisationId) {
      // eslint-disable-next-line no-restricted-syntax -- cross-owner read (organisation_closure of libs/orgs), ADR 0004 stage 3
      const endpoints: { id: string }[] = await em.query(
        `SELECT w.id FROM webhook_endpoints w JOIN organisation_closure c ON c.ancestor_id = w.organisation_id
         WHERE c.descendant_id = $1 AND w.active AND (w.kinds IS NULL OR $2::notification_kind = ANY(w.kinds))
         ORDER BY c.depth, w.created_at`,
        [organisationId, event.kind],
      );
      for (const ep of endpoints) {
        const id = await this.plan(em, { notificationId: firstNotificationId, userId: null, channel: 'webhook', target: ep.id, key: `${idempotencyKey}:webhook:${ep.id}`, payload });
        if (id) deliveryIds.push(id);
      }
    }
    if (userIds.length === 0) this.logger.warn({ msg: 'notification without recipients', template: event.template, idempotencyKey });
    return { notificationIds, deliveryIds, userIds };
  }

  private async plan(
    em: EntityManager,
    d: { notificationId: string | null; userId: string | null; channel: 'email' | 'webhook'; target: string; key: string; payload: DeliveryPayload },
  ): Promise<string | null> {
    const row = await kyselyFor<NotificationsDatabase>(em)
      .insertInto('deliveries')
      .values({ notification_id: d.notificationId, user_id: d.userId, channel: d.channel, target: d.target, idempotency_key: d.key, payload: d.payload })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }
}

function isOrgRecipients(r: NotifyInput['recipients']): r is { organisationId: string; roles: readonly never[] } {
  return !Array.isArray(r) && typeof r === 'object' && r !== null && 'organisationId' in r;
}

function validate(input: NotifyInput): void {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(input.event.kind))
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.UNKNOWN_KIND', { kind: input.event.kind }));
  if (!isTemplateId(input.event.template))
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.UNKNOWN_TEMPLATE', { template: input.event.template }));
  if (!input.idempotencyKey || input.idempotencyKey.length > 200)
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.IDEMPOTENCYKEY_MISSING_OR_TOO_LONG'));
}
