import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { JobRegistry, QueueGateway } from '#scheduling';
import { MaintenanceHandlers } from './maintenance.handlers.js';

/** Verify the handler map, arm periodic jobs and start taking jobs. Shared by main.ts and tests. */
export async function startWorker(app: INestApplicationContext, concurrency = 4): Promise<string[]> {
  const registry = app.get(JobRegistry);
  const queue = app.get(QueueGateway);
  registry.verify();
  await app.get(MaintenanceHandlers).arm();
  await queue.process(registry, concurrency);
  const names = registry.names();
  new Logger('Worker').log({ msg: 'worker started', handlers: names });
  return names;
}
