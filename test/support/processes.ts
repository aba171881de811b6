import { expect } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../../libs/orgs/src/index.js';
import type { AppConfig } from '../../libs/platform/src/index.js';
import type { TestApp } from './app.js';
import { ensureServerBuilt } from './dist.js';
import { eventually } from './worker.js';

/**
 * Processes of the production build (`dist/`) beside a test's in-process app: the same database,
 * Redis database, queue prefix and keys, so what the test prepared in-process is what they serve.
 * For what only a real process shows: Bull Board (CommonJS, cannot load in Jest), several
 * instances on one Redis, a worker killed with SIGKILL.
 */

export const API_ENTRY = 'dist/apps/api/src/main.js';
export const WORKER_ENTRY = 'dist/apps/worker/src/main.js';

/** A port nothing listens on now. */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** The settings a process shares with the test that starts it. */
export type SharedConfig = Pick<
  AppConfig,
  'DATABASE_URL' | 'REDIS_URL' | 'QUEUE_PREFIX' | 'AUTH_TOKEN_SECRET' | 'DATA_ENCRYPTION_KEY' | 'IDENTITY_HMAC_KEY'
>;

/**
 * The environment of such a process: the test's database, Redis, queue prefix and keys, no .env
 * file, errors only in the log, no metrics port, and no second factor (as in every test,
 * test/support/config.ts: the demo logins sign in with a password alone). `extra` adds or
 * overrides settings.
 */
export function productionEnv(c: SharedConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    ENV_FILE: '/nonexistent',
    DATABASE_URL: c.DATABASE_URL,
    REDIS_URL: c.REDIS_URL,
    QUEUE_PREFIX: c.QUEUE_PREFIX,
    AUTH_TOKEN_SECRET: c.AUTH_TOKEN_SECRET,
    DATA_ENCRYPTION_KEY: c.DATA_ENCRYPTION_KEY,
    IDENTITY_HMAC_KEY: c.IDENTITY_HMAC_KEY,
    LOG_LEVEL: 'error',
    MFA_REQUIRED_ROLES: '',
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    ...extra,
  };
}

/** Starts one process of the production build (its stderr goes to the test's). */
export function spawnProduction(entry: string, c: SharedConfig, extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [entry], { env: productionEnv(c, extra), stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Ends each process that still runs and waits for its exit. */
export async function stopProcesses(children: readonly ChildProcess[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    }
  }
}

export interface Replicas {
  /** The port of each API process, in start order. */
  readonly ports: readonly number[];
  /** The base URL of API `i`. */
  url(i: number): string;
  /** One JSON request to API `i`, with a bearer token when given. */
  call(i: number, method: string, path: string, token?: string, body?: object): Promise<Response>;
  /** Signs in on API `i` (200 expected) and returns the access token. */
  signIn(i: number, username: string, password?: string): Promise<string>;
  /** Stops every process started here. */
  stop(): Promise<void>;
}

/**
 * `apis` API processes and `workers` worker processes of the production build on the test app's
 * database and Redis, each API answering /health/ready before this returns. `env` is given to
 * every one of them (each API gets its own PORT).
 */
export async function startReplicas(t: TestApp, opts: { apis: number; workers?: number; env?: Record<string, string> }): Promise<Replicas> {
  ensureServerBuilt(API_ENTRY);
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < opts.apis; i++) ports.push(await freePort());
  for (const port of ports) children.push(spawnProduction(API_ENTRY, t.config, { ...opts.env, PORT: String(port) }));
  for (let k = 0; k < (opts.workers ?? 0); k++) children.push(spawnProduction(WORKER_ENTRY, t.config, { ...opts.env }));

  const url = (i: number) => `http://127.0.0.1:${ports[i]}`;
  const call = (i: number, method: string, path: string, token?: string, body?: object) =>
    fetch(`${url(i)}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const replicas: Replicas = {
    ports,
    url,
    call,
    async signIn(i, username, password = DEMO_PASSWORD) {
      const r = await call(i, 'POST', '/api/v1/auth/login', undefined, { username, password });
      expect(r.status).toBe(200);
      const { accessToken } = (await r.json()) as { accessToken?: string };
      expect(accessToken).toEqual(expect.any(String));
      return accessToken!;
    },
    stop: () => stopProcesses(children),
  };
  try {
    for (let i = 0; i < ports.length; i++)
      await eventually(
        () =>
          call(i, 'GET', '/health/ready').then(
            (r) => r.ok,
            () => false,
          ),
        60_000,
        250,
      );
  } catch (e) {
    await replicas.stop();
    throw e;
  }
  return replicas;
}
