import { registerErrorStatus } from '#platform';

export type NotificationsErrorCode = 'NOTIFICATIONS.NOT_FOUND' | 'NOTIFICATIONS.INVALID' | 'NOTIFICATIONS.FORBIDDEN' | 'NOTIFICATIONS.CONFLICT';

const STATUS: Record<NotificationsErrorCode, number> = {
  'NOTIFICATIONS.NOT_FOUND': 404,
  'NOTIFICATIONS.INVALID': 400,
  'NOTIFICATIONS.FORBIDDEN': 403,
  'NOTIFICATIONS.CONFLICT': 409,
};
for (const [code, status] of Object.entries(STATUS)) registerErrorStatus(code, status);

/** A domain error with a stable code and a bilingual message; only the problem filter knows HTTP. */
export class NotificationsError extends Error {
  constructor(
    readonly code: NotificationsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationsError';
  }
}
