import { describe, expect, it } from '@jest/globals';
import { IsEmail, IsOptional, IsString, ValidateBy, validateSync } from 'class-validator';
import { findInputIssue, INPUT_LIMITS, jsonTextExceedsDepth, stringIssue } from './input-guard.js';
import { ProblemException } from './problem.js';
import { createValidationPipe, NotBefore } from './validation.js';

describe('the edge input checks', () => {
  it('counts JSON nesting from the raw text, outside strings, without recursion', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(jsonTextExceedsDepth(nest(INPUT_LIMITS.maxDepth))).toBe(false);
    expect(jsonTextExceedsDepth(nest(INPUT_LIMITS.maxDepth + 1))).toBe(true);
    expect(jsonTextExceedsDepth(Buffer.from(nest(1_000_000)))).toBe(true);
    expect(jsonTextExceedsDepth(JSON.stringify({ a: '['.repeat(100), b: '\\"[[[[' }))).toBe(false);
    expect(jsonTextExceedsDepth(Buffer.from(JSON.stringify({ tên: 'Đảng [[[', x: [[1]] })))).toBe(false);
    // Siblings do not add up: 100 arrays side by side are one level deep.
    expect(jsonTextExceedsDepth(`[${Array.from({ length: 100 }, () => '[1]').join(',')}]`)).toBe(false);
  });

  it('refuses NUL and lone surrogates, keeps valid pairs and ordinary Vietnamese text', () => {
    expect(stringIssue('Nguyễn Văn A 😀')).toBeUndefined();
    expect(stringIssue('a\u0000')?.code).toBe('INPUT.NUL');
    expect(stringIssue('\ud800')?.code).toBe('INPUT.LONE_SURROGATE');
    expect(stringIssue('x\udc00')?.code).toBe('INPUT.LONE_SURROGATE');
    expect(stringIssue('\ud83d\ude00\ud83d')?.code).toBe('INPUT.LONE_SURROGATE');
  });

  it('finds the first unsafe spot with its path: prototype keys, bad strings in keys or values, depth', () => {
    expect(findInputIssue({ a: [{ b: 'ok' }], c: 1, d: null })).toBeUndefined();
    expect(findInputIssue(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toMatchObject({ field: 'a.__proto__', code: 'INPUT.FORBIDDEN_KEY' });
    expect(findInputIssue({ list: [{ constructor: 1 }] })).toMatchObject({ field: 'list[0].constructor', code: 'INPUT.FORBIDDEN_KEY' });
    expect(findInputIssue({ prototype: 1 }, 'query')).toMatchObject({ field: 'query.prototype' });
    expect(findInputIssue({ name: ['x', 'y\u0000'] })).toMatchObject({ field: 'name[1]', code: 'INPUT.NUL' });
    expect(findInputIssue({ ['k\ud800']: 1 })).toMatchObject({ code: 'INPUT.LONE_SURROGATE' });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(findInputIssue(deep)).toMatchObject({ code: 'INPUT.TOO_DEEP' });
  });

  it('turns an error thrown inside a validator into 400, never 500', async () => {
    class Body {
      @IsString()
      @ValidateBy({ name: 'explodes', validator: { validate: () => decodeURIComponent('%E0%A4%A') === '' } })
      value!: string;
    }
    const pipe = createValidationPipe();
    const err = await pipe.transform({ value: 'x' }, { type: 'body', metatype: Body }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).getStatus()).toBe(400);
    // Ordinary failures keep their field messages.
    class Mail {
      @IsEmail()
      email!: string;
    }
    const bad = (await pipe.transform({ email: 'nope' }, { type: 'body', metatype: Mail }).catch((e: unknown) => e)) as ProblemException;
    expect(bad.problem.errors?.[0]?.field).toBe('email');
  });

  it('checks what reaches a handler again: a path parameter, multipart fields parsed by the route; not file bytes', async () => {
    const pipe = createValidationPipe();
    const param = (await pipe
      .transform('ab\u0000', { type: 'param', data: 'id', metatype: String })
      .catch((e: unknown) => e)) as ProblemException;
    expect([param.getStatus(), param.problem.code, param.problem.errors?.[0]?.field]).toEqual([400, 'INPUT.NUL', 'id']);
    const fields = (await pipe
      .transform({ reason: 'x\ud800' }, { type: 'body', metatype: Object })
      .catch((e: unknown) => e)) as ProblemException;
    expect([fields.problem.code, fields.problem.errors?.[0]?.field]).toEqual(['INPUT.LONE_SURROGATE', 'reason']);
    await expect(pipe.transform(Buffer.from([0, 0xed, 0xa0, 0x80]), { type: 'custom' })).resolves.toBeInstanceOf(Buffer);
    expect(findInputIssue({ file: Buffer.alloc(1_000_000) })).toBeUndefined();
  });

  it("checks a range's end against its start (dates and date-times), leaving unparsable values to their own checks", () => {
    class Range {
      @IsOptional()
      @IsString()
      from?: string;

      @IsOptional()
      @IsString()
      @NotBefore('from')
      to?: string;
    }
    const errors = (v: Partial<Range>) => validateSync(Object.assign(new Range(), v)).map((e) => e.property);
    expect(errors({ from: '2025-06-01', to: '2025-01-01' })).toEqual(['to']);
    expect(errors({ from: '2025-01-01', to: '2025-01-01' })).toEqual([]);
    expect(errors({ from: '2025-06-01T10:00:00Z', to: '2025-06-01T09:59:59Z' })).toEqual(['to']);
    expect(errors({ to: '2025-01-01' })).toEqual([]);
    expect(errors({ from: 'garbage', to: '2025-01-01' })).toEqual([]);
  });
});
