// Bootstrap-only entry ('#scheduling/bootstrap'): Bull Board is CommonJS that cannot load inside
// Jest (stack.md). Only apps/api/src/serve.ts imports this file; tests never do.
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type Bull from 'bull';
import type { QueueGateway } from './queue.gateway.js';
import { message } from '#messages';

interface Req {
  headers: Record<string, string | string[] | undefined>;
}
interface Res {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body?: string): void;
}
type Next = (err?: unknown) => void;

export interface QueueBoardOptions {
  /** Absolute path, e.g. /api/v1/admin/queues. */
  path: string;
  /** 200 lets the request through; 401 and 403 answer problem+json. Runs on every request, assets included. */
  authorize(req: Req): Promise<200 | 401 | 403>;
  readOnly?: boolean;
}

const TITLES = { 401: ['Chưa xác thực', 'Not authenticated'], 403: ['Không có quyền', 'Forbidden'] } as const;

/** Mount Bull Board on an Express app behind an authorisation check. */
export function mountQueueBoard(app: { use(path: string, ...handlers: unknown[]): unknown }, gateway: QueueGateway, options: QueueBoardOptions): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.path);
  createBullBoard({
    queues: [new BullAdapter(gateway.rawQueueForBoard() as Bull.Queue, { readOnlyMode: options.readOnly ?? false })],
    serverAdapter,
    options: { uiConfig: { boardTitle: message('SCHEDULING.QUEUES') } },
  });
  const guard = (req: Req, res: Res, next: Next): void => {
    options.authorize(req).then(
      (status) => {
        if (status === 200) {
          res.setHeader('Cache-Control', 'no-store');
          // The board's UI uses inline styles and scripts that the API's strict CSP would block.
          res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; img-src 'self' data:; font-src 'self' data: https:");
          return next();
        }
        const [title, titleEn] = TITLES[status];
        res.statusCode = status;
        res.setHeader('Content-Type', 'application/problem+json');
        if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        res.end(JSON.stringify({ type: `https://ket-nap.local/problems/${titleEn.toLowerCase().replace(/[^a-z]+/g, '-')}`, title, titleEn, status }));
      },
      (err: unknown) => next(err),
    );
  };
  app.use(options.path, guard, serverAdapter.getRouter());
}
