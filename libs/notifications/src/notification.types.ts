import type { Schema } from '#platform';

/** The public vocabulary of notifications. */
export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'decision', 'caseUpdate'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannelKind = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const EMAIL_MODES = ['immediate', 'dailyDigest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

// The vocabulary is the migrations' enums, value for value (a new enum value fails the type check here).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type VocabularyMatchesSchema = [
  Check<Same<NotificationKind, Schema.NotificationKind>>,
  Check<Same<DeliveryChannelKind, Schema.DeliveryChannel>>,
  Check<Same<DeliveryStatus, Schema.DeliveryStatus>>,
  Check<Same<EmailMode, Schema.EmailMode>>,
];

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
