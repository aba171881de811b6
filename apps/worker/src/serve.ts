import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, Metrics, createLogger, loadConfig, loadEnvFile, startMetricsServer } from '#platform';
import { WorkerModule } from './worker.module.js';
import { startWorker } from './start-worker.js';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const logger = new JsonLogger(createLogger(config.LOG_LEVEL, 'worker'));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  app.enableShutdownHooks();
  await startWorker(app);
  await startMetricsServer(app.get(Metrics), config.WORKER_METRICS_PORT, config.METRICS_HOST).then(
    (s) => s && logger.log(`metrics on ${config.METRICS_HOST}:${config.WORKER_METRICS_PORT}/metrics`, 'Bootstrap'),
    (e: Error) => logger.error(`metrics port ${config.WORKER_METRICS_PORT} unavailable: ${e.message}`, undefined, 'Bootstrap'),
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
