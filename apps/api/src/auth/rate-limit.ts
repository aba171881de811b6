import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig, ProblemException, titlesFor } from '#platform';

export const LOGIN_RATE_LIMITED = 'loginRateLimited';
/** Marks the routes that take credentials or refresh tokens (login, refresh). */
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
}

const ipOf = (req: RateLimitedRequest): string => String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
const usernameOf = (req: RateLimitedRequest): string => {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : '';
};
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rate limits, per API instance, fixed one-minute windows:
 * - loginAccount: 10 login/refresh attempts per address and username;
 * - loginAddress: 30 login/refresh attempts per address (password spraying);
 * - writes: 600 writes (non-GET) per user (per address before authentication).
 * It runs after the authentication guard, so writes are counted per user.
 * The durable defence against guessing is the account lockout (5 failures, 15 minutes).
 *
 * Written here rather than with @nestjs/throttler 6.7.1: that package is CommonJS requiring the
 * ESM-only @nestjs/common 12, which Jest's ESM runtime on Node 20 cannot load (stack.md, the same
 * trap as @bull-board/nestjs), so the limits could not be tested.
 */
export const RATE_LIMIT_BUCKETS: Bucket[] = [
  { name: 'loginAccount', limit: 10, windowMs: 60_000, applies: (_r, login) => login, key: (r) => `${ipOf(r)}|${usernameOf(r)}` },
  { name: 'loginAddress', limit: 30, windowMs: 60_000, applies: (_r, login) => login, key: ipOf },
  {
    name: 'writes',
    limit: 600,
    windowMs: 60_000,
    applies: (r, login) => !login && !READS.has(r.method),
    key: (r) => (r.user ? `user:${r.user.id}` : ipOf(r)),
  },
];

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  private readonly limits: Record<string, number>;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.limits = { writes: config.RATE_LIMIT_WRITES_PER_MINUTE };
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RateLimitedRequest>();
    const res = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    const loginRoute = this.reflector.get<boolean | undefined>(LOGIN_RATE_LIMITED, context.getHandler()) === true;
    const now = Date.now();
    this.sweep(now);
    for (const bucket of RATE_LIMIT_BUCKETS) {
      if (!bucket.applies(req, loginRoute)) continue;
      const key = `${bucket.name}|${bucket.key(req)}`;
      let entry = this.hits.get(key);
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + bucket.windowMs };
        this.hits.set(key, entry);
      }
      entry.count++;
      if (entry.count > (this.limits[bucket.name] ?? bucket.limit)) {
        const retryAfter = Math.ceil((entry.resetAt - now) / 1000);
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
    }
    return true;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}
