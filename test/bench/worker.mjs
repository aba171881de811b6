// The bench worker: the real WorkerModule from dist/ taking jobs (deadline.wake, compliance.reaudit,
// ...), without the outbox relay and sweeper loops, so that only the jobs the benchmark arms run.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { loadConfig } = require('./dist/libs/platform/src/index.js');
const { WorkerModule } = require('./dist/apps/worker/src/worker.module.js');
const { startWorker } = require('./dist/apps/worker/src/start-worker.js');

const config = loadConfig();
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
app.enableShutdownHooks();
await startWorker(app, 4, false);
process.stdout.write('BENCH-WORKER-READY\n');
