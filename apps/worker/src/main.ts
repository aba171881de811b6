import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, createLogger, loadConfig, loadEnvFile } from '#platform';
import { WorkerModule } from './worker.module.js';
import { startWorker } from './start-worker.js';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const logger = new JsonLogger(createLogger(config.LOG_LEVEL, 'worker'));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  app.enableShutdownHooks();
  await startWorker(app);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
