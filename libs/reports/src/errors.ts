import { registerErrorStatus } from '#platform';
import { message } from '#messages';

/** Domain errors of the reports library (stable code, bilingual message, no HTTP knowledge). */
export type ReportsErrorCode = 'REPORTS.NOT_FOUND' | 'REPORTS.CONFLICT' | 'REPORTS.INVALID_INPUT';

const STATUS: Record<ReportsErrorCode, number> = {
  'REPORTS.NOT_FOUND': 404,
  'REPORTS.CONFLICT': 409,
  'REPORTS.INVALID_INPUT': 400,
};
for (const [code, status] of Object.entries(STATUS)) registerErrorStatus(code, status);

export class ReportsError extends Error {
  constructor(
    readonly code: ReportsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportsError';
  }
}

export const reportsNotFound = (): ReportsError => new ReportsError('REPORTS.NOT_FOUND', message('COMMON.NOT_FOUND'));
