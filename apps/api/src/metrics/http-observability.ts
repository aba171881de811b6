import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { activeTraceIds, type Metrics } from '#platform';

const log = new Logger('Http');

/**
 * Per request: the latency histogram by route template (`/api/v1/cases/:id/events`, never the
 * concrete path, so labels carry no ids) and status, and one access log line with the request id
 * and, when tracing is on, the trace id (captured while the request's span is active). Requests
 * that match no route (the web UI's files, 404s) count as `unmatched`; health probes are not logged.
 */
export function httpObservability(metrics: Metrics | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const ids = activeTraceIds();
    res.on('finish', () => {
      const path = (req.route as { path?: string } | undefined)?.path;
      const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics?.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (!req.path.startsWith('/health')) {
        log.log({ msg: 'request', method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), ...(ids ?? {}) });
      }
    });
    next();
  };
}
