import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SMTPServer } from 'smtp-server';
import { APP_GUARD } from '@nestjs/core';
import { AuthHttpModule } from '../../apps/api/src/auth/auth-http.module.js';
import { AuthGuard } from '../../apps/api/src/auth/auth.guard.js';
import { NotificationsApiModule } from '../../apps/api/src/notifications/notifications-api.module.js';
import { configureApp } from '../../apps/api/src/setup.js';
import { OrgsModule } from '../../libs/orgs/src/index.js';
import { NotificationHandlers } from '../../apps/worker/src/notification.handlers.js';
import { NotificationsModule } from '../../libs/notifications/src/index.js';
import { ConfigModule, DatabaseModule, type AppConfig } from '../../libs/platform/src/index.js';
import { JOB_NAMES, JobRegistry, QueueGateway, SchedulingModule } from '../../libs/scheduling/src/index.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The API and a worker application context on one fresh database, one Redis db and one queue prefix. */
export interface NotificationsStack {
  app: NestExpressApplication;
  worker: INestApplicationContext;
  db: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

export async function startNotificationsStack(overrides: Record<string, string>): Promise<NotificationsStack> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, overrides);
  // The API's notification side with the real global authentication guard and login (not the whole
  // AppModule: the suite must not depend on features it does not exercise).
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('ket-nap-api-test'), SchedulingModule.forRoot(), OrgsModule, AuthHttpModule, NotificationsApiModule],
    providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  // The worker's notification side only (the other handlers belong to other suites): the real
  // NotificationHandlers on the real queue; jobs of other features are refused if they ever come.
  const workerRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('ket-nap-worker-test'), SchedulingModule.forRoot(), NotificationsModule],
    providers: [NotificationHandlers],
  }).compile();
  const worker = workerRef.createNestApplication({ logger: false });
  await worker.init();
  return {
    app,
    worker,
    db,
    config,
    close: async () => {
      await worker.close();
      await app.close();
      await db.drop();
    },
  };
}

/** Arm the notification jobs and start taking jobs, as apps/worker/src/start-worker.ts does. */
export async function startNotificationWorker(worker: INestApplicationContext, concurrency = 2): Promise<void> {
  const registry = worker.get(JobRegistry);
  const registered = new Set<string>(registry.names());
  for (const name of JOB_NAMES) {
    if (!registered.has(name))
      registry.register(name, async () => {
        throw new Error(`job ${name} is not part of the notifications suite`);
      });
  }
  await worker.get(NotificationHandlers).arm();
  await worker.get(QueueGateway).process(registry, concurrency);
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  header(name: string): string | undefined;
  /** The text/plain part, decoded. */
  text(): string;
}

/** An SMTP sink (smtp-server) on a random local port, keeping every message it accepts. */
export async function startSmtpSink(): Promise<{ url: string; messages: ReceivedMail[]; close(): Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          header: (name) => headerOf(raw, name),
          text: () => textPart(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return m?.[1]?.trim();
}

function textPart(raw: string): string {
  const idx = raw.search(/Content-Type: text\/plain/i);
  if (idx < 0) return '';
  const part = raw.slice(idx);
  const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const joined = rest.join('\n\n');
  const body = boundary ? (joined.split(`--${boundary}`)[0] ?? '') : joined;
  if (/quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (/base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver (node:http): answers each path with the status `statusFor` gives, recording every call. */
export async function startWebhookReceiver(statusFor: (path: string) => number): Promise<{ base: string; calls: ReceivedHook[]; close(): Promise<void> }> {
  const calls: ReceivedHook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      calls.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statusFor(path);
      res.end('');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
