import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AuditService } from '../../libs/audit/src/index.js';
import { Metrics, metricsHandler } from '../../libs/platform/src/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openDemoCase } from '../support/cases.js';
import { login, seedDemo, type Client } from '../support/http.js';
import { startTestWorker } from '../support/worker.js';

/**
 * `/metrics` of the API and of the worker in the Prometheus text format (issue 21): HTTP latency
 * by route template, transitions by event and result, rule refusals by rule id, jobs, outbox,
 * deadlines by calendar status, calendar years; and the Grafana dashboard and alert rules of
 * docs/operations name only metrics that exist.
 */
/** The value of one sample, whatever the order of its labels (undefined when absent). */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*)\{(.*)\} (\S+)$/i.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.keys(labels).length === Object.keys(got).length && Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('metrics', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Client;
  const servers: Server[] = [];

  const serve = async (m: Metrics): Promise<string> => {
    const server = createServer(metricsHandler(m));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/other`)).status).toBe(404);
    return `${base}/metrics`;
  };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    await seedDemo(t.app);
    admin = await login(t.app, 'admin');
    worker = await startTestWorker(t.config, false);
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await worker?.close();
    await t?.close();
  });

  it('the API counts HTTP requests by route template, transitions by result and refusals by rule', async () => {
    await admin.post('/api/v1/admin/clock', { to: '2025-01-10T03:00:00Z' }).expect(200);
    const c = await openDemoCase(t.app, admin);
    await admin.get(`/api/v1/cases/${c.caseId}`).expect(200);
    // A probationary member cannot be the helper (PROC-HELPER): refused by the rules.
    const refused = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: { memberId: 'dv-x', name: 'Lê Văn Dự Bị', memberStatus: 'probationary' } },
      { 'If-Match': `"${c.version}"` },
    );
    expect(refused.status).toBe(422);
    const accepted = await admin.post(
      `/api/v1/cases/${c.caseId}/events`,
      { type: 'sympathiser.listed', resolutionDate: '2025-01-06', helper: { memberId: 'dv-minh', name: 'Trần Văn Minh', memberStatus: 'full' } },
      { 'If-Match': `"${c.version}"` },
    );
    expect(accepted.status).toBe(200);

    const body = await fetch(await serve(t.app.get(Metrics))).then((r) => r.text());
    expect(sample(body, 'kn_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/cases/:id', status: '200', service: 'api' })).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'kn_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/cases/:id/events', status: '422', service: 'api' })).toBe(1);
    expect(body).not.toContain(c.caseId); // no ids in labels
    expect(sample(body, 'kn_transitions_total', { event: 'sympathiser.listed', result: 'refused', service: 'api' })).toBe(1);
    expect(sample(body, 'kn_transitions_total', { event: 'sympathiser.listed', result: 'accepted', service: 'api' })).toBe(1);
    const rules = (refused.body.rules ?? []) as { id: string }[];
    expect(rules.map((r) => r.id)).toContain('PROC-HELPER');
    for (const r of rules) expect(sample(body, 'kn_rule_refusals_total', { rule: r.id, service: 'api' })).toBe(1);
    expect(sample(body, 'kn_db_pool_connections', { state: 'total', service: 'api' })).toBeGreaterThanOrEqual(1);
  });

  it('the worker reports jobs, the outbox, deadlines by calendar status and the calendar years', async () => {
    // The API chains its committed audit entries in the background (at most every 100 ms): wait for
    // that first, or the gauge read at the scrape and the count read after it see two moments.
    await t.app.get(AuditService).flush();
    const body = await fetch(await serve(worker.get(Metrics))).then((r) => r.text());
    expect(sample(body, 'kn_jobs', { state: 'delayed', service: 'worker' })).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'kn_outbox_pending', { service: 'worker' })).toBeGreaterThanOrEqual(0);
    const [pending] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_outbox`);
    expect(sample(body, 'kn_audit_pending', { service: 'worker' })).toBe(pending.n);
    expect(sample(body, 'kn_audit_lag_seconds', { service: 'worker' })).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'kn_deadlines_pending', { calendar_status: 'awaitingCalendar', service: 'worker' })).toBe(0);
    const [db] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'pending'`);
    const statuses = ['confirmed', 'provisional', 'awaitingCalendar', 'noEdition'];
    expect(statuses.reduce((n, s) => n + (sample(body, 'kn_deadlines_pending', { calendar_status: s, service: 'worker' }) ?? NaN), 0)).toBe(db.n);
    expect(sample(body, 'kn_calendar_year', { year: '2026', status: 'confirmed', service: 'worker' })).toBe(1);
    // The settable clock says 2025: next year (2026) is in the shipped calendar.
    expect(sample(body, 'kn_calendar_next_year_known', { year: '2026', service: 'worker' })).toBe(1);
  });

  it('the Grafana dashboard and the alert rules name only metrics that exist', async () => {
    const known = new Set<string>();
    for (const m of [t.app.get(Metrics), worker.get(Metrics)]) {
      for (const line of (await m.text()).split('\n')) {
        const name = /^# TYPE (\S+) (\S+)/.exec(line);
        if (!name) continue;
        known.add(name[1]!);
        if (name[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) known.add(name[1]! + s);
      }
    }
    const dashboard = JSON.parse(readFileSync('docs/operations/grafana-dashboard.json', 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const alerts = readFileSync('docs/operations/alerts.yml', 'utf8');
    const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr)), ...[...alerts.matchAll(/expr: (.+)/g)].map((m) => m[1]!)];
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const named = new Set(exprs.flatMap((e) => e.match(/\bkn_[a-z0-9_]+/g) ?? []));
    expect(named.size).toBeGreaterThanOrEqual(12);
    for (const n of named) expect([n, known.has(n)]).toEqual([n, true]);
  });
});
