import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { RESPONSE_COMPONENTS, ROUTE_RESPONSES } from './responses.js';

const PROBLEM = {
  type: 'object',
  required: ['title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string', description: 'Vietnamese first' },
    titleEn: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      },
    },
    rules: { type: 'array', items: { $ref: '#/components/schemas/RuleFailure' } },
    currentVersion: { type: 'integer' },
  },
};

/**
 * The OpenAPI document of the API (served at /api/docs, committed as docs/openapi.json): the
 * routes and request DTOs from the decorators, each route's success body from ROUTE_RESPONSES, and
 * RFC 9457 problem+json as every route's error answer.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kết nạp đảng viên — API')
      .setDescription('Case engine for admitting new Party members. Errors are RFC 9457 problem+json, Vietnamese first.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ...RESPONSE_COMPONENTS, Problem: PROBLEM };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [
      string,
      { responses?: Record<string, { description?: string; content?: unknown }> },
    ][]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const declared = ROUTE_RESPONSES[`${method} ${path}`];
      op.responses ??= {};
      if (declared) {
        const status = String(declared.status);
        const existing = op.responses[status] ?? {};
        // A decorator's own schema (the auth routes) wins over the table.
        if (!existing.content) {
          for (const s of Object.keys(op.responses)) if (/^2/.test(s) && s !== status && !op.responses[s]?.content) delete op.responses[s];
          op.responses[status] = {
            description: existing.description ?? '',
            content: Object.fromEntries((declared.mediaTypes ?? ['application/json']).map((m) => [m, { schema: declared.schema }])),
          };
        }
      }
      op.responses.default = {
        description: 'problem+json (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
  return doc;
}
