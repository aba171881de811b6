import { type CanActivate, type ExecutionContext, Injectable, Logger, type OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { AppConfig, ProblemException, titlesFor } from '#platform';

export const LOGIN_RATE_LIMITED = 'loginRateLimited';
/** Marks the routes that take credentials or refresh tokens (login, refresh, the TOTP step, the SSO steps). */
export const LoginRateLimited = (): MethodDecorator => SetMetadata(LOGIN_RATE_LIMITED, true);

interface Bucket {
  name: string;
  limit: number;
  windowMs: number;
  applies(req: RateLimitedRequest, loginRoute: boolean): boolean;
  key(req: RateLimitedRequest): string;
}

interface RateLimitedRequest {
  method: string;
  user?: { id: string };
  ip?: string;
  socket?: { remoteAddress?: string };
  body?: unknown;
  query?: unknown;
}

/**
 * The client address: Express's `req.ip`, which follows X-Forwarded-For only through the proxies
 * of TRUSTED_PROXIES (setup.ts); IPv4-mapped IPv6 is written as IPv4 so one client has one key.
 */
export const clientAddress = (req: Pick<RateLimitedRequest, 'ip' | 'socket'>): string =>
  String(req.ip ?? req.socket?.remoteAddress ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
/**
 * The account an attempt is about: the username of a login; for the steps that carry no username,
 * the one attempt they continue (the mfaToken of POST /auth/mfa and /auth/mfa/enrol, the one-time
 * code of POST /auth/oidc/exchange, the `state` of the OIDC callback), so users behind one address
 * do not share one bucket. Refresh keeps the address alone. Keys are hashed below.
 */
const usernameOf = (req: RateLimitedRequest): string => {
  const body = req.body as { username?: unknown; mfaToken?: unknown; code?: unknown } | undefined;
  if (typeof body?.username === 'string') return body.username.trim().toLowerCase().slice(0, 64);
  if (typeof body?.mfaToken === 'string') return `mfa:${body.mfaToken.slice(0, 2000)}`;
  if (typeof body?.code === 'string' && body.code.length >= 20) return `sso:${body.code.slice(0, 200)}`;
  const state = (req.query as { state?: unknown } | undefined)?.state;
  if (typeof state === 'string') return `state:${state.slice(0, 200)}`;
  return '';
};
const digest = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 22);
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rate limits, one-minute fixed windows counted in Redis, so every API instance on the same Redis
 * shares them and a restart forgets nothing:
 * - loginAccount: 10 login/refresh attempts per address and username (or MFA challenge, SSO attempt);
 * - loginAddress: 30 login/refresh attempts per address (password spraying);
 * - writes: 600 writes (non-GET) per user (per address before authentication).
 * It runs after the authentication guard, so writes are counted per user.
 * The durable defence against guessing is the account lockout (5 failures, 15 minutes, in PostgreSQL).
 *
 * Written here rather than with @nestjs/throttler 6.7.1: that package is CommonJS requiring the
 * ESM-only @nestjs/common 12, which Jest's ESM runtime on Node 20 cannot load (stack.md, the same
 * trap as @bull-board/nestjs; tried again for issue 15: "Must use import to load ES Module"), so
 * the limits could not be tested.
 */
export const RATE_LIMIT_BUCKETS: Bucket[] = [
  { name: 'loginAccount', limit: 10, windowMs: 60_000, applies: (_r, login) => login, key: (r) => `${clientAddress(r)}|${usernameOf(r)}` },
  { name: 'loginAddress', limit: 30, windowMs: 60_000, applies: (_r, login) => login, key: clientAddress },
  {
    name: 'writes',
    limit: 600,
    windowMs: 60_000,
    applies: (r, login) => !login && !READS.has(r.method),
    key: (r) => (r.user ? `user:${r.user.id}` : clientAddress(r)),
  },
];

export interface Hit {
  key: string;
  limit: number;
  windowMs: number;
}

/** The first hit over its limit (1-based index into the hits) and the milliseconds left in its window; 0 when none. */
export type HitResult = { over: number; retryMs: number };

/**
 * Counts every hit in order in one atomic step and stops at the first one over its limit (the
 * later buckets are not counted, as before). A window starts with the first hit (INCR then
 * PEXPIRE on a new key); a key found without expiry (never expected) gets one, so no counter
 * lives forever.
 */
const HIT_SCRIPT = `
for i = 1, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  local window = tonumber(ARGV[2 * i - 1])
  local ttl = redis.call('PTTL', KEYS[i])
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = window
  end
  if n > tonumber(ARGV[2 * i]) then return {i, ttl} end
end
return {0, 0}
`;

/** The counters: Redis, shared by all instances; per-instance memory only while Redis does not answer. */
export class RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly memory = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;
  private degraded = false;

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    this.redis = new Redis(redisUrl, {
      // A request never waits for a Redis that is down: it fails fast and the memory counters take over.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
    });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('rateLimitHit', { lua: HIT_SCRIPT });
  }

  async hit(hits: Hit[], now = Date.now()): Promise<HitResult> {
    if (!hits.length) return { over: 0, retryMs: 0 };
    // Counted here as well, always: when a Redis call fails (down, or a reply later than the
    // timeout), this instance still holds the attempts made so far, not a count from zero.
    const local = this.hitInMemory(hits, now);
    try {
      const keys = hits.map((h) => `${this.prefix}:${h.key}`);
      const args = hits.flatMap((h) => [String(h.windowMs), String(h.limit)]);
      const [over, retryMs] = (await (this.redis as unknown as { rateLimitHit(n: number, ...a: string[]): Promise<[number, number]> }).rateLimitHit(
        keys.length,
        ...keys,
        ...args,
      )) as [number, number];
      if (this.degraded) {
        this.degraded = false;
        this.logger.log({ msg: 'rate limits back on Redis' });
      }
      return { over: Number(over), retryMs: Number(retryMs) };
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn({ msg: 'Redis unavailable: rate limits counted per instance', err: err instanceof Error ? err.message : String(err) });
      }
      return local;
    }
  }

  private hitInMemory(hits: Hit[], now: number): HitResult {
    if (now >= this.nextSweep) {
      this.nextSweep = now + 60_000;
      for (const [key, entry] of this.memory) if (entry.resetAt <= now) this.memory.delete(key);
    }
    for (const [i, h] of hits.entries()) {
      let entry = this.memory.get(h.key);
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + h.windowMs };
        this.memory.set(h.key, entry);
      }
      entry.count++;
      if (entry.count > h.limit) return { over: i + 1, retryMs: entry.resetAt - now };
    }
    return { over: 0, retryMs: 0 };
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly limits: Record<string, number>;
  private readonly store: RateLimitStore;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.limits = {
      writes: config.RATE_LIMIT_WRITES_PER_MINUTE,
      loginAccount: config.RATE_LIMIT_LOGINS_PER_ACCOUNT_PER_MINUTE,
      loginAddress: config.RATE_LIMIT_LOGINS_PER_ADDRESS_PER_MINUTE,
    };
    this.store = new RateLimitStore(config.REDIS_URL, config.RATE_LIMIT_PREFIX ?? `${config.QUEUE_PREFIX}:rl`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RateLimitedRequest>();
    const res = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    const loginRoute = this.reflector.get<boolean | undefined>(LOGIN_RATE_LIMITED, context.getHandler()) === true;
    const buckets = RATE_LIMIT_BUCKETS.filter((b) => b.applies(req, loginRoute));
    // Keys are hashed: Redis holds no username or address in clear, and a key's length is bounded.
    const { over, retryMs } = await this.store.hit(
      buckets.map((b) => ({ key: `${b.name}:${digest(b.key(req))}`, limit: this.limits[b.name] ?? b.limit, windowMs: b.windowMs })),
    );
    if (over === 0) return true;
    const bucket = buckets[over - 1]!;
    const retryAfter = Math.max(1, Math.ceil(retryMs / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    const [title, titleEn] = titlesFor(429);
    throw new ProblemException({
      status: 429,
      title,
      titleEn,
      code: 'RATE_LIMITED',
      detail: `Quá nhiều yêu cầu, thử lại sau ${retryAfter} giây / too many requests, retry in ${retryAfter} s`,
      limit: bucket.name,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
