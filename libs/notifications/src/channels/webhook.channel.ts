import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, kyselyFor } from '#platform';
import type { DeliveryRow, NotificationsDatabase } from '../database.js';
import { SecretCipher } from '../webhooks/secret-cipher.js';
import { DeliveryError, type DeliveryChannel, type OutgoingMessage } from './delivery-channel.js';
import { signWebhook } from './webhook-signature.js';

/**
 * Signed webhooks: POST the event as JSON to the endpoint (delivery.target is its id) with
 * X-KN-Timestamp (unix seconds), X-KN-Signature (hex HMAC-SHA256 of `${timestamp}.${body}` with the
 * endpoint secret) and X-KN-Delivery-Id (the delivery's idempotency key, for receivers to de-duplicate).
 */
@Injectable()
export class WebhookChannel implements DeliveryChannel {
  readonly kind = 'webhook' as const;
  readonly enabled = true;
  private readonly cipher: SecretCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {
    this.cipher = new SecretCipher(config.DATA_ENCRYPTION_KEY);
  }

  async send(delivery: DeliveryRow, message: OutgoingMessage): Promise<void> {
    const endpoint = await kyselyFor<NotificationsDatabase>(this.ds)
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret_encrypted as secret', 'active'])
      .where('id', '=', delivery.target)
      .executeTakeFirst();
    if (!endpoint || !endpoint.active) throw new DeliveryError('webhook endpoint removed or inactive', true);
    const body = JSON.stringify({ deliveryId: delivery.idempotencyKey, ...message.json });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.NOTIFY_SEND_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'ket-nap-notifications/1',
          'x-kn-timestamp': timestamp,
          'x-kn-signature': signWebhook(this.cipher.decrypt(endpoint.secret), timestamp, body),
          'x-kn-delivery-id': delivery.idempotencyKey,
        },
        body,
      });
    } catch (err) {
      throw new DeliveryError(`webhook: ${(err as Error).message}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    // 408, 429 and 5xx may pass later; any other answer (4xx, redirects) will not.
    const transient = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new DeliveryError(`webhook answered HTTP ${res.status}`, !transient);
  }
}
