// Imported first by main.ts: OpenTelemetry patches modules as they load (docs/operations.md "Traces").
import { startTracing } from '#platform/tracing';

startTracing('api');
