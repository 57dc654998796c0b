/**
 * OpenTelemetry entry point, loaded before anything else: `node --require ./dist/src/infra/tracing.js …`, and
 * imported first by src/main.ts so `copydesk serve` and `copydesk worker` need no flag. The instrumentations have to
 * patch http, pg, ioredis and graphql before those modules load, which is why this runs ahead of the config.
 *
 * It is the one file that reads process.env itself (src/infra/config.ts is the reader everywhere else): it runs
 * before the config exists, and the OTEL_* variables are the OpenTelemetry standard ones, read by the SDK itself.
 *
 * Without an OTLP endpoint nothing else is loaded: no SDK, no instrumentation, no cost. Manual spans
 * (src/infra/tracing-api.ts) are then no-ops of @opentelemetry/api.
 */

/** True when the standard variables ask for traces to be exported. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER === 'none';
  return Boolean(endpoint) && !disabled;
}

if (tracingRequested()) {
  // A require, not an import: the SDK's modules are loaded only when traces are wanted.
  const sdk: typeof import('./tracing-sdk') = require('./tracing-sdk');
  sdk.startTracing();
}
