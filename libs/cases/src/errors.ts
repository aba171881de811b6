import { registerErrorStatus } from '#platform';
import { message } from '#messages';

/** Domain errors of the case lifecycle: stable codes, no HTTP (the edge maps codes to statuses). */
export class CaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const CASE_ERRORS = {
  NOT_FOUND: 'CASE.NOT_FOUND',
  VERSION_CONFLICT: 'CASE.VERSION_CONFLICT',
  OPEN_CASE_EXISTS: 'CASE.OPEN_CASE_EXISTS',
  RULES_BLOCKED: 'CASE.RULES_BLOCKED',
  EVENT_NOT_ALLOWED: 'CASE.EVENT_NOT_ALLOWED',
  ROLE_NOT_ALLOWED: 'CASE.ROLE_NOT_ALLOWED',
  IDEMPOTENCY_MISMATCH: 'CASE.IDEMPOTENCY_MISMATCH',
  IDEMPOTENCY_IN_FLIGHT: 'CASE.IDEMPOTENCY_IN_FLIGHT',
  INVALID_EVENT: 'CASE.INVALID_EVENT',
  PRECONDITION_REQUIRED: 'CASE.PRECONDITION_REQUIRED',
  CLOSED: 'CASE.CLOSED',
} as const;

registerErrorStatus(CASE_ERRORS.NOT_FOUND, 404);
registerErrorStatus(CASE_ERRORS.VERSION_CONFLICT, 409);
registerErrorStatus(CASE_ERRORS.OPEN_CASE_EXISTS, 409);
registerErrorStatus(CASE_ERRORS.IDEMPOTENCY_IN_FLIGHT, 409);
registerErrorStatus(CASE_ERRORS.CLOSED, 409);
registerErrorStatus(CASE_ERRORS.RULES_BLOCKED, 422);
registerErrorStatus(CASE_ERRORS.EVENT_NOT_ALLOWED, 422);
registerErrorStatus(CASE_ERRORS.IDEMPOTENCY_MISMATCH, 422);
registerErrorStatus(CASE_ERRORS.INVALID_EVENT, 400);
registerErrorStatus(CASE_ERRORS.ROLE_NOT_ALLOWED, 403);
registerErrorStatus(CASE_ERRORS.PRECONDITION_REQUIRED, 428);

export const notFound = (): CaseError =>
  new CaseError(CASE_ERRORS.NOT_FOUND, message('CASES.CASE_NOT_FOUND'));
