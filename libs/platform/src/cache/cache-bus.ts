import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * Per-process caches that every process drops at once (issue 20, item 3).
 *
 * A cache here holds what the API reads on every request (the session and grants of a token,
 * organisation settings, the organisation roll-up). A writer that changes the source calls
 * `invalidate(topic, keys)` after its commit: the entries go at once in this process, and a message
 * on the Redis channel `<QUEUE_PREFIX>:cache` drops them in every other process subscribed to it
 * (every API instance, the worker). The TTL (CACHE_TTL_SECONDS) is only the backstop for a message
 * that never arrived.
 *
 * Correctness rules:
 * - A cache answers only while this process is subscribed: before the subscription is confirmed,
 *   and from a lost connection until it is back, every read goes to the database. A reconnection
 *   clears everything (messages sent meanwhile were missed).
 * - A value read from the database is stored only if no invalidation of its topic happened while it
 *   was being read (a generation counter per topic), so a slow read cannot put back what a revoke
 *   just dropped.
 * - CACHE_TTL_SECONDS=0 turns every cache off.
 */
export interface CacheMessage {
  /** The cache family ('auth', 'orgs'). */
  topic: string;
  /** Keys to drop (their meaning is the topic's); absent: drop the whole topic. */
  keys?: string[];
  /** The sending process, so it does not drop twice. */
  from?: string;
}

type Matcher = (keys: readonly string[] | undefined) => void;

export class LocalCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number; stamp: string | undefined }>();
  private generation = 0;

  constructor(
    private readonly bus: CacheBus,
    readonly topic: string,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The current generation: pass it back to `set` so a value read across an invalidation is not stored. */
  mark(): number {
    return this.generation;
  }

  /**
   * The topic's shared generation in Redis, for a cache that must never answer after an
   * invalidation has returned anywhere (the sessions): pass it to `get` and `set`. Null when Redis
   * does not answer (then nothing is served from or stored in the cache).
   */
  stamp(): Promise<string | null> {
    return this.bus.stamp(this.topic);
  }

  /** The entry, if fresh; with `stamp`, only if stored under that same shared generation. */
  get(key: string, now = Date.now(), stamp?: string | null): V | undefined {
    if (!this.bus.live || this.ttlMs <= 0 || stamp === null) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (stamp !== undefined && e.stamp !== stamp) {
      this.entries.delete(key);
      return undefined;
    }
    if (e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, mark: number, now = Date.now(), stamp?: string | null): void {
    if (!this.bus.live || this.ttlMs <= 0 || mark !== this.generation || stamp === null) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs, stamp });
  }

  /** Read through: the cached value, or `load()` stored unless invalidated meanwhile. */
  async through(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const mark = this.mark();
    const value = await load();
    this.set(key, value, mark);
    return value;
  }

  /** Drop the entries whose value matches (or all). Bumps the generation. */
  drop(match?: (key: string, value: V) => boolean): void {
    this.generation++;
    if (!match) {
      this.entries.clear();
      return;
    }
    for (const [key, e] of this.entries) if (match(key, e.value)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

@Injectable()
export class CacheBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CacheBus');
  private readonly id = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly channel: string;
  private readonly ttlMs: number;
  private readonly listeners = new Map<string, Set<Matcher>>();
  private readonly caches = new Set<LocalCache<unknown>>();
  private sub?: Redis;
  private pub?: Redis;
  private subscribed = false;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.QUEUE_PREFIX}:cache`;
    this.ttlMs = (config.CACHE_TTL_SECONDS ?? 0) * 1000;
  }

  /** True while this process receives invalidations (caches answer only then). */
  get live(): boolean {
    return this.subscribed;
  }

  onModuleInit(): void {
    if (this.ttlMs <= 0) return;
    // The subscriber retries forever; a publish waits at most a second (a write never hangs on a Redis that is down).
    this.sub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    this.sub.on('error', () => undefined);
    this.pub.on('error', () => undefined);
    const lost = () => {
      if (this.subscribed) this.logger.warn({ msg: 'cache invalidations lost: caches off until Redis is back' });
      this.subscribed = false;
      this.clearAll();
    };
    this.sub.on('close', lost);
    this.sub.on('end', lost);
    this.sub.on('ready', () => {
      this.sub!.subscribe(this.channel).then(
        () => {
          // Whatever was sent while not subscribed is unknown: start empty.
          this.clearAll();
          this.subscribed = true;
        },
        () => lost(),
      );
    });
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      let msg: CacheMessage;
      try {
        msg = JSON.parse(raw) as CacheMessage;
      } catch {
        this.clearAll();
        return;
      }
      if (msg.from === this.id) return;
      this.apply(msg);
    });
  }

  /** Wait until subscribed (tests, start-up); resolves false after `timeoutMs`. */
  async ready(timeoutMs = 5_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.subscribed && this.ttlMs > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.subscribed;
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscribed = false;
    for (const r of [this.sub, this.pub]) {
      if (!r) continue;
      try {
        await r.quit();
      } catch {
        r.disconnect();
      }
    }
  }

  /** A cache of this topic, with the configured TTL. */
  cache<V>(topic: string, maxEntries?: number): LocalCache<V> {
    const c = new LocalCache<V>(this, topic, this.ttlMs, maxEntries);
    this.caches.add(c as LocalCache<unknown>);
    return c;
  }

  /** Called with the keys of each invalidation of `topic` (undefined: everything). */
  on(topic: string, matcher: Matcher): void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(matcher);
  }

  /**
   * Drop entries here at once and in every other process. Call it after the change is committed.
   * Never throws: when Redis does not answer, the other processes fall back on the TTL.
   */
  async invalidate(topic: string, keys?: readonly string[]): Promise<void> {
    const msg: CacheMessage = { topic, ...(keys ? { keys: [...keys] } : {}), from: this.id };
    this.apply(msg);
    if (!this.pub) return;
    try {
      // First the shared generation (a stamped cache on any instance stops answering from here on,
      // before this call returns), then the message that frees the memory everywhere.
      await this.pub.incr(this.generationKey(topic));
      await this.pub.publish(this.channel, JSON.stringify(msg));
    } catch (err) {
      this.logger.warn({ msg: 'cache invalidation not published', topic, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The topic's shared generation (see LocalCache.stamp); null when Redis does not answer. */
  async stamp(topic: string): Promise<string | null> {
    if (!this.pub || !this.subscribed) return null;
    try {
      return (await this.pub.get(this.generationKey(topic))) ?? '0';
    } catch {
      return null;
    }
  }

  private generationKey(topic: string): string {
    return `${this.channel}:generation:${topic}`;
  }

  private apply(msg: CacheMessage): void {
    const set = this.listeners.get(msg.topic);
    if (!set) return;
    for (const m of set) m(msg.keys);
  }

  private clearAll(): void {
    for (const c of this.caches) c.drop();
  }
}
