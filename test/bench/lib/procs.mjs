// The real API and a bench worker as child processes from dist/, with production settings.
/* global setTimeout, clearTimeout, fetch */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import { QUEUE_PREFIX, REDIS_URL, log } from './common.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Production settings, the bench database, Redis db 14 with the bench's own queue prefix. */
export function benchEnv(databaseUrl, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX,
    AUTH_TOKEN_SECRET: randomBytes(32).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    IDENTITY_HMAC_KEY: randomBytes(32).toString('base64'),
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    // The per-user write limit (600/min) would cap one load generator at 10 writes/s: lifted, stated in docs/performance.md.
    RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    // The load generator signs in with passwords: no second factor for its admin and department users (docs/performance.md).
    MFA_REQUIRED_ROLES: '',
    CLOCK_CONTROL: 'false',
    APP_ROOT: process.cwd(),
    // No .env of a developer is read (ENV_FILE points nowhere).
    ENV_FILE: path.join(process.cwd(), 'tmp', 'bench-no-such.env'),
    // /metrics of the bench's processes: off unless asked for (a Prometheus watching the run).
    METRICS_PORT: process.env.BENCH_METRICS_PORT ?? '0',
    WORKER_METRICS_PORT: process.env.BENCH_WORKER_METRICS_PORT ?? '0',
    ...extra,
  };
}

function spawnNode(args, env, name) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (d) => {
    tail.push(String(d));
    if (tail.length > 50) tail.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    if (code && code !== 0) log(`${name} exited ${code} ${signal ?? ''}: ${tail.join('').slice(-1500)}`);
  });
  child.tail = tail;
  return child;
}

export async function startApi(databaseUrl, { nodeArgs = [], env = {} } = {}) {
  const port = await freePort();
  const child = spawnNode([...nodeArgs, 'dist/apps/api/src/main.js'], benchEnv(databaseUrl, { PORT: String(port), ...env }), 'api');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited: ${child.tail.join('').slice(-2000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`api not ready: ${child.tail.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, child, stop: () => stopChild(child) };
}

/** The bench worker: the real WorkerModule taking jobs, without the relay and sweeper loops. */
export async function startWorker(databaseUrl) {
  const child = spawnNode(['test/bench/worker.mjs'], benchEnv(databaseUrl), 'worker');
  const deadline = Date.now() + 60_000;
  while (!child.tail.join('').includes('BENCH-WORKER-READY')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${child.tail.join('').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`worker not ready: ${child.tail.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, stop: () => stopChild(child) };
}

export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
