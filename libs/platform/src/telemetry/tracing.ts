// OpenTelemetry for a process: imported FIRST by apps/api and apps/worker main.ts (before Nest,
// express, pg and ioredis load, so their instrumentations can patch them). Imports nothing of ours.
// The build is ES modules (docs/adr/0006-one-module-format.md): a package that is imported rather
// than required is patched only through import-in-the-middle's loader hook, registered here, and
// only modules loaded after it are seen, so main.ts imports the application dynamically afterwards.
// On only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTel variables apply:
// OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_SCHEDULE_DELAY...).
import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';

let sdk: NodeSDK | null = null;

/** The packages instrumented below: the loader hook wraps these and nothing else. */
const INSTRUMENTED = ['express', 'pg', 'pg-pool', 'ioredis'];

/** Start tracing for this process when an OTLP endpoint is configured; returns whether it started. */
export function startTracing(service: string): boolean {
  if (sdk || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: INSTRUMENTED } });
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? `ket-nap-${service}`,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health probes and metrics scrapes are noise in traces.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
        // Query values that carry personal data or one-time secrets never reach a span: searched
        // names, the SSO callback's code and state, tokens.
        redactedQueryParamsServer: ['q', 'search', 'name', 'person', 'code', 'state', 'sso', 'token', 'email', 'sig', 'signature'],
      }),
      new ExpressInstrumentation(),
      // Statement text only, never the parameters (they hold personal data).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  const stop = () => void sdk?.shutdown().catch(() => undefined);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return true;
}

/** Flush and stop (tests, orderly shutdown). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = null;
}
