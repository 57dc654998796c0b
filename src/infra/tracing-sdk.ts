import { diag } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Longest SQL text a span carries; a batch insert can be far longer. */
const MAX_SQL = 2_000;

/**
 * The SQL text as a span may carry it: MikroORM inlines the values into the text, so string literals (API key
 * hashes, webhook secrets, briefs) become `?`; numbers and keywords stay.
 */
export function sqlForSpan(text: string): string {
  const masked = text.replace(/\b[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|\$\$[\s\S]*?\$\$/g, '?');
  return masked.length > MAX_SQL ? `${masked.slice(0, MAX_SQL)}…` : masked;
}

/** Probes and scrapes: frequent, and nothing to learn from a span each. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts the OpenTelemetry SDK (only src/infra/tracing.ts calls this, when an OTLP endpoint is set). The exporter,
 * protocol, headers, sampler and batch settings come from the standard OTEL_* variables, read by the SDK.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeSDK {
  // Traces only: metrics stay with prom-client on /metrics, logs with pino. Either can still be asked for.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const named = Boolean(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    serviceName: named ? undefined : 'copydesk',
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      // Names the server span after the route ("POST /graphql"); one span per middleware would be noise.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.REQUEST_HANDLER],
      }),
      // Trivial resolvers (plain properties) and list items would make thousands of spans for a big page.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, depth: 4 }),
      // Database and Redis work inside a request, a job or an event: pollers and BullMQ's idle loops are not traced.
      new PgInstrumentation({
        requireParentSpan: true,
        requestHook: (span, { query }) => {
          if (query.text) span.setAttribute('db.query.text', sqlForSpan(query.text));
        },
      }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      // openai 6 calls the model with fetch (undici), which the http instrumentation does not see.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  // Spans still buffered when the event loop empties (a CLI command ends) are sent before the process exits;
  // `copydesk serve` and `worker` flush on SIGTERM through flushTraces() (src/main.ts).
  process.once('beforeExit', () => {
    sdk.shutdown().catch((error: unknown) => diag.error('trace export at exit failed', error));
  });
  return sdk;
}
