/** The public vocabulary of notifications. */
export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'decision', 'caseUpdate'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannelKind = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const EMAIL_MODES = ['immediate', 'dailyDigest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** Role names of libs/orgs (user_role enum); repeated here as strings to keep the dependency one-way. */
export type RoleName = 'cellCommittee' | 'baseCommitteeStaff' | 'competentStaff' | 'organisationDepartment' | 'inspection' | 'admin';

/**
 * Who is told. Users by id; everyone holding one of `roles` on the organisation (`covering: true`
 * also counts grants on its ancestors, whose scope covers it); the users linked to people (a
 * helper); or the union of several.
 */
export type Recipients =
  | readonly string[]
  | { organisationId: string; roles: readonly RoleName[]; covering?: boolean }
  | { personIds: readonly string[] }
  | { anyOf: readonly Recipients[] };

export interface NotificationEvent {
  kind: NotificationKind;
  caseId?: string;
  /** Webhooks of this organisation and of its ancestors receive the event. */
  organisationId?: string;
  /** A template id of TEMPLATES (templates/templates.ts). */
  template: string;
  params: Record<string, string | number | boolean | null>;
}

export interface NotifyInput {
  recipients: Recipients;
  event: NotificationEvent;
  /** Same key, same event: a second call (a job run twice) writes and sends nothing new. */
  idempotencyKey: string;
}

export interface NotifyResult {
  /** Inbox rows created by this call (existing ones are not repeated). */
  notificationIds: string[];
  /** Deliveries planned by this call: enqueue them after the caller's transaction commits. */
  deliveryIds: string[];
  /** Users the event was addressed to (after resolution and de-duplication). */
  userIds: string[];
}

/** A rendered message, Vietnamese first. */
export interface RenderedMessage {
  titleVi: string;
  titleEn: string;
  bodyVi: string;
  bodyEn: string;
}

export interface DeliveryRow {
  id: string;
  notificationId: string | null;
  userId: string | null;
  digestDate: string | null;
  channel: DeliveryChannelKind;
  target: string;
  idempotencyKey: string;
  payload: DeliveryPayload;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventPayload {
  kind: NotificationKind;
  caseId: string | null;
  organisationId: string | null;
  template: string;
  params: NotificationEvent['params'];
  message: RenderedMessage;
  createdAt: string;
}

export type DeliveryPayload =
  | { type: 'event'; event: EventPayload }
  | { type: 'digest'; date: string; items: { kind: NotificationKind; caseId: string | null; message: RenderedMessage; createdAt: string }[] };
