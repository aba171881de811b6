import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { activeTraceIds } from '../telemetry/spans.js';

/** Request-scoped context for log lines (request id, user id). Never personal data. */
export const requestContext = new AsyncLocalStorage<{ requestId: string; userId?: string }>();

/**
 * Keys whose values must never reach a log line, wherever they appear in an object.
 * Personal data (names, citizen ids, birth dates) and secrets.
 */
const REDACT = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie', 'cookie', '*.cookie',
  'citizenId', '*.citizenId', 'fullName', '*.fullName', 'birthDate', '*.birthDate', 'email', '*.email', 'phone', '*.phone',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'ket-nap'): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const ctx = requestContext.getStore();
      // The trace id of the active span (when tracing is on) joins a log line to its trace.
      const ids = activeTraceIds();
      return { ...(ctx ? { requestId: ctx.requestId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {}), ...(ids ?? {}) };
    },
  });
}

/** Nest's LoggerService over pino: structured JSON lines with the request id. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...(message as object) });
    else this.logger[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (stack && !(message instanceof Error)) this.logger.error({ stack, context: rest[rest.length - 1] }, String(message));
    else this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
}
