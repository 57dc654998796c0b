import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds, from a cached read to a slow model call. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The process's Prometheus metrics (prom-client), served on /metrics. Labels are bounded: operation types, root
 * field names of the schema, error codes, model names from the configuration, outcomes; never an id.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly operationDuration = new Histogram({
    name: 'copydesk_graphql_operation_duration_seconds',
    help: 'GraphQL operations over HTTP, by type and root field, from request to response.',
    labelNames: ['type', 'field'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'copydesk_graphql_errors_total',
    help: 'Errors answered, by code (RATE_LIMITED and QUOTA_EXCEEDED are the refusals of limits).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly llmCalls = new Counter({
    name: 'copydesk_llm_calls_total',
    help: 'Model calls made by generation, by model, operation and whether the response cache answered.',
    labelNames: ['model', 'operation', 'cache'] as const,
    registers: [this.registry],
  });

  readonly llmTokens = new Counter({
    name: 'copydesk_llm_tokens_total',
    help: 'Model tokens, by model and kind (prompt, completion, cached).',
    labelNames: ['model', 'kind'] as const,
    registers: [this.registry],
  });

  readonly llmCost = new Counter({
    name: 'copydesk_llm_cost_usd_total',
    help: 'Model cost in US dollars at list prices, by model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  readonly llmDuration = new Histogram({
    name: 'copydesk_llm_call_duration_seconds',
    help: 'Model call latency, retries and streaming included, by model.',
    labelNames: ['model'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'copydesk_generation_jobs_total',
    help: 'Generation jobs ended in this process, by outcome (succeeded, failed, cancelled).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'copydesk_generation_job_duration_seconds',
    help: 'How long a worker ran a generation job, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  readonly webSockets = new Gauge({
    name: 'copydesk_websocket_connections',
    help: 'Open, authenticated WebSocket connections.',
    registers: [this.registry],
  });

  readonly webSocketOperations = new Gauge({
    name: 'copydesk_websocket_operations',
    help: 'Operations running over WebSockets (subscriptions, mostly).',
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'copydesk_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (succeeded, failed, dead), and endpoints disabled (disabled).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookLatency = new Histogram({
    name: 'copydesk_webhook_delivery_duration_seconds',
    help: 'How long a webhook receiver took to answer one attempt, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge read when Prometheus scrapes (queue depth, outbox lag); a failed read leaves it unset. */
  gauge(name: string, help: string, read: () => Promise<number | null>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const value = await read().catch(() => null);
        if (value !== null) this.set(value);
      },
    });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
