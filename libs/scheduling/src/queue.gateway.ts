import Bull from 'bull';
import type { EnqueueOptions, JobMap, JobName } from './jobs.js';
import type { JobRegistry } from './job-registry.js';

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  name?: string;
  /** Shorter in tests that kill workers mid-job. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/**
 * The only door to Bull. The rest of the code sees typed job names and payloads, never Bull, so
 * moving to BullMQ later touches this folder alone.
 */
export class QueueGateway {
  private readonly queue: Bull.Queue;

  constructor(private readonly settings: QueueSettings) {
    this.queue = new Bull(settings.name ?? 'ket-nap', settings.redisUrl, {
      prefix: settings.prefix,
      settings: {
        lockDuration: settings.lockDurationMs ?? 30_000,
        stalledInterval: settings.stalledIntervalMs ?? 30_000,
        maxStalledCount: 5,
      },
      defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    });
  }

  async add<N extends JobName>(name: N, data: JobMap[N], options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined,
      attempts: options.attempts,
      repeat: options.repeatEveryMs ? { every: options.repeatEveryMs } : undefined,
    });
  }

  /** Many jobs of one name in one round trip (re-arming after a Redis loss). */
  async addBulk<N extends JobName>(name: N, jobs: { data: JobMap[N]; options: EnqueueOptions }[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(
      jobs.map((j) => ({
        name,
        data: j.data,
        opts: { jobId: j.options.jobId, delay: j.options.delayMs && j.options.delayMs > 0 ? j.options.delayMs : undefined },
      })),
    );
  }

  /** A marker key under the queue's prefix; its absence tells that Redis lost its data. */
  async hasMarker(name: string): Promise<boolean> {
    return (await this.queue.client.exists(this.markerKey(name))) === 1;
  }

  async setMarker(name: string): Promise<void> {
    await this.queue.client.set(this.markerKey(name), new Date().toISOString());
  }

  private markerKey(name: string): string {
    return `${this.settings.prefix}:marker:${name}`;
  }

  /** Start taking jobs; each is dispatched to its one registered handler. */
  async process(registry: JobRegistry, concurrency = 4): Promise<void> {
    registry.verify();
    void this.queue.process('*', concurrency, async (job) => {
      const handler = registry.get(job.name);
      if (!handler) throw new Error(`no handler for ${job.name}`);
      await handler(job.data as never, { id: String(job.id), attempt: job.attemptsMade + 1 });
    });
    await this.queue.isReady();
  }

  async ping(): Promise<boolean> {
    return (await this.queue.client.ping()) === 'PONG';
  }

  async counts(): Promise<Record<string, number>> {
    return (await this.queue.getJobCounts()) as unknown as Record<string, number>;
  }

  async cleanFinished(olderThanMs: number): Promise<number> {
    const done = await this.queue.clean(olderThanMs, 'completed');
    const failed = await this.queue.clean(olderThanMs * 7, 'failed');
    return done.length + failed.length;
  }

  /** Bull Board needs the raw queue; only the bootstrap-only helper asks for it. */
  rawQueueForBoard(): unknown {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
