import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '#platform';
import type { DeliveryRow } from '../database.js';
import { DeliveryError, type DeliveryChannel, type OutgoingMessage } from './delivery-channel.js';
import { message } from '#messages';

/** Email over SMTP (nodemailer). Disabled, and saying so at boot, when SMTP_URL is not set. */
@Injectable()
export class EmailChannel implements DeliveryChannel, OnApplicationShutdown {
  readonly kind = 'email' as const;
  readonly enabled: boolean;
  private readonly transporter: Transporter | null;
  private readonly logger = new Logger('EmailChannel');

  constructor(private readonly config: AppConfig) {
    this.enabled = Boolean(config.SMTP_URL);
    this.transporter = config.SMTP_URL
      ? nodemailer.createTransport({
          url: config.SMTP_URL,
          connectionTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
          greetingTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
          socketTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
        })
      : null;
    if (!this.enabled) this.logger.warn(message('NOTIFICATIONS.EMAIL_CHANNEL_DISABLED_SMTP_URL'));
    else this.logger.log(`email channel enabled (${new URL(config.SMTP_URL as string).host})`);
  }

  async send(delivery: DeliveryRow, message: OutgoingMessage): Promise<void> {
    if (!this.transporter) throw new DeliveryError('email channel disabled (SMTP_URL not set)', true);
    // A stable Message-ID lets mail systems recognise a duplicate if a crash makes us send twice.
    const messageId = `<${createHash('sha256').update(delivery.idempotencyKey).digest('hex').slice(0, 32)}@ket-nap.notifications>`;
    try {
      await this.transporter.sendMail({
        from: this.config.SMTP_FROM,
        to: delivery.target,
        subject: message.email.subject,
        text: message.email.text,
        html: message.email.html,
        messageId,
        headers: { 'X-KN-Delivery-Id': delivery.idempotencyKey },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx from the server (mailbox unknown, refused) will not change on retry; the rest may.
      throw new DeliveryError(`smtp: ${(err as Error).message}`, typeof code === 'number' && code >= 500 && code < 600);
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
