import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, JsonLogger, Metrics, createLogger, loadConfig, loadEnvFile, startMetricsServer } from '#platform';
import { QueueGateway } from '#scheduling';
import { mountQueueBoard } from '#scheduling/bootstrap';
import { AppModule } from './app.module.js';
import { configureApp } from './setup.js';
import { queueBoardAuthorizer } from './notifications/queue-board-auth.js';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const logger = new JsonLogger(createLogger(config.LOG_LEVEL, 'api'));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bodyParser: false });
  configureApp(app);
  // Bull Board for administrators only (bootstrap-only: it cannot load under Jest, see docs/operations.md).
  mountQueueBoard(app, app.get(QueueGateway), { path: '/api/v1/admin/queues', authorize: queueBoardAuthorizer(app) });
  await app.listen(app.get(AppConfig).PORT, '0.0.0.0');
  logger.log(`API listening on :${config.PORT} (/api/v1, /api/docs, /health)`, 'Bootstrap');
  await startMetricsServer(app.get(Metrics), config.METRICS_PORT, config.METRICS_HOST).then(
    (s) => s && logger.log(`metrics on ${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`, 'Bootstrap'),
    (e: Error) => logger.error(`metrics port ${config.METRICS_PORT} unavailable: ${e.message}`, undefined, 'Bootstrap'),
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
