import { type ArgumentMetadata, HttpException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { findInputIssue, inputProblem } from './input-guard.js';
import { ProblemException, titlesFor } from './problem.js';
import { message } from '#messages';

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

/**
 * An error thrown inside a validator or transformer library (a URIError from an odd string, a
 * RangeError from a value it cannot handle) is the input's fault: 400, never 500.
 */
export function unreadableInputProblem(field = ''): ProblemException {
  const [title, titleEn] = titlesFor(400);
  const detail = message('PLATFORM.VALUE_COULD_NOT_VALIDATED');
  return new ProblemException({ status: 400, title, titleEn, code: 'VALIDATION', detail, errors: [{ field, messages: [detail] }] });
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The edge's string and key checks again, on what a route parsed itself (multipart fields via
    // an interceptor, decoded path parameters): no NUL, lone surrogate or prototype key reaches a handler.
    if (metadata.type !== 'custom') {
      const issue = findInputIssue(value, metadata.data ?? (metadata.type === 'body' ? '' : metadata.type));
      if (issue) throw inputProblem(issue);
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof HttpException) throw err;
      throw unreadableInputProblem(metadata.type === 'param' || metadata.type === 'query' ? (metadata.data ?? metadata.type) : '');
    }
  }
}

/** Validation at the edge: unknown fields refused, types converted only where declared. */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationProblem,
  });
}

/**
 * A range inside one query or body: the decorated end (`to`) may not come before `property`
 * (`from`). Dates (YYYY-MM-DD) and date-times compare as instants; a value that does not parse is
 * left to its own format check. 400 with the field, like every other malformed figure.
 */
export function NotBefore(property: string): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    constraints: [property],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const start = (args?.object as Record<string, unknown> | undefined)?.[property];
        if (typeof value !== 'string' || typeof start !== 'string') return true;
        const [a, b] = [Date.parse(start), Date.parse(value)];
        return !Number.isFinite(a) || !Number.isFinite(b) || a <= b;
      },
      defaultMessage: (args?: ValidationArguments) =>
        message('PLATFORM.MAY_NOT_BEFORE', { property: args?.property, property2: property }),
    },
  });
}
