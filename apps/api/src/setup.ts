import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { buildOpenApiDocument } from './openapi/document.js';
import { httpObservability } from './metrics/http-observability.js';
import { AppConfig, bodyParserErrors, createValidationPipe, INPUT_LIMITS, inputGuard, Metrics, paths, ProblemFilter, requestContext, trustedProxies, verifyJsonDepth } from '#platform';

export const API_PREFIX = 'api/v1';

/**
 * Everything the HTTP edge needs, shared by main.ts and the e2e tests so that tests exercise the
 * same pipeline users hit: request ids, security headers, body limits, validation, problem+json.
 */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the configured proxies (none by default: the client
  // address is the TCP peer's, so a client cannot pick its own rate-limit key; docs/security.md).
  const proxies = trustedProxies(config);
  app.set('trust proxy', proxies.length ? proxies : false);
  app.use((req: { headers: Record<string, string | string[] | undefined> }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    requestContext.run({ requestId }, next);
  });
  const metrics = optional(() => app.get(Metrics, { strict: false }));
  app.use(httpObservability(metrics));
  app.use(helmet());
  app.enableCors({
    origin: config.CORS_ORIGINS ? config.CORS_ORIGINS.split(',').map((s) => s.trim()) : false,
    credentials: false,
    exposedHeaders: ['ETag', 'X-Request-Id', 'Location'],
  });
  serveWebUi(app);
  // JSON nested deeper than INPUT_LIMITS.maxDepth is refused from the raw text, before JSON.parse;
  // then every request's path, query and body are checked for prototype keys, NUL and lone surrogates.
  // (Nest's type omits `verify` because it takes it over for `rawBody: true`, which we do not use.)
  const json = { limit: INPUT_LIMITS.jsonBodyBytes, type: ['application/json', 'application/merge-patch+json'], verify: verifyJsonDepth };
  app.useBodyParser('json', json as NestExpressBodyParserOptionsFor<'json'>);
  app.use(bodyParserErrors());
  app.use(inputGuard());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * The web UI (apps/web, built into dist/web) at /, without authentication: only the API calls it
 * makes need a token. Hashed assets (/assets/*) are cached for a year and sent pre-compressed
 * (.gz written at build time) to browsers that accept gzip; index.html is revalidated every time
 * and is the fallback for client routes, never for /api or /health. No build, no UI: the API
 * runs alone.
 */
export function serveWebUi(app: NestExpressApplication, root: string = paths.webDist()): boolean {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return false;
  const assets = path.join(root, 'assets');
  const types: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
  };
  const isApi = (p: string) => p === '/api' || p.startsWith('/api/') || p === '/health' || p.startsWith('/health/');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    if (req.path.startsWith('/assets/')) {
      const file = path.join(assets, path.normalize(req.path.slice('/assets/'.length)).replace(/^(\.\.[/\\])+/, ''));
      if (!file.startsWith(assets + path.sep) || !isFile(file)) return next();
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('Vary', 'Accept-Encoding');
      const type = types[path.extname(file)];
      if (type && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && isFile(`${file}.gz`)) {
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Encoding', 'gzip');
        return res.sendFile(`${file}.gz`);
      }
      return res.sendFile(file);
    }
    // Client routes: a path without a file extension from a browser asking for HTML.
    const wantsHtml = /text\/html/.test(String(req.headers.accept ?? ''));
    if (req.path === '/' || req.path === '/index.html' || (wantsHtml && !path.extname(req.path))) {
      res.setHeader('Cache-Control', 'no-cache');
      return res.sendFile(index);
    }
    return next();
  });
  return true;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A provider the app may not have (test apps built from a few modules have no metrics). */
function optional<T>(get: () => T): T | null {
  try {
    return get();
  } catch {
    return null;
  }
}
