import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/index.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import { testConfig } from '../support/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ensureServerBuilt } from '../support/dist.js';
import { API_ENTRY, freePort, productionEnv, stopProcesses } from '../support/processes.js';
import { eventually } from '../support/worker.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** The instrumentation that made the span (added by the receiver below). */
  scope?: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}

/**
 * OpenTelemetry (issue 21): the production build of the API with OTEL_EXPORTER_OTLP_ENDPOINT set
 * exports its spans over OTLP/HTTP to a collector (here a small receiver the test runs): the HTTP
 * request, the transition's decision and transaction, and the SQL statements inside it share one
 * trace, and the access log line carries that trace's id.
 */
describe('traces over OTLP', () => {
  let db: TestDatabase;
  let api: ChildProcess;
  let receiver: Server;
  const spans: OtlpSpan[] = [];
  const logs: Record<string, unknown>[] = [];
  let base = '';

  beforeAll(async () => {
    ensureServerBuilt('dist/apps/api/src/main.js');
    db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'tracing-test', poolSize: 2 }));
    await ds.initialize();
    await seedDemoOrgs(ds);
    await ds.destroy();

    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] };
          for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans.map((sp) => ({ ...sp, scope: ss.scope.name })));
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const collector = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [API_ENTRY], {
      env: productionEnv(testConfig(db.url), {
        PORT: String(port),
        CLOCK_CONTROL: 'true',
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    api.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) {
        try {
          logs.push(JSON.parse(l) as Record<string, unknown>);
        } catch {
          // not a JSON line
        }
      }
    });
    await eventually(() => fetch(`${base}/health/ready`).then((r) => r.ok, () => false), 150_000, 250);
  }, 240_000);

  afterAll(async () => {
    if (api) await stopProcesses([api]);
    await new Promise((r) => receiver?.close(r));
    await db?.drop();
  }, 60_000);

  const call = async (method: string, path: string, token?: string, body?: object, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> };
  };

  it('one trace holds the HTTP request, the decision, the transaction and its SQL; the access log names the trace', async () => {
    const login = await call('POST', '/api/v1/auth/login', undefined, { username: 'admin', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    await call('POST', '/api/v1/admin/clock', token, { to: '2025-01-10T03:00:00Z' });
    const orgs = await call('GET', '/api/v1/admin/organisations', token);
    const items = orgs.body as unknown as { id: string; code: string }[];
    const cell = items.find((o) => o.code === 'DEMO-CB-SINHVIEN')!;
    const person = await call('POST', '/api/v1/admin/people', token, {
      organisationId: cell.id,
      fullName: 'Người Thử Vết',
      birthDate: '2003-03-03',
      sex: 'male',
      ethnicity: 'Kinh',
      occupation: 'student',
      educationLevel: 'upperSecondary',
    });
    expect(person.status).toBe(201);
    const opened = await call('POST', '/api/v1/cases', token, { personId: person.body.id, organisationId: cell.id, candidate: { youthUnionMember: true } });
    expect(opened.status).toBe(201);
    const listed = await call(
      'POST',
      `/api/v1/cases/${opened.body.id as string}/events`,
      token,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
      { 'If-Match': `"${String(opened.body.version)}"` },
    );
    expect(listed.status).toBe(200);

    const transaction = await eventually(async () => spans.find((s) => s.name === 'case.transaction'), 20_000, 100);
    const trace = () => spans.filter((s) => s.traceId === transaction.traceId);
    // The server span ends (and is exported) last.
    await eventually(async () => trace().some((s) => s.name === 'POST /api/v1/cases/:id/events' && !s.parentSpanId), 20_000, 100);
    const inTrace = trace();
    expect(inTrace.some((s) => s.name === 'case.decide')).toBe(true);
    const sql = inTrace.filter((s) => /^pg\.query/.test(s.name));
    expect(sql.length).toBeGreaterThan(1);
    // Each instrumented package is patched in the ES module build (express is imported by Nest, not
    // required: tracing.ts registers the loader hook for it); Redis calls (the session generation)
    // belong to the same request.
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-express' && s.name.startsWith('request handler'))).toBe(true);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-ioredis')).toBe(true);
    // No statement parameters (personal data) in the spans.
    expect(JSON.stringify(inTrace)).not.toContain('Người Thử Vết');

    await eventually(async () => logs.some((l) => l.msg === 'request' && l.traceId === transaction.traceId), 10_000, 100);
    const line = logs.find((l) => l.msg === 'request' && l.traceId === transaction.traceId)!;
    expect(line).toMatchObject({ method: 'POST', route: '/api/v1/cases/:id/events', status: 200 });
  }, 120_000);
});
