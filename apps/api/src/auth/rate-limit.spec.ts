import { afterAll, describe, expect, it } from '@jest/globals';
import { clientAddress, RateLimitStore } from './rate-limit.js';

describe('rate-limit store without Redis', () => {
  // Nothing listens on port 1: every command fails at once (no offline queue).
  const store = new RateLimitStore('redis://127.0.0.1:1', 'unit');
  afterAll(async () => {
    await store.close();
  });

  it('falls back to per-instance counters: still limits, with the time left in the window', async () => {
    const hits = [
      { key: 'a', limit: 2, windowMs: 60_000 },
      { key: 'b', limit: 5, windowMs: 60_000 },
    ];
    const now = 1_000_000;
    expect(await store.hit(hits, now)).toEqual({ over: 0, retryMs: 0 });
    expect(await store.hit(hits, now + 1)).toEqual({ over: 0, retryMs: 0 });
    expect(await store.hit(hits, now + 1_000)).toEqual({ over: 1, retryMs: 59_000 });
    // A new window starts after the old one ends.
    expect(await store.hit(hits, now + 60_000)).toEqual({ over: 0, retryMs: 0 });
  });
});

describe('client address', () => {
  it('writes IPv4-mapped IPv6 as IPv4 and falls back to the socket', () => {
    expect(clientAddress({ ip: '::ffff:203.0.113.9' })).toBe('203.0.113.9');
    expect(clientAddress({ ip: '2001:db8::1' })).toBe('2001:db8::1');
    expect(clientAddress({ socket: { remoteAddress: '127.0.0.1' } })).toBe('127.0.0.1');
  });
});
