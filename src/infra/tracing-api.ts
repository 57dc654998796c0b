import {
  type Attributes,
  isSpanContextValid,
  type Link,
  ProxyTracerProvider,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Manual spans and the trace id on log lines. Everything here goes through @opentelemetry/api, which is a no-op
 * until src/infra/tracing.ts starts the SDK: without OTEL_EXPORTER_OTLP_ENDPOINT these cost a function call.
 */
const tracer = trace.getTracer('copydesk');

export interface SpanOptions {
  /**
   * Start a trace of its own, linked to the caller's span. For work that outlives the request that asked for it
   * (a generation job run by the in-process queue, an outbox event), so a request's trace ends with the request.
   */
  root?: boolean;
}

/**
 * Runs `fn` inside a new active span: database, Redis and HTTP calls it makes become its children. A throw marks the
 * span as an error (the exception recorded) and is rethrown; the span ends when `fn` settles.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const parent = trace.getActiveSpan()?.spanContext();
  const links: Link[] = options.root && parent && isSpanContextValid(parent) ? [{ context: parent }] : [];
  return tracer.startActiveSpan(name, { attributes, links, root: options.root }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the active span, if any (e.g. what a job turned out to be once loaded). */
export function annotateSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/**
 * `trace_id` and `span_id` of the active span, for pino's mixin: log lines join their trace. A new object every time:
 * pino merges the line's fields into what the mixin returns.
 */
export function traceFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : {};
}

/** Sends the spans still buffered (before a process exits); resolves at once without the SDK. */
export async function flushTraces(): Promise<void> {
  const global = trace.getTracerProvider();
  const provider: object = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  if ('forceFlush' in provider && typeof provider.forceFlush === 'function') await provider.forceFlush();
}
