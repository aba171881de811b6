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
import { type Observable, tap } from 'rxjs';
import { AuditService } from './audit.service.js';
import type { AuditEntry, AuditOutcome } from './audit.types.js';

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

interface Annotation {
  action?: string;
  resourceType?: string;
  route?: string;
  errorCode?: string;
}

type TrackedRequest = Request & { [TRACKED]?: true; [ANNOTATION]?: Annotation };

export function outcomeFor(status: number): AuditOutcome {
  return status >= 500 ? 'error' : status >= 400 ? 'refused' : 'ok';
}

/** Builds the entry once the response is finished (its final status is known) and records it. */
@Injectable()
export class AuditHttpRecorder {
  constructor(private readonly audit: AuditService) {}

  /** Attach once per request; safe to call from both the middleware and the interceptor. */
  track(req: Request, res: Response): void {
    const r = req as TrackedRequest;
    if (r[TRACKED]) return;
    r[TRACKED] = true;
    const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
    let done = false;
    const onEnd = (): void => {
      if (done) return;
      done = true;
      const entry = this.entryFor(r, res, path);
      if (entry) this.audit.recordInBackground(entry);
    };
    res.once('finish', onEnd);
    res.once('close', onEnd);
  }

  annotate(req: Request, annotation: Annotation): void {
    const r = req as TrackedRequest;
    r[ANNOTATION] = { ...r[ANNOTATION], ...annotation };
  }

  entryFor(req: TrackedRequest, res: Response, path: string): AuditEntry | null {
    const note = req[ANNOTATION] ?? {};
    const target = classifyRequest(req.method, path) ?? (note.action ? { action: note.action, resourceType: null, resourceId: null, caseId: null } : null);
    if (!target) return null;
    let { caseId, resourceId } = target;
    if (target.action === 'case.create' && res.statusCode < 300) {
      const created = CASE_PATH.exec(String(res.getHeader('Location') ?? ''))?.[1]?.toLowerCase() ?? null;
      if (created) caseId = resourceId = created;
    }
    const actor = actorFromRequest(req);
    const finished = res.writableFinished;
    const status = res.statusCode;
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

/**
 * Records requests that reach a controller: non-GET requests and case dossier reads, with actor,
 * ip, request id, outcome and status code (refusals by pipes and handlers included). Adds the
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
    return next.handle().pipe(
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
    next();
  }
}
