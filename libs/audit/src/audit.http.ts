import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type NestMiddleware,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { Observable, concatMap, tap } from 'rxjs';
import { AuditService } from './audit.service.js';
import type { AuditEntry, AuditOutcome } from './audit.types.js';
import { runWithRequestAudit, type RequestAuditContext } from './audit.request-context.js';
import { message } from '#messages';

const API_PREFIX = '/api/v1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_PATH = new RegExp(`^${API_PREFIX}/cases/(${UUID})(?:/|$)`, 'i');
const IS_UUID = new RegExp(`^${UUID}$`, 'i');

/** The acting user as the authentication guard leaves it on `req.user`. */
export interface AuditActor {
  userId: string | null;
  roles: string[];
  sessionId: string | null;
}

/**
 * Reads the actor from `req.user`. Accepts the common shapes (id | userId | sub; role | roles as
 * strings or { role } grants; sessionId | sid) so it does not depend on the auth library's class.
 */
export function actorFromRequest(req: unknown): AuditActor {
  const u = (req as { user?: unknown } | null)?.user;
  if (!u || typeof u !== 'object') return { userId: null, roles: [], sessionId: null };
  const o = u as Record<string, unknown>;
  const id = [o.id, o.userId, o.sub].find((v): v is string => typeof v === 'string' && IS_UUID.test(v)) ?? null;
  const rawRoles: unknown[] = Array.isArray(o.roles) ? o.roles : Array.isArray(o.grants) ? o.grants : o.role !== undefined ? [o.role] : [];
  const roles = [
    ...new Set(
      rawRoles
        .map((r) => (typeof r === 'string' ? r : r && typeof r === 'object' && typeof (r as { role?: unknown }).role === 'string' ? (r as { role: string }).role : null))
        .filter((r): r is string => r !== null),
    ),
  ];
  const sessionId = [o.sessionId, o.sid].find((v): v is string => typeof v === 'string' && v.length > 0) ?? null;
  return { userId: id, roles, sessionId };
}

export interface AuditTarget {
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  caseId: string | null;
}

/**
 * Which requests the trail records: every non-GET request under /api/v1 and every read of a case
 * dossier (GET/HEAD /api/v1/cases/{id}...). Null: not recorded.
 */
export function classifyRequest(method: string, path: string): AuditTarget | null {
  const m = method.toUpperCase();
  if (m === 'OPTIONS' || !(path === API_PREFIX || path.startsWith(`${API_PREFIX}/`))) return null;
  const caseId = CASE_PATH.exec(path)?.[1]?.toLowerCase() ?? null;
  const read = m === 'GET' || m === 'HEAD';
  if (read && !caseId) return null;
  const segments = path.slice(API_PREFIX.length).split('/').filter(Boolean);
  const resourceType = segments[0] ?? null;
  const second = segments[1];
  const resourceId = second && IS_UUID.test(second) ? second.toLowerCase() : null;
  if (caseId) {
    const sub = segments[2];
    const correction = sub === 'events' && segments[4] === 'corrections';
    const action = read ? 'case.read' : correction && m === 'POST' ? 'case.correction' : sub === 'events' && m === 'POST' ? 'case.event' : `case.${sub ?? 'update'}`;
    return { action, resourceType: 'case', resourceId: caseId, caseId };
  }
  if (resourceType === 'cases' && segments.length === 1 && m === 'POST') return { action: 'case.create', resourceType: 'case', resourceId: null, caseId: null };
  if (resourceType === 'auth' && second) return { action: `auth.${second}`, resourceType: 'auth', resourceId: null, caseId: null };
  return { action: `${resourceType ?? 'api'}.${m.toLowerCase()}`, resourceType, resourceId, caseId: null };
}

/** A path without values: uuid and other non-word segments become ':id' (paths may carry personal data). */
export function routeTemplate(path: string): string {
  return path
    .split('/')
    .map((s) => (s === '' || /^[a-z][a-zA-Z-]*\d?$/.test(s) ? s : ':id'))
    .join('/');
}

/** Overrides the derived action of a route, e.g. @AuditAction('export.personalData'). Also records GETs. */
export const AUDIT_ACTION = 'audit:action';
export const AuditAction = (action: string, resourceType?: string): MethodDecorator & ClassDecorator => SetMetadata(AUDIT_ACTION, { action, resourceType });

const TRACKED = Symbol('audit.tracked');
const ANNOTATION = Symbol('audit.annotation');
const CONTEXT = Symbol('audit.context');

interface Annotation {
  action?: string;
  resourceType?: string;
  route?: string;
  errorCode?: string;
}

/** What the request's entry records: its status, whether the answer was sent, the case it created. */
interface EntryAt {
  status: number;
  finished: boolean;
  caseId?: string | null;
}

interface TrackedContext extends RequestAuditContext {
  path: string;
  /** The status of the entry already committed for this request (a read before its answer, a command in its transaction). */
  recorded: number | null;
}

type TrackedRequest = Request & { [TRACKED]?: true; [ANNOTATION]?: Annotation; [CONTEXT]?: TrackedContext };

export function outcomeFor(status: number): AuditOutcome {
  return status >= 500 ? 'error' : status >= 400 ? 'refused' : 'ok';
}

/** An audited read whose entry could not be written is not answered (docs/security.md). */
export class AuditUnavailableError extends Error {
  readonly code = 'AUDIT.UNAVAILABLE';
}

/**
 * One entry per request (docs/security.md, "Audit trail"):
 * - an audited read (a case dossier, a download, an export) is recorded BEFORE its answer is sent,
 *   one INSERT; if it cannot be written the request fails (503) and nothing is sent;
 * - a successful command records inside its own transaction (`recordRequestAudit(m)`, called by
 *   the command), so the command and its entry are one commit;
 * - everything else (refusals by guards, pipes and handlers, failures, logins, writes that do not
 *   call it) is recorded after the response, with the final status.
 * An entry already committed is not written again after the response, unless the answer then
 * failed or was aborted (that second entry says so).
 */
@Injectable()
export class AuditHttpRecorder {
  constructor(private readonly audit: AuditService) {}

  /** Attach once per request; safe to call from both the middleware and the interceptor. */
  track(req: Request, res: Response): void {
    const r = req as TrackedRequest;
    if (r[TRACKED]) return;
    r[TRACKED] = true;
    const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
    const ctx: TrackedContext = {
      path,
      recorded: null,
      write: async (m, options) => {
        if (ctx.recorded !== null || isRead(req.method)) return;
        const entry = this.entryFor(r, res, path, { status: options.statusCode ?? res.statusCode, finished: true, caseId: options.caseId ?? null });
        if (!entry) return;
        const status = entry.statusCode ?? res.statusCode;
        await this.audit.insert(entry, m, () => {
          ctx.recorded = status;
        });
      },
      prepare: (options) => {
        if (ctx.recorded !== null || isRead(req.method)) return null;
        const entry = this.entryFor(r, res, path, { status: options.statusCode ?? res.statusCode, finished: true, caseId: options.caseId ?? null });
        if (!entry) return null;
        const status = entry.statusCode ?? res.statusCode;
        return {
          entry,
          committed: () => {
            ctx.recorded = status;
            this.audit.committed();
          },
        };
      },
    };
    r[CONTEXT] = ctx;
    let done = false;
    const onEnd = (): void => {
      if (done) return;
      done = true;
      const finished = res.writableFinished;
      if (ctx.recorded !== null && finished && outcomeFor(res.statusCode) === 'ok') return;
      const entry = this.entryFor(r, res, path);
      if (entry) this.audit.recordInBackground(entry);
    };
    res.once('finish', onEnd);
    res.once('close', onEnd);
  }

  /** Runs `fn` (the rest of the request) with the request's audit context (AsyncLocalStorage). */
  run<T>(req: Request, fn: () => T): T {
    const ctx = (req as TrackedRequest)[CONTEXT];
    return ctx ? runWithRequestAudit(ctx, fn) : fn();
  }

  /** True for a read the trail records (GET/HEAD of a case, or a route with @AuditAction). */
  isAuditedRead(req: Request): boolean {
    const r = req as TrackedRequest;
    if (!isRead(req.method)) return false;
    const path = r[CONTEXT]?.path ?? (req.originalUrl ?? req.url).split('?')[0] ?? '/';
    return classifyRequest(req.method, path) !== null || Boolean(r[ANNOTATION]?.action);
  }

  /** Commit the read's entry now, before its answer; 503 (AuditUnavailableError) when it cannot be written. */
  async recordRead(req: Request, res: Response): Promise<void> {
    this.track(req, res);
    const r = req as TrackedRequest;
    const ctx = r[CONTEXT]!;
    if (ctx.recorded !== null) return;
    const entry = this.entryFor(r, res, ctx.path, { status: res.statusCode, finished: true });
    if (!entry) return;
    try {
      await this.audit.insert(entry);
    } catch (err) {
      // Nothing of the answer leaves: not even the headers the handler set for it (its version, its file name).
      if (!res.headersSent) for (const h of ANSWER_HEADERS) res.removeHeader(h);
      throw new AuditUnavailableError(message('AUDIT.UNAVAILABLE'), { cause: err });
    }
    ctx.recorded = entry.statusCode ?? res.statusCode;
  }

  annotate(req: Request, annotation: Annotation): void {
    const r = req as TrackedRequest;
    r[ANNOTATION] = { ...r[ANNOTATION], ...annotation };
  }

  entryFor(req: TrackedRequest, res: Response, path: string, at: EntryAt = { status: res.statusCode, finished: res.writableFinished }): AuditEntry | null {
    const note = req[ANNOTATION] ?? {};
    const target = classifyRequest(req.method, path) ?? (note.action ? { action: note.action, resourceType: null, resourceId: null, caseId: null } : null);
    if (!target) return null;
    let { caseId, resourceId } = target;
    const { status, finished } = at;
    if (target.action === 'case.create' && status < 300) {
      const created = at.caseId ?? CASE_PATH.exec(String(res.getHeader('Location') ?? ''))?.[1]?.toLowerCase() ?? null;
      if (created) caseId = resourceId = created;
    }
    const actor = actorFromRequest(req);
    const requestId = res.getHeader('X-Request-Id');
    return {
      action: note.action ?? target.action,
      outcome: finished ? outcomeFor(status) : 'error',
      statusCode: status,
      actorUserId: actor.userId,
      actorRole: actor.roles.length ? actor.roles.join(',') : null,
      sessionId: actor.sessionId,
      ip: req.ip ?? req.socket?.remoteAddress ?? null,
      userAgent: req.get?.('user-agent') ?? null,
      requestId: typeof requestId === 'string' ? requestId : null,
      resourceType: note.resourceType ?? target.resourceType,
      resourceId,
      caseId,
      chain: caseId ? `case:${caseId}` : actor.sessionId ? `session:${actor.sessionId}` : actor.userId ? `user:${actor.userId}` : `anonymous:${new Date().toISOString().slice(0, 10)}`,
      details: {
        method: req.method,
        route: note.route ?? routeTemplate(path),
        ...(note.errorCode ? { errorCode: note.errorCode } : {}),
        ...(finished ? {} : { aborted: true }),
      },
    };
  }
}

const ANSWER_HEADERS = ['ETag', 'Last-Modified', 'Content-Disposition', 'Content-Type', 'Content-Length', 'Location'];

function isRead(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD';
}

/**
 * Records requests that reach a controller: non-GET requests and case dossier reads, with actor,
 * ip, request id, outcome and status code (refusals by pipes and handlers included); audited reads
 * before their answer, and the handler runs in the request's audit context. Adds the
 * route template, @AuditAction overrides and domain error codes. Requests refused before
 * interceptors run (guards: 401/403/429) are recorded by AuditMiddleware; use both.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly recorder: AuditHttpRecorder,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const meta = this.reflector.getAllAndOverride<{ action: string; resourceType?: string } | undefined>(AUDIT_ACTION, [context.getHandler(), context.getClass()]);
    const route = (req.route as { path?: unknown } | undefined)?.path;
    this.recorder.annotate(req, {
      ...(meta ? { action: meta.action, ...(meta.resourceType ? { resourceType: meta.resourceType } : {}) } : {}),
      ...(typeof route === 'string' ? { route: `${req.baseUrl ?? ''}${route}` } : {}),
    });
    this.recorder.track(req, res);
    const read = this.recorder.isAuditedRead(req);
    const handled = new Observable<unknown>((subscriber) => this.recorder.run(req, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      // An audited read is recorded before its answer is sent; if that fails, the request fails.
      read ? concatMap(async (value: unknown) => (await this.recorder.recordRead(req, res), value)) : (source: Observable<unknown>) => source,
      tap({
        error: (err: unknown) => {
          const code = (err as { code?: unknown } | null)?.code;
          if (typeof code === 'string' && /^[A-Z0-9_.]{1,64}$/.test(code)) this.recorder.annotate(req, { errorCode: code });
        },
      }),
    );
  }
}

/** Tracks every request from the start, so refusals by guards (401/403/429) are recorded too. */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(private readonly recorder: AuditHttpRecorder) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.recorder.track(req, res);
    this.recorder.run(req, () => next());
  }
}
