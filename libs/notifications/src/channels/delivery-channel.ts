import type { DeliveryRow } from '../database.js';
import type { DeliveryChannelKind } from '../notification.types.js';
import type { EmailContent } from '../templates/templates.js';

/** What a channel sends: the email rendering and the JSON body (webhooks). */
export interface OutgoingMessage {
  email: EmailContent;
  json: Record<string, unknown>;
}

/** One way out. A channel throws on failure; DeliveryError says whether retrying can help. */
export interface DeliveryChannel {
  readonly kind: DeliveryChannelKind;
  /** False when the channel is not configured (email without SMTP_URL): nothing is planned for it. */
  readonly enabled: boolean;
  send(delivery: DeliveryRow, message: OutgoingMessage): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help (a 4xx answer, a disabled endpoint): the delivery goes dead. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Injection token for the list of channels. */
export const DELIVERY_CHANNEL_LIST = Symbol('DELIVERY_CHANNEL_LIST');
