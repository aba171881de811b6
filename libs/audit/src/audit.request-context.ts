import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

export interface RequestAuditOptions {
  /** The status the entry records; default: the response's status as the route set it. */
  statusCode?: number;
  /** The case the request created (POST /cases: the id is known before the Location header is). */
  caseId?: string;
}

/** The HTTP request being served, as AuditHttpRecorder tracks it (one per request). */
export interface RequestAuditContext {
  /** Writes the request's success entry within `manager`, once per request. */
  write(manager: EntityManager, options: RequestAuditOptions): Promise<void>;
}

const storage = new AsyncLocalStorage<RequestAuditContext>();

export function runWithRequestAudit<T>(context: RequestAuditContext, fn: () => T): T {
  return storage.getStore() === context ? fn() : storage.run(context, fn);
}

/**
 * A command's own HTTP audit entry, committed with the command's transaction (one commit per
 * transition). Outside an HTTP request (worker, CLI) it does nothing.
 */
export async function recordRequestAudit(manager: EntityManager, options: RequestAuditOptions = {}): Promise<void> {
  await storage.getStore()?.write(manager, options);
}
