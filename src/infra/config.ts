import { z } from 'zod';
import type { LogFormat } from './logger';

/** An unset or blank variable counts as unset. */
function optional<T extends z.ZodType>(inner: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    inner.optional(),
  );
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The address people reach this API at, for links it hands out (review links); default http://localhost:<PORT>. */
  COPYDESK_PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')),
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  COPYDESK_MODEL: z.string().min(1).default('gpt-4o-mini'),
  COPYDESK_PROVIDER: z.enum(['auto', 'openai', 'offline']).default('auto'),
  COPYDESK_ADMIN_KEY: optional(
    z
      .string()
      .min(32, 'must be at least 32 characters')
      .max(256, 'must be at most 256 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  ),
  COPYDESK_DATA_DIR: z.string().min(1).default('./.copydesk'),
  COPYDESK_EMBEDDED_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(16),
  COPYDESK_WORKER: z.enum(['on', 'off']).default('on'),
  COPYDESK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  COPYDESK_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  COPYDESK_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  COPYDESK_LLM_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(1_800_000).default(120_000),
  COPYDESK_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  COPYDESK_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  COPYDESK_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  COPYDESK_PRICES: optional(
    z
      .string()
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(
        z.record(
          z.string(),
          z.object({ input: z.number().min(0), output: z.number().min(0), cachedInput: z.number().min(0).optional() }),
        ),
      ),
  ),
  COPYDESK_OFFLINE_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(2),
  COPYDESK_TOKEN_FLUSH_MS: z.coerce.number().int().min(0).max(5_000).default(50),
  COPYDESK_QUEUE_PREFIX: z.string().min(1).max(100).default('copydesk'),
  COPYDESK_QUEUE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  COPYDESK_QUEUE_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  COPYDESK_HEALTH_INTERVAL_S: z.coerce.number().min(0.01).max(3_600).default(30),
  COPYDESK_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  COPYDESK_HEALTH_QUEUE_DEPTH: z.coerce.number().int().min(1).default(1_000),
  COPYDESK_HEALTH_QUEUE_AGE_S: z.coerce.number().min(0).default(300),
  COPYDESK_HEALTH_OUTBOX_LAG_S: z.coerce.number().min(0).default(60),
  COPYDESK_HEALTH_EVENT_LOOP_MS: z.coerce.number().min(1).default(200),
  COPYDESK_HEALTH_MEMORY_LIMIT_MB: z.coerce.number().int().min(16).default(1_024),
  COPYDESK_HEALTH_DISK_FREE_MB: z.coerce.number().int().min(0).default(500),
  COPYDESK_INSTANCE_NAME: optional(z.string().min(1).max(100)),
  COPYDESK_MIN_POST_GAP_MINUTES: z.coerce.number().int().min(0).max(1_440).default(60),
  COPYDESK_PUBLISH_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  COPYDESK_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  COPYDESK_OUTBOX_LEASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  COPYDESK_OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(7),
  COPYDESK_METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  COPYDESK_METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  COPYDESK_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  COPYDESK_USAGE_LIMITS: z.enum(['on', 'off']).default('on'),
  COPYDESK_USAGE_FLUSH_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  COPYDESK_USAGE_LIMITS_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  COPYDESK_KEY_ROTATION_GRACE_S: z.coerce.number().int().min(0).max(2_592_000).default(86_400),
  COPYDESK_QUEUE_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  COPYDESK_QUEUE_OUTAGE_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(1_000),
  COPYDESK_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(15_000),
  COPYDESK_RECONCILE_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  COPYDESK_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** GraphQL operations over HTTP one process runs at once (0: no bound); unset: 1 embedded, no bound on PostgreSQL. */
  COPYDESK_HTTP_CONCURRENCY: optional(z.coerce.number().int().min(0).max(10_000)),
  /** README "Outages": the longest a request waits for a database connection, and for Redis to take a job. */
  COPYDESK_DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  COPYDESK_QUEUE_ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  COPYDESK_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** `production` turns introspection, Sandbox and field suggestions off unless COPYDESK_INTROSPECTION=on. */
  NODE_ENV: optional(z.string()),
  COPYDESK_INTROSPECTION: z.enum(['auto', 'on', 'off']).default('auto'),
  /** How long a model answer stays in the LLM response cache; 0 turns the cache off. */
  COPYDESK_CACHE_TTL_S: z.coerce.number().int().min(0).max(31_536_000).default(86_400),
  /** Entries the in-process cache (embedded mode) keeps at most. */
  COPYDESK_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** Characters of answers the in-process cache keeps at most (about 2 bytes each). */
  COPYDESK_CACHE_MAX_CHARS: z.coerce.number().int().min(1_000).max(1_000_000_000).default(16_000_000),
  COPYDESK_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Rate limits (README "Rate limits"): per client IP, per API key, and generations per key, each per minute. */
  COPYDESK_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  COPYDESK_RATE_LIMIT_IP_PER_MIN: z.coerce.number().int().min(1).max(10_000_000).default(1_200),
  COPYDESK_RATE_LIMIT_KEY_PER_MIN: z.coerce.number().int().min(1).max(10_000_000).default(600),
  COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** How many times the STANDARD budgets a HIGH-tier key gets. */
  COPYDESK_RATE_LIMIT_HIGH_FACTOR: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Webhooks (README "Webhooks"): private targets allowed, timeout, retry schedule, failure window. */
  COPYDESK_WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  COPYDESK_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(10).max(120_000).default(15_000),
  COPYDESK_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\s*\d+\s*(ms|s|m|h|d)\s*(,\s*\d+\s*(ms|s|m|h|d)\s*)*$/, 'must be a comma list like 5s,5m,30m')
    .default('5s,5m,30m,2h,5h,10h,10h'),
  COPYDESK_WEBHOOK_JITTER: z.coerce.number().min(0).max(0.5).default(0.1),
  COPYDESK_WEBHOOK_FAILURE_WINDOW_S: z.coerce.number().int().min(0).max(31_536_000).default(432_000),
  COPYDESK_WEBHOOK_ROTATION_GRACE_S: z.coerce.number().int().min(0).max(2_592_000).default(86_400),
  COPYDESK_WEBHOOK_POLL_MS: z.coerce.number().int().min(5).max(3_600_000).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` lines, or `pretty` (pino-pretty, a devDependency); `auto` is pretty when NODE_ENV=development. */
  COPYDESK_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

/** How this process writes its logs (COPYDESK_LOG_FORMAT, `auto` following NODE_ENV). */
export function logFormat(config: Pick<Config, 'NODE_ENV' | 'COPYDESK_LOG_FORMAT'>): LogFormat {
  if (config.COPYDESK_LOG_FORMAT !== 'auto') return config.COPYDESK_LOG_FORMAT;
  return config.NODE_ENV === 'development' ? 'pretty' : 'json';
}

/** The process configuration, parsed once from the environment. */
export type Config = Readonly<z.infer<typeof schema>>;

/** Raised when the environment holds bad values; the message names every bad variable. */
export class ConfigError extends Error {}

/**
 * Parses configuration from an environment-like record. Every bad variable is listed in one error,
 * so an operator fixes them all at once.
 */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

/** Whether clients may see the schema: introspection, the Sandbox page and "Did you mean …?" suggestions. */
export function schemaIsPublic(config: Pick<Config, 'NODE_ENV' | 'COPYDESK_INTROSPECTION'>): boolean {
  if (config.COPYDESK_INTROSPECTION !== 'auto') return config.COPYDESK_INTROSPECTION === 'on';
  return config.NODE_ENV !== 'production';
}
