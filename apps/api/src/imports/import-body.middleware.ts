import type { NextFunction, Request, Response } from 'express';
import { ProblemException, stringIssue, titlesFor } from '#platform';
import { MAX_FILE_BYTES } from '#imports';
import { message } from '#messages';

/** Media types read as the raw file (the JSON body parser of setup.ts ignores them). */
export const IMPORT_TEXT_TYPES = /^(text\/csv|text\/plain|application\/x-ndjson|application\/jsonl|application\/x-jsonlines|application\/csv)\b/i;

function problem(status: number, detail: string): ProblemException {
  const [title, titleEn] = titlesFor(status);
  return new ProblemException({ status, title, titleEn, detail });
}

/**
 * The route-specific body limit of POST /admin/imports: a text body (CSV or JSON lines) of up to
 * 20 MB, read as UTF-8 (invalid UTF-8 or a NUL character answers 400). Only this route mounts it; every other route
 * keeps the global 256 kB JSON limit, and a JSON body here is still parsed (and limited) globally.
 */
export function importBodyReader(limit = MAX_FILE_BYTES) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const type = String(req.headers['content-type'] ?? '');
    if (!IMPORT_TEXT_TYPES.test(type) || (req as { _body?: boolean })._body) return next();
    // Without credentials the guard answers 401 next: do not read 20 MB for it.
    if (!req.headers.authorization) return next();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      res.setHeader('Connection', 'close');
      throw problem(413, message('API.FILE_LARGER_THAN_MB', { mb: limit / 1024 / 1024 }));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        size += buf.length;
        if (size > limit) {
          res.setHeader('Connection', 'close');
          throw problem(413, message('API.FILE_LARGER_THAN_MB', { mb: limit / 1024 / 1024 }));
        }
        chunks.push(buf);
      }
    } catch (err) {
      // A client that stops sending mid-file (aborted, reset) sent a malformed request, not a server fault.
      if (err instanceof ProblemException) throw err;
      throw problem(400, message('API.UPLOAD_WAS_INTERRUPTED'));
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw problem(400, message('API.FILE_MUST_UTF_8_ENCODED'));
    }
    // The same refusal as every other string at the edge (setup.ts inputGuard): no NUL reaches the importer.
    const bad = stringIssue(text);
    if (bad) throw problem(400, `${bad.vi} / ${bad.en}`);
    (req as { body?: unknown }).body = text;
    next();
  };
}
