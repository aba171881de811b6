const CAP_MS = 6 * 3_600_000;

/**
 * Delay before the next attempt after `attemptsMade` failed ones: base, 2x, 4x, ... capped at six
 * hours. Null when the delivery has used its attempts and becomes dead.
 */
export function nextRetryDelayMs(attemptsMade: number, baseMs: number, maxAttempts: number): number | null {
  if (attemptsMade >= maxAttempts) return null;
  return Math.min(CAP_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}
