import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// Query strings arrive as text. These turn what a client may write into the value the validator
// checks; anything else passes unchanged, so the validator refuses it with its field message (400).

/** "true" / "false" → the boolean. */
export const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** "12" or "-3" → the number (whole numbers only; the validator checks the range). */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * The `limit` of a paged list: a whole number from 1 to `max`, `byDefault` when absent (the
 * service applies it). The decorators are listed in the order they would be stacked, reversed,
 * as applyDecorators applies them first to last.
 */
export const PageLimit = (max: number, byDefault: number): PropertyDecorator =>
  applyDecorators(
    Max(max),
    Min(1),
    IsInt(),
    Transform(toInt),
    IsOptional(),
    ApiPropertyOptional({ minimum: 1, maximum: max, default: byDefault }),
  );
