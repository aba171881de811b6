import { ParseUUIDPipe } from '@nestjs/common';
import { CASE_ERRORS, CaseError } from '#cases';
import { ProblemException, titlesFor } from '#platform';

/** A case id that is not a UUID names no case: 404, as for a case outside the caller's subtree. */
export const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new CaseError(CASE_ERRORS.NOT_FOUND, 'Không tìm thấy hồ sơ / case not found'),
});

/** `If-Match` carries the case version the user saw: 428 without it, 400 when it is not `"<version>"`. */
export function parseIfMatch(value: string | undefined): number {
  if (value === undefined) {
    throw new CaseError(
      CASE_ERRORS.PRECONDITION_REQUIRED,
      'Cần tiêu đề If-Match với phiên bản hồ sơ / If-Match with the case version is required',
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!m) {
    const [title, titleEn] = titlesFor(400);
    throw new ProblemException({
      status: 400,
      title,
      titleEn,
      errors: [{ field: 'If-Match', messages: ['phải là "<phiên bản>" / must be "<version>"'] }],
    });
  }
  return Number(m[1]);
}
