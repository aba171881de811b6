import { JOB_NAMES, type JobHandler, type JobName } from './jobs.js';

export class JobRegistryError extends Error {
  readonly code = 'SCHEDULING.HANDLERS';
}

/** One handler per job name, checked before the worker takes any job. */
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>[]>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as JobHandler<JobName>);
    this.handlers.set(name, list);
  }

  /** Throws unless every job name has exactly one handler and no handler names an unknown job. */
  verify(expected: readonly string[] = JOB_NAMES): void {
    const problems: string[] = [];
    for (const name of expected) {
      const n = this.handlers.get(name as JobName)?.length ?? 0;
      if (n === 0) problems.push(`no handler for job "${name}"`);
      if (n > 1) problems.push(`${n} handlers for job "${name}"`);
    }
    for (const name of this.handlers.keys()) if (!expected.includes(name)) problems.push(`handler for unknown job "${name}"`);
    if (problems.length) throw new JobRegistryError(`Job handlers are wrong: ${problems.join('; ')}`);
  }

  get(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName)?.[0];
  }

  names(): JobName[] {
    return [...this.handlers.keys()].sort();
  }
}
