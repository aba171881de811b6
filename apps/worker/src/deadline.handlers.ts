import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeadlineRunner } from '#cases';
import { JobRegistry } from '#scheduling';
import { CaseNotifier } from './case-notifier.js';

/**
 * The worker's watch over legal deadlines: one handler per job, plus two loops that never depend
 * on Redis having kept anything: the outbox relay (every 500 ms) and the sweeper (every 30 s).
 */
@Injectable()
export class DeadlineHandlers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Deadlines');
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: DeadlineRunner,
    private readonly notifier: CaseNotifier,
  ) {}

  onModuleInit(): void {
    this.registry.register('deadline.wake', async ({ deadlineId, fence }) => {
      await this.runner.wake(deadlineId, fence);
    });
    this.registry.register('case.notify', async (data) => {
      await this.notifier.notify(data);
    });
  }

  /** Start the relay and sweeper loops (the sweeper also runs once at start: catch up after downtime). */
  start(options: { relayMs?: number; sweepMs?: number } = {}): void {
    this.stopped = false;
    this.loop('outbox relay', options.relayMs ?? 500, () => this.runner.relayOutbox());
    this.loop('sweeper', options.sweepMs ?? 30_000, () => this.runner.sweep(), true);
  }

  private loop(name: string, everyMs: number, fn: () => Promise<unknown>, immediately = false): void {
    let busy = false;
    const tick = (): void => {
      if (busy || this.stopped) return;
      busy = true;
      const p = fn()
        .catch((err: unknown) => this.logger.error({ msg: `${name} failed`, err: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          busy = false;
          this.running.delete(p);
        });
      this.running.add(p);
    };
    if (immediately) tick();
    const t = setInterval(tick, everyMs);
    t.unref();
    this.timers.push(t);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([...this.running]);
  }
}
