import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '#platform';

/**
 * HTTP latency by route template (`/api/v1/cases/:id/events`, never the concrete path, so the
 * label set stays small and carries no ids) and status. Requests that match no route (the web UI's
 * files, 404s) count as `unmatched`.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const path = (req.route as { path?: string } | undefined)?.path;
      const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
