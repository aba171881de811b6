import type { NextFunction, Request, Response } from 'express';
import { ProblemException, titlesFor } from './problem.js';

/**
 * The HTTP edge's checks on raw input, before any transformation (class-transformer, validators,
 * the database). Everything refused here answers 400 (413 for size) as problem+json with the field.
 * The limits are stated in docs/security.md ("Malformed input").
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of arrays/objects in a JSON body or a query (no route needs more than 6). */
  maxDepth: 32,
  /** JSON bodies (the CSV import route has its own 20 MB limit for text bodies). */
  jsonBodyBytes: 256 * 1024,
  /** Keys that could reach an object's prototype through a transformer or a merge. */
  forbiddenKeys: ['__proto__', 'constructor', 'prototype'] as readonly string[],
} as const;

export type InputIssue = { field: string; vi: string; en: string; code: string };

/** The 400 (or 413/415) problem of an input issue, with its field. */
export function inputProblem(issue: InputIssue, status = 400): ProblemException {
  const [title, titleEn] = titlesFor(status);
  return new ProblemException({
    status,
    title,
    titleEn,
    code: issue.code,
    detail: `${issue.vi} / ${issue.en}`,
    errors: [{ field: issue.field, messages: [`${issue.vi} / ${issue.en}`] }],
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string the database and the validators can take: no NUL, no lone UTF-16 surrogate. */
export function stringIssue(s: string): { vi: string; en: string; code: string } | undefined {
  if (s.includes('\u0000')) return { vi: 'Chuỗi chứa ký tự NUL', en: 'the string contains a NUL character', code: 'INPUT.NUL' };
  if (LONE_SURROGATE.test(s))
    return {
      vi: 'Chuỗi chứa ký tự UTF-16 không hợp lệ (surrogate lẻ)',
      en: 'the string contains a lone UTF-16 surrogate',
      code: 'INPUT.LONE_SURROGATE',
    };
  return undefined;
}

/**
 * Nesting depth of JSON text, counted without parsing and without recursion: brackets outside
 * strings. Stops as soon as `max` is exceeded, so a body nested 100,000 deep costs one scan.
 * Works on the raw bytes (the structural characters are ASCII; UTF-8 continuation bytes never are).
 */
export function jsonTextExceedsDepth(text: Uint8Array | string, max: number = INPUT_LIMITS.maxDepth): boolean {
  const code = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = code(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The first unsafe spot in a parsed value (JSON body, query): too deep, a prototype key, or a
 * string (key or value) with NUL or a lone surrogate. Iterative, so no input can overflow the stack.
 */
export function findInputIssue(value: unknown, root = '', max: number = INPUT_LIMITS.maxDepth): InputIssue | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = stringIssue(v);
      if (bad) return { field: path, ...bad };
      continue;
    }
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue; // bytes (a file) are not text
    if (depth >= max)
      return { field: path, vi: `Dữ liệu lồng nhau quá ${max} cấp`, en: `nested deeper than ${max} levels`, code: 'INPUT.TOO_DEEP' };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (INPUT_LIMITS.forbiddenKeys.includes(key))
        return { field: at, vi: `Tên trường "${key}" không được phép`, en: `the key "${key}" is not allowed`, code: 'INPUT.FORBIDDEN_KEY' };
      const bad = stringIssue(key);
      if (bad) return { field: path, ...bad };
      stack.push([(v as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return undefined;
}

const TOO_DEEP = Symbol('tooDeep');

/** `verify` hook of the JSON body parser: refuses deep nesting before JSON.parse runs. */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonTextExceedsDepth(buf)) throw Object.assign(new Error('too deep'), { status: 400, expose: true, [TOO_DEEP]: true });
}

/**
 * Express error middleware right after the body parsers: their errors (bad JSON, too large, too
 * deep, unsupported charset or encoding) leave as bilingual problem+json with a stable code.
 */
export function bodyParserErrors() {
  return (err: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    const e = err as { [TOO_DEEP]?: boolean; type?: unknown; status?: unknown; limit?: unknown } | null;
    if (!e || typeof e !== 'object') return next(err);
    if (e[TOO_DEEP]) {
      const max = INPUT_LIMITS.maxDepth;
      return next(
        inputProblem({
          field: '',
          vi: `Dữ liệu JSON lồng nhau quá ${max} cấp`,
          en: `the JSON body is nested deeper than ${max} levels`,
          code: 'INPUT.TOO_DEEP',
        }),
      );
    }
    switch (e.type) {
      case 'entity.parse.failed':
        return next(
          inputProblem({ field: '', vi: 'Nội dung không phải JSON hợp lệ', en: 'the body is not valid JSON', code: 'INPUT.JSON' }),
        );
      case 'entity.too.large': {
        const kb = Math.round(Number(e.limit ?? INPUT_LIMITS.jsonBodyBytes) / 1024);
        return next(
          inputProblem(
            { field: '', vi: `Nội dung lớn hơn ${kb} kB`, en: `the body is larger than ${kb} kB`, code: 'INPUT.TOO_LARGE' },
            413,
          ),
        );
      }
      case 'request.size.invalid':
      case 'request.aborted':
        return next(
          inputProblem({
            field: '',
            vi: 'Độ dài nội dung không khớp',
            en: 'the body length does not match Content-Length',
            code: 'INPUT.LENGTH',
          }),
        );
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return next(
          inputProblem(
            { field: '', vi: 'Bảng mã hoặc nén không được hỗ trợ', en: 'unsupported charset or content encoding', code: 'INPUT.ENCODING' },
            415,
          ),
        );
      default:
        return next(err);
    }
  };
}

/**
 * Express middleware after the body parsers: path segments, query and body are plain, shallow,
 * and free of NUL and lone surrogates, or the request answers 400 before any route code runs.
 */
export function inputGuard() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const raw = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    for (const segment of raw.split('/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return next(
          inputProblem({
            field: 'path',
            vi: 'Đường dẫn mã hóa sai',
            en: 'the path is not valid percent-encoded UTF-8',
            code: 'INPUT.PATH',
          }),
        );
      }
      const bad = stringIssue(decoded);
      if (bad) return next(inputProblem({ field: 'path', ...bad }));
    }
    const issue =
      findInputIssue(req.query, 'query') ?? (typeof req.body === 'string' ? bodyStringIssue(req.body) : findInputIssue(req.body, ''));
    if (issue) return next(inputProblem(issue));
    next();
  };
}

function bodyStringIssue(body: string): InputIssue | undefined {
  const bad = stringIssue(body);
  return bad ? { field: '', ...bad } : undefined;
}
