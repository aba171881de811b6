import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a gauge callback sets at scrape time. */
export type GaugeSetter = (labels: Record<string, string>, value: number) => void;

/**
 * The process's Prometheus metrics (docs/operations.md "Metrics"). One registry per process (and
 * per test app), so several apps in one test never share counters. Counters are incremented where
 * things happen (HTTP, transitions, deadline firing); gauges that describe stored state (outbox,
 * jobs, deadlines, calendar) are read at scrape time by the collectors the apps register.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly transitions: Counter<'event' | 'result'>;
  readonly ruleRefusals: Counter<'rule'>;
  readonly deadlineLateness: Histogram<'timer'>;

  constructor(readonly service: 'api' | 'worker' | 'test') {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'kn_' });
    this.httpDuration = new Histogram({
      name: 'kn_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.transitions = new Counter({
      name: 'kn_transitions_total',
      help: 'Case events applied or refused, by event type and result',
      labelNames: ['event', 'result'],
      registers: [this.registry],
    });
    this.ruleRefusals = new Counter({
      name: 'kn_rule_refusals_total',
      help: 'Unmet blocking rules in refused case events, by rule id',
      labelNames: ['rule'],
      registers: [this.registry],
    });
    this.deadlineLateness = new Histogram({
      name: 'kn_deadline_fire_lateness_seconds',
      help: 'How long after its moment a legal deadline was fired (00:00 Asia/Ho_Chi_Minh of the day after its due date)',
      labelNames: ['timer'],
      buckets: [1, 5, 30, 60, 300, 900, 3600, 6 * 3600, 86400],
      registers: [this.registry],
    });
  }

  /** A gauge whose values are read when Prometheus scrapes (errors leave the gauge empty, never fail the scrape). */
  gauge(name: string, help: string, labelNames: string[], read: (set: GaugeSetter) => Promise<void>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          await read((labels, value) => this.set(labels, value));
        } catch {
          // A scrape during a database hiccup shows the gap rather than failing every metric.
        }
      },
    });
  }

  /** Count one case event's outcome; `rules` are the unmet rule ids of a refusal. */
  transition(event: string, result: 'accepted' | 'refused' | 'notAllowed' | 'conflict' | 'invalid' | 'forbidden' | 'error', rules: string[] = []): void {
    this.transitions.inc({ event, result });
    for (const rule of rules) this.ruleRefusals.inc({ rule });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The request handler of the metrics port: `GET /metrics`, 404 for anything else. */
export function metricsHandler(metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.text().then(
      (body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  };
}

/** `/metrics` on its own port (never the API's: it needs no token and must not be public). Port 0: off. */
export function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<Server | null> {
  if (!port) return Promise.resolve(null);
  const server = createServer(metricsHandler(metrics));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
