/**
 * The typed job contract: every job name with its payload. Adding a job means adding it here and
 * registering exactly one handler; the worker refuses to start otherwise.
 */
export interface JobMap {
  /** Removes finished jobs older than the retention so Redis does not grow forever. */
  'maintenance.cleanQueue': { olderThanMs: number };
}

export type JobName = keyof JobMap;

export const JOB_NAMES = ['maintenance.cleanQueue'] as const satisfies readonly JobName[];

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
