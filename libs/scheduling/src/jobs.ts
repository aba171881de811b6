/**
 * The typed job contract: every job name with its payload. Adding a job means adding it here and
 * registering exactly one handler; the worker refuses to start otherwise.
 */
export interface JobMap {
  /** Removes finished jobs older than the retention so Redis does not grow forever. */
  'maintenance.cleanQueue': { olderThanMs: number };
  /** Deletes idempotency keys past their lifetime (24 h) so the table holds about a day of writes. */
  'maintenance.purgeIdempotency': Record<string, never>;
  /** A legal deadline's next moment (reminder or limit); does nothing if the fence moved. */
  'deadline.wake': { deadlineId: string; fence: number };
  /** A notification intent written by a case transition (relayed from the outbox). */
  'case.notify': { caseId: string; to: string; template: string; params?: Record<string, unknown>; dedupe?: string; seq?: number };
  /** Sends one planned delivery (email or webhook); idempotent, retries are scheduled by the handler. */
  'notification.deliver': { deliveryId: string };
  /** Daily digest emails for users who chose them; `date` (YYYY-MM-DD, Vietnam) forces one day. */
  'notification.digest': { date?: string };
  /** Re-enqueues deliveries that are due but whose job Redis lost (or a crash kept from enqueueing). */
  'notification.sweep': Record<string, never>;
  /** Chains the heads of every audit chain that moved into audit_anchors (tail removal is then detected). */
  'audit.anchor': Record<string, never>;
  /** Re-runs the compliance catalogue over an organisation subtree; progress and result go to the jobs row. */
  'compliance.reaudit': { jobId: string };
  /** Runs one import (organisations, members, memberships or cases) stored in import_jobs; progress and report go to that row. */
  'import.run': { jobId: string };
}

export type JobName = keyof JobMap;

export const JOB_NAMES = ['maintenance.cleanQueue', 'maintenance.purgeIdempotency', 'deadline.wake', 'case.notify', 'notification.deliver', 'notification.digest', 'notification.sweep', 'audit.anchor', 'compliance.reaudit', 'import.run'] as const satisfies readonly JobName[];

export interface JobContext {
  id: string;
  attempt: number;
}

export type JobHandler<N extends JobName> = (data: JobMap[N], ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Deterministic id: adding the same id twice keeps one job. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  repeatEveryMs?: number;
}
