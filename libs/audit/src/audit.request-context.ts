import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from './audit.types.js';

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
  /** The same entry for a caller that writes it itself (`auditOutboxPart`), or null when there is none to write. */
  prepare(options: RequestAuditOptions): PreparedRequestAudit | null;
}

/** The request's success entry, to be written by the caller's own statement. */
export interface PreparedRequestAudit {
  entry: AuditEntry;
  /** Call once the statement that wrote the entry has committed: the after-response entry is then not written, and the chainer wakes. */
  committed(): void;
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

/**
 * The request's success entry for a command written as one autocommitted statement: the command
 * adds it to its statement (`auditOutboxPart`) and calls `committed()` after. Null outside an HTTP
 * request or when the request has already recorded its entry.
 */
export function takeRequestAudit(options: RequestAuditOptions = {}): PreparedRequestAudit | null {
  return storage.getStore()?.prepare(options) ?? null;
}
