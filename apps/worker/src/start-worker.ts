import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { JobRegistry, QueueGateway } from '#scheduling';
import { MaintenanceHandlers } from './maintenance.handlers.js';
import { AuditHandlers } from './audit.handlers.js';
import { NotificationHandlers } from './notification.handlers.js';
import { DeadlineHandlers } from './deadline.handlers.js';

/** Verify the handler map, arm periodic jobs and start taking jobs. Shared by main.ts and tests. */
export async function startWorker(
  app: INestApplicationContext,
  concurrency = 4,
  loops: { relayMs?: number; sweepMs?: number } | false = {},
): Promise<string[]> {
  const registry = app.get(JobRegistry);
  const queue = app.get(QueueGateway);
  registry.verify();
  await app.get(MaintenanceHandlers).arm();
  await app.get(AuditHandlers).arm();
  await app.get(NotificationHandlers).arm();
  await queue.process(registry, concurrency);
  if (loops !== false) app.get(DeadlineHandlers).start(loops);
  const names = registry.names();
  new Logger('Worker').log({ msg: 'worker started', handlers: names });
  return names;
}
