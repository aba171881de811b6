import { describe, expect, it } from '@jest/globals';
import { nextRetryDelayMs } from './backoff.rule.js';

describe('delivery retry backoff', () => {
  it('doubles from the base and gives up after the last attempt', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelayMs(n, 60_000, 8));
    expect(delays).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000]);
    expect(nextRetryDelayMs(8, 60_000, 8)).toBeNull();
    expect(nextRetryDelayMs(3, 50, 3)).toBeNull();
  });

  it('never waits more than six hours', () => {
    expect(nextRetryDelayMs(7, 3_600_000, 8)).toBe(6 * 3_600_000);
  });
});
