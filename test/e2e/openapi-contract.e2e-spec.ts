import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { openDemoCase } from '../support/cases.js';
import { s1Events } from '../support/scenarios.js';

/**
 * The HTTP contract (issue 17): the committed docs/openapi.json is the document the code serves
 * (`npm run openapi:generate` rewrites it; the web's types are generated from that file), every
 * operation declares its success body, and the real answers of the main routes satisfy the schemas
 * the document declares for them, so a schema that lies fails here.
 */

jest.setTimeout(180_000);

const FILE = 'docs/openapi.json';
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

let t: TestApp;
let doc: Doc;
let ajv: Ajv;
const validators = new Map<string, ValidateFunction>();

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
function validatorFor(method: string, path: string, status: number): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  const op = doc.paths[path]?.[method];
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the document declares no JSON body for ${key}`);
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile({ $ref: `openapi#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema` });
    validators.set(key, v);
  }
  return v;
}
/** Asserts that a real answer matches the schema the document declares for its route and status. */
function conforms(method: string, path: string, res: { status: number; body: unknown }): void {
  const v = validatorFor(method, path, res.status);
  const ok = v(res.body);
  if (!ok)
    throw new Error(
      `${method.toUpperCase()} ${path} ${res.status} does not match its schema: ${ajv.errorsText(v.errors, { separator: '\n' })}`,
    );
}

/** OpenAPI 3.0's `nullable` beside a $ref (or with no type) in JSON Schema terms, for ajv. */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, jsonSchemaOf(v)])) as Record<string, unknown>;
  if (o.nullable === true && !('type' in o)) {
    delete o.nullable;
    return Object.keys(o).length ? { anyOf: [o, { type: 'null' }] } : {};
  }
  return o;
}

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.app.getHttpServer()).get('/api/docs-json').expect(200)).body as Doc;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(jsonSchemaOf(doc) as object, 'openapi');
});
afterAll(async () => t?.close());

describe('openapi document', () => {
  it('is the committed docs/openapi.json (npm run openapi:generate rewrites it)', () => {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env.UPDATE_DOCS) writeFileSync(FILE, text);
    expect(readFileSync(FILE, 'utf8')).toBe(text);
  });

  it('declares a success answer for every operation: a JSON body, no content, a redirect or a file', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([s]) => /^[23]/.test(s));
        const declared = success.some(([s, r]) => s === '204' || /^3/.test(s) || Object.keys(r.content ?? {}).length > 0);
        if (!declared) missing.push(`${method} ${path}`);
      }
    expect(missing).toEqual([]);
  });
});

describe('real answers match the declared schemas', () => {
  let admin: Client;
  let c: Awaited<ReturnType<typeof openDemoCase>>;
  beforeAll(async () => {
    const seeded = await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    c = await openDemoCase(t.app, admin, seeded);
  });

  it('the validator refuses a body that breaks the schema (the check can fail)', async () => {
    const res = await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    conforms('get', '/api/v1/cases/{id}', res);
    expect(() => conforms('get', '/api/v1/cases/{id}', { status: 200, body: { ...res.body, version: 'one' } })).toThrow(/version/);
    expect(() => conforms('get', '/api/v1/cases/{id}', { status: 200, body: { ...res.body, deadlines: undefined } })).toThrow(/deadlines/);
  });

  it('cases: open, read, record an act, list, log', async () => {
    const ids = c.seeded.organisations;
    const competent = { id: ids['DEMO-XA-AN-HOA']!, kind: 'commune' };
    const ev = await admin.post(`/api/v1/cases/${c.caseId}/events`, s1Events(competent)[0]!, { 'If-Match': `"${c.version}"` });
    expect(ev.status).toBe(200);
    conforms('post', '/api/v1/cases/{id}/events', ev);
    conforms('get', '/api/v1/cases', await admin.get('/api/v1/cases').expect(200));
    conforms('get', '/api/v1/cases/{id}/events', await admin.get(`/api/v1/cases/${c.caseId}/events`).expect(200));
    conforms('get', '/api/v1/cases/{id}/projection', await admin.get(`/api/v1/cases/${c.caseId}/projection`).expect(200));
    conforms('get', '/api/v1/todo', await admin.get('/api/v1/todo').expect(200));
    conforms('get', '/api/v1/cases/{id}/forms', await admin.get(`/api/v1/cases/${c.caseId}/forms`).expect(200));
    conforms('get', '/api/v1/cases/{id}/documents', await admin.get(`/api/v1/cases/${c.caseId}/documents`).expect(200));
    const basis = await admin.get(`/api/v1/cases/${c.caseId}/committee-vote-basis?type=base.admissionVoted&date=2025-10-09`).expect(200);
    conforms('get', '/api/v1/cases/{id}/committee-vote-basis', basis);
    expect(() => conforms('get', '/api/v1/cases/{id}/committee-vote-basis', { status: 200, body: { basis: { ...basis.body.basis, eligible: 'nine' } } })).toThrow(/eligible/);
  });

  it('session, procedure, calendar, inbox', async () => {
    conforms('get', '/api/v1/auth/me', await admin.get('/api/v1/auth/me').expect(200));
    conforms('get', '/api/v1/procedure/events', await admin.get('/api/v1/procedure/events').expect(200));
    conforms('get', '/api/v1/procedure/rules', await admin.get('/api/v1/procedure/rules').expect(200));
    conforms('get', '/api/v1/procedure/diagram', await admin.get('/api/v1/procedure/diagram').expect(200));
    conforms('get', '/api/v1/calendar', await admin.get('/api/v1/calendar').expect(200));
    conforms('get', '/api/v1/notifications', await admin.get('/api/v1/notifications').expect(200));
    conforms('get', '/api/v1/notifications/unread-count', await admin.get('/api/v1/notifications/unread-count').expect(200));
    conforms('get', '/api/v1/notifications/preferences', await admin.get('/api/v1/notifications/preferences').expect(200));
  });

  it('supervision, reports, audit, administration', async () => {
    const org = c.seeded.organisations['DEMO-XA-AN-HOA']!;
    conforms('get', '/api/v1/violations', await admin.get('/api/v1/violations').expect(200));
    conforms('get', '/api/v1/violations', await admin.get('/api/v1/violations?groupBy=rule').expect(200));
    conforms('get', '/api/v1/compliance/checks', await admin.get('/api/v1/compliance/checks').expect(200));
    conforms(
      'get',
      '/api/v1/reports/admissions',
      await admin.get(`/api/v1/reports/admissions?organisationId=${org}&year=2025`).expect(200),
    );
    conforms('get', '/api/v1/reports/targets', await admin.get(`/api/v1/reports/targets?organisationId=${org}&year=2025`).expect(200));
    conforms('get', '/api/v1/reports/coverage', await admin.get(`/api/v1/reports/coverage?organisationId=${org}`).expect(200));
    conforms('get', '/api/v1/reports/pipeline', await admin.get(`/api/v1/reports/pipeline?organisationId=${org}`).expect(200));
    conforms('get', '/api/v1/audit', await admin.get('/api/v1/audit').expect(200));
    conforms('get', '/api/v1/admin/organisations', await admin.get('/api/v1/admin/organisations').expect(200));
    conforms('get', '/api/v1/admin/organisations/{id}', await admin.get(`/api/v1/admin/organisations/${org}`).expect(200));
    conforms('get', '/api/v1/admin/organisations/{id}/subtree', await admin.get(`/api/v1/admin/organisations/${org}/subtree`).expect(200));
    conforms(
      'get',
      '/api/v1/admin/organisations/{id}/settings',
      await admin.get(`/api/v1/admin/organisations/${org}/settings`).expect(200),
    );
    conforms('get', '/api/v1/admin/people/{id}', await admin.get(`/api/v1/admin/people/${c.personId}`).expect(200));
    conforms('get', '/api/v1/admin/users', await admin.get('/api/v1/admin/users').expect(200));
  });
});
