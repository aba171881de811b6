import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '#platform';
import { importBodyReader } from './import-body.middleware.js';

/** The import route's own body reader: every malformed upload is a 4xx, never a 500. */
describe('importBodyReader', () => {
  const request = (stream: Readable, headers: Record<string, string> = {}): Request =>
    Object.assign(stream, { headers: { 'content-type': 'text/csv', authorization: 'Bearer t', ...headers } }) as unknown as Request;
  const res = { setHeader: () => undefined } as unknown as Response;
  const run = async (req: Request, limit = 1024) => {
    let nextCalled = false;
    const next: NextFunction = () => void (nextCalled = true);
    const err = await importBodyReader(limit)(req, res, next).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { err: err as ProblemException | undefined, nextCalled, body: (req as { body?: unknown }).body };
  };

  it('reads a UTF-8 file into the body', async () => {
    const r = await run(request(Readable.from([Buffer.from('tên,năm\nAn,2000\n')])));
    expect(r).toMatchObject({ err: undefined, nextCalled: true, body: 'tên,năm\nAn,2000\n' });
  });

  it('answers a NUL, invalid UTF-8, an oversized file and an interrupted upload with 4xx', async () => {
    const status = async (chunks: Readable, headers?: Record<string, string>) => (await run(request(chunks, headers))).err?.getStatus();
    expect(await status(Readable.from([Buffer.from('a,b\n\u0000,1\n')]))).toBe(400);
    expect(await status(Readable.from([Buffer.from([0x61, 0xed, 0xa0, 0x80])]))).toBe(400);
    expect(await status(Readable.from([Buffer.alloc(2048, 0x61)]))).toBe(413);
    expect(await status(Readable.from([Buffer.from('a')]), { 'content-length': '999999' })).toBe(413);
    const aborted = new Readable({
      read() {
        this.push(Buffer.from('a,b\n'));
        this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const r = await run(request(aborted));
    expect(r.err).toBeInstanceOf(ProblemException);
    expect([r.err?.getStatus(), r.nextCalled]).toEqual([400, false]);
  });
});
