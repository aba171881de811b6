import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, titlesFor } from './problem.js';

function flatten(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationProblem(errors: ValidationError[]): ProblemException {
  const [title, titleEn] = titlesFor(400);
  return new ProblemException({ status: 400, title, titleEn, code: 'VALIDATION', errors: flatten(errors) });
}

/** Validation at the edge: unknown fields refused, types converted only where declared. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationProblem,
  });
}
