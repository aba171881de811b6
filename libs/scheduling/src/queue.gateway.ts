import Bull from 'bull';
import { inSpan } from '#platform';
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

/** Buckets of the keyed-job index (see replaceKeyed). */
const INDEX_BUCKETS = 1024;

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

  /**
   * Keyed jobs: at most one live job per key (e.g. one wake-up per deadline). An index in Redis,
   * under the queue's prefix, records each key's job id; adding a key's new job removes the one it
   * replaces (unless that one is running: it ends by itself and `removeOnComplete` drops it). The
   * index goes with the jobs when Redis loses its data, so it never points at jobs of another life.
   * It is spread over INDEX_BUCKETS small hashes (compact listpack encoding up to 512 keys each, so
   * up to about 500,000 keys) and stores the job id without the key it contains.
   */
  async replaceKeyed<N extends JobName>(name: N, key: string, data: JobMap[N], options: EnqueueOptions & { jobId: string }): Promise<void> {
    const index = this.indexKey(name, key);
    const previous = this.unpack(key, await this.queue.client.hget(index, key));
    await this.add(name, data, options);
    await this.queue.client.hset(index, key, this.pack(key, options.jobId));
    if (previous && previous !== options.jobId) await this.removeJob(previous);
  }

  /** Many keyed jobs of one name in a few round trips (re-arming after a loss). */
  async replaceKeyedBulk<N extends JobName>(name: N, jobs: { key: string; data: JobMap[N]; options: EnqueueOptions & { jobId: string } }[]): Promise<void> {
    if (!jobs.length) return;
    const previous = await this.keyedJobIds(
      name,
      jobs.map((j) => j.key),
    );
    await this.addBulk(name, jobs);
    const pipeline = this.queue.client.pipeline();
    for (const j of jobs) pipeline.hset(this.indexKey(name, j.key), j.key, this.pack(j.key, j.options.jobId));
    await pipeline.exec();
    for (const [i, j] of jobs.entries()) {
      const old = previous[i];
      if (old && old !== j.options.jobId) await this.removeJob(old);
    }
  }

  /** Remove a key's job (settled: nothing more to wake for). True when a waiting or delayed job was removed. */
  async removeKeyed(name: JobName, key: string): Promise<boolean> {
    const index = this.indexKey(name, key);
    const previous = this.unpack(key, await this.queue.client.hget(index, key));
    if (!previous) return false;
    await this.queue.client.hdel(index, key);
    return this.removeJob(previous);
  }

  /** The job id recorded for each of the keys (undefined: none), in one round trip. */
  async keyedJobIds(name: JobName, keys: string[]): Promise<(string | undefined)[]> {
    if (!keys.length) return [];
    const pipeline = this.queue.client.pipeline();
    for (const key of keys) pipeline.hget(this.indexKey(name, key), key);
    const results = (await pipeline.exec()) ?? [];
    return keys.map((key, i) => {
      const [err, value] = results[i] ?? [null, null];
      if (err) throw err;
      return this.unpack(key, value as string | null);
    });
  }

  /** Record a key's job without adding one (the sweeper's repair of the index). */
  async setKeyedJobId(name: JobName, key: string, jobId: string): Promise<void> {
    await this.queue.client.hset(this.indexKey(name, key), key, this.pack(key, jobId));
  }

  private indexKey(name: JobName, key: string): string {
    // FNV-1a: a stable spread of keys over the buckets.
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return `${this.settings.prefix}:keyed:${name}:${(h >>> 0) % INDEX_BUCKETS}`;
  }

  /** The job id with the key it contains replaced by a NUL (ids never hold one): about 30 bytes, not 70. */
  private pack(key: string, jobId: string): string {
    return !jobId.includes('\0') && jobId.includes(key) ? jobId.replace(key, '\0') : jobId;
  }

  private unpack(key: string, value: string | null): string | undefined {
    if (value === null) return undefined;
    return value.includes('\0') ? value.replace('\0', key) : value;
  }

  /** Ids of the delayed jobs (read from Bull's delayed set, without loading the jobs), optionally only those starting with `idPrefix`. */
  async delayedJobIds(idPrefix = ''): Promise<string[]> {
    const ids = await this.queue.client.zrange(this.bullKey('delayed'), 0, -1);
    return idPrefix ? ids.filter((id) => id.startsWith(idPrefix)) : ids;
  }

  /** Whether a job with this id exists in any state. */
  async hasJob(jobId: string): Promise<boolean> {
    return (await this.queue.client.exists(this.bullKey(jobId))) === 1;
  }

  /** Remove one job unless it is running (locked). True when removed. */
  async removeJob(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // running: it finishes by itself and is dropped on completion
    }
  }

  private bullKey(type: string): string {
    return (this.queue as unknown as { toKey(type: string): string }).toKey(type);
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
      await inSpan(`job ${job.name}`, { 'job.name': job.name, 'job.id': String(job.id), 'job.attempt': job.attemptsMade + 1 }, () =>
        handler(job.data as never, { id: String(job.id), attempt: job.attemptsMade + 1 }),
      );
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
