import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 9457 problem details, bilingual: `title` in Vietnamese, `titleEn` in English. */
export interface ProblemDetails {
  type: string;
  title: string;
  titleEn: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  /** 400: field-level validation messages. */
  errors?: { field: string; messages: string[] }[];
  /** 422: the blocking rules that refused the event. */
  rules?: unknown[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://ket-nap.local/problems/';

export class ProblemException extends HttpException {
  constructor(readonly problem: Partial<ProblemDetails> & { status: number; title: string; titleEn: string }) {
    super({ ...problem, type: problem.type ?? `${PROBLEM_BASE}${slug(problem.status)}` }, problem.status);
  }
}

const TITLES: Record<number, [string, string]> = {
  400: ['Dữ liệu không hợp lệ', 'Invalid input'],
  401: ['Chưa xác thực', 'Not authenticated'],
  403: ['Không có quyền', 'Forbidden'],
  404: ['Không tìm thấy', 'Not found'],
  409: ['Xung đột dữ liệu', 'Conflict'],
  413: ['Dữ liệu quá lớn', 'Payload too large'],
  415: ['Định dạng không được hỗ trợ', 'Unsupported media type'],
  422: ['Quy định không cho phép', 'Refused by the rules'],
  423: ['Tài khoản tạm khóa', 'Locked'],
  428: ['Thiếu phiên bản (If-Match)', 'Precondition required'],
  429: ['Quá nhiều yêu cầu', 'Too many requests'],
  500: ['Lỗi hệ thống', 'Internal error'],
  503: ['Dịch vụ chưa sẵn sàng', 'Service unavailable'],
};

export function titlesFor(status: number): [string, string] {
  return TITLES[status] ?? [HttpStatus[status] ?? 'Lỗi', HttpStatus[status] ?? 'Error'];
}

function slug(status: number): string {
  return (titlesFor(status)[1] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

/**
 * Domain errors carry a stable code and no HTTP knowledge; the edge maps codes to statuses here.
 * Feature modules register their codes at import time.
 */
const statusByCode = new Map<string, number>([
  ['DATE.INVALID', 400],
  ['NOT_FOUND', 404],
  ['FORBIDDEN', 403],
  ['CONFLICT', 409],
]);

export function registerErrorStatus(code: string, status: number): void {
  statusByCode.set(code, status);
}

export function statusForCode(code: string): number | undefined {
  return statusByCode.get(code);
}
