import { registerErrorStatus } from '#platform';
import { message } from '#messages';

/**
 * Domain errors of the orgs library: a stable code and a bilingual message (Vietnamese first),
 * no HTTP knowledge. The codes are mapped to statuses once, here, for the problem+json filter.
 */
export type OrgsErrorCode =
  | 'ORGS.NOT_FOUND'
  | 'ORGS.FORBIDDEN'
  | 'ORGS.CONFLICT'
  | 'ORGS.INVALID'
  | 'ORGS.INVALID_INPUT'
  | 'ORGS.SETTING_LOOSENS'
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.INVALID_MFA_CODE'
  | 'AUTH.MFA_ENROLMENT_REQUIRED'
  | 'AUTH.SSO_FAILED';

const STATUS: Record<OrgsErrorCode, number> = {
  'ORGS.NOT_FOUND': 404,
  'ORGS.FORBIDDEN': 403,
  'ORGS.CONFLICT': 409,
  'ORGS.INVALID': 422,
  'ORGS.INVALID_INPUT': 400,
  'ORGS.SETTING_LOOSENS': 422,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.INVALID_TOKEN': 401,
  'AUTH.INVALID_MFA_CODE': 401,
  'AUTH.MFA_ENROLMENT_REQUIRED': 403,
  'AUTH.SSO_FAILED': 401,
};
for (const [code, status] of Object.entries(STATUS)) registerErrorStatus(code, status);

export class OrgsError extends Error {
  constructor(
    readonly code: OrgsErrorCode,
    message: string,
    /** Extra problem+json members (never personal data). */
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OrgsError';
  }
}

/** Out of scope and absent answer alike: existence never leaks. */
export function notFound(what = message('COMMON.NOT_FOUND')): OrgsError {
  return new OrgsError('ORGS.NOT_FOUND', what);
}

export function forbidden(): OrgsError {
  return new OrgsError('ORGS.FORBIDDEN', message('ORGS.YOUR_ROLE_MAY_NOT_DO'));
}

/** PostgreSQL unique_violation / exclusion_violation. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return (code === '23505' || code === '23P01') && (constraint === undefined || name === constraint);
}
