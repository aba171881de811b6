// Tracing first: it starts OpenTelemetry and its ES module loader hook, which sees only the modules
// loaded after it. An ES module's static imports are all loaded before its body runs, so the
// application (serve.ts) is imported here, dynamically, once tracing is in place.
import './tracing.js';

await import('./serve.js');
