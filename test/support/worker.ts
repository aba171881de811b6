import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { startWorker } from '../../apps/worker/src/start-worker.js';
import type { AppConfig } from '../../libs/platform/src/index.js';

/** The real worker module in-process, on the test app's database, Redis database and queue prefix. */
export async function startTestWorker(
  config: AppConfig,
  loops: { relayMs?: number; sweepMs?: number } | false = { relayMs: 100, sweepMs: 60_000 },
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { lockDurationMs: 5_000, stalledIntervalMs: 5_000 }), {
    logger: process.env.TEST_LOGS ? ['error', 'warn'] : false,
  });
  await startWorker(app, 4, loops);
  return app;
}

/** Poll until the check passes (bounded; the clock is moved by the test, never waited for). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
