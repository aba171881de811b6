import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { AppConfig, ProblemFilter, createValidationPipe, requestContext } from '#platform';

export const API_PREFIX = 'api/v1';

/**
 * Everything the HTTP edge needs, shared by main.ts and the e2e tests so that tests exercise the
 * same pipeline users hit: request ids, security headers, body limits, validation, problem+json.
 */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req: { headers: Record<string, string | string[] | undefined> }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    requestContext.run({ requestId }, next);
  });
  app.use(helmet());
  app.enableCors({
    origin: config.CORS_ORIGINS ? config.CORS_ORIGINS.split(',').map((s) => s.trim()) : false,
    credentials: false,
    exposedHeaders: ['ETag', 'X-Request-Id', 'Location'],
  });
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/merge-patch+json'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kết nạp đảng viên — API')
      .setDescription('Case engine for admitting new Party members. Errors are RFC 9457 problem+json, Vietnamese first.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
