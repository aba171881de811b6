import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_BASE, type ProblemDetails, statusForCode, titlesFor } from './problem.js';

/** Every error leaves as application/problem+json (RFC 9457); 5xx details never leak. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const [title, titleEn] = titlesFor(status);
      if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
        return { ...(body as ProblemDetails), status };
      }
      const detail = typeof body === 'string' ? body : typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined;
      return { type: `${PROBLEM_BASE}${titleEn.toLowerCase().replace(/[^a-z]+/g, '-')}`, title, titleEn, status, detail };
    }
    const code = typeof (exception as { code?: unknown })?.code === 'string' ? (exception as { code: string }).code : undefined;
    const mapped = code ? statusForCode(code) : undefined;
    if (mapped) {
      const [title, titleEn] = titlesFor(mapped);
      const extra = (exception as { problem?: Record<string, unknown> }).problem ?? {};
      return {
        type: `${PROBLEM_BASE}${code!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        title,
        titleEn,
        status: mapped,
        code,
        detail: exception instanceof Error ? exception.message : undefined,
        ...extra,
      };
    }
    const [title, titleEn] = titlesFor(500);
    return { type: `${PROBLEM_BASE}internal-error`, title, titleEn, status: 500 };
  }
}
