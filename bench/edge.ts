// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parse, specifiedRules, validate } from 'graphql';
import { buildApp } from '../src/app';
import { RateLimitTier, WORKSPACE_FILTER } from '../src/entities';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { createRedis, type Redis } from '../src/infra/redis';
import { buildCopydeskSchema } from '../src/resolvers';
import { limitRules } from '../src/server/limits';
import { RateLimitService } from '../src/services/rate-limit/rate-limit.service';
import type { Viewer } from '../src/services/viewer';
import { benchDatabase, withCleanups } from './lifecycle';
import { pageQuery } from './query';
import { createWorkspace } from './seed';

/**
 * `npm run bench:edge`: what the per-request edge costs — authentication (one SQL statement), rate limiting (IP and
 * key, Redis), cost analysis (GraphQL Armor's depth, alias and cost rules on top of graphql's own validation) and
 * usage metering (counting the request) — each timed on its own in one process against PostgreSQL and Redis, in
 * the production shape. The figure is the sum of the parts' medians against the same request with them off.
 * BENCH_ITERATIONS (default 3000) sets the samples per part; BENCH_REDIS_URL picks another Redis.
 */

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3_000);
const WARMUP = Math.min(300, ITERATIONS);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Median and p95 of `work`'s duration in ms, over ITERATIONS runs after WARMUP. */
async function timed(work: (i: number) => Promise<unknown> | unknown): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

async function commandsProcessed(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
}

/** Runs `work` and checks that it talked to Redis (not to the in-memory insurance limiter). */
async function redisCommands<T>(redis: Redis, work: () => Promise<T>): Promise<T> {
  const before = await commandsProcessed(redis);
  const result = await work();
  const sent = (await commandsProcessed(redis)) - before;
  if (sent < ITERATIONS * 2) throw new Error(`rate limiting sent only ${sent} Redis commands: Redis was not used`);
  return result;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const database = await benchDatabase(cleanups);
    const prefix = `bench-edge-${randomBytes(3).toString('hex')}`;
    const config = parseConfig({
      DATABASE_URL: database.url,
      REDIS_URL,
      COPYDESK_QUEUE_PREFIX: prefix,
      COPYDESK_WORKER: 'off',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger('silent');
    const app = await buildApp(config, { logger });
    cleanups.push(() => app.close());
    const { apiKey } = await createWorkspace(app, 'edge');
    const header = `Bearer ${apiKey}`;
    const redis = createRedis(REDIS_URL, logger);
    await redis.ping();
    cleanups.push(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    // The app's own budgets, raised so that thousands of samples are never refused: the cost measured is the same.
    const rateLimits = new RateLimitService({
      enabled: true,
      ipPerMin: 100_000_000,
      keyPerMin: 100_000_000,
      generationPerMin: 100_000_000,
      highFactor: config.COPYDESK_RATE_LIMIT_HIGH_FACTOR,
      prefix,
      redis,
    });
    const viewer: Viewer = await app.services.apiKeys.authenticate(app.orm.em.fork(), header);
    const standard: Viewer = { ...viewer, rateLimitTier: RateLimitTier.STANDARD };
    const schema = await buildCopydeskSchema();
    const document = parse(pageQuery(20));

    const parts = {
      authentication: await timed(() => app.services.apiKeys.authenticate(app.orm.em.fork(), header)),
      'rate limiting (IP + key)': await redisCommands(redis, async () =>
        timed(async (i) => {
          await rateLimits.ip(`10.0.${i % 250}.1`);
          await rateLimits.key(standard);
        }),
      ),
      'validation, graphql rules only': await timed(() => validate(schema, document, specifiedRules)),
      'validation, with the Armor limits': await timed(() =>
        validate(schema, document, [...specifiedRules, ...limitRules]),
      ),
      'usage metering (count the request)': await timed(() => app.services.usage.countRequest(viewer)),
    };
    const cost = parts['validation, with the Armor limits'].p50 - parts['validation, graphql rules only'].p50;
    const added =
      parts.authentication.p50 +
      parts['rate limiting (IP + key)'].p50 +
      cost +
      parts['usage metering (count the request)'].p50;

    // Under a requests-per-day limit every request is counted in PostgreSQL under a row lock instead.
    const em = app.orm.em.fork();
    em.setFilterParams(WORKSPACE_FILTER, { id: viewer.workspace.id });
    await app.services.usage.setLimits({ em, viewer }, { requestsPerDay: 2_000_000_000 });
    const limited = await timed(() => app.services.usage.countRequest(viewer));

    console.log(`\nPer-request edge, ${ITERATIONS} samples each (PostgreSQL and Redis on this machine)\n`);
    console.log('| part | p50 | p95 |\n|---|---:|---:|');
    for (const [name, figures] of Object.entries(parts))
      console.log(`| ${name} | ${ms(figures.p50)} | ${ms(figures.p95)} |`);
    console.log(`| usage metering under a requests-per-day limit | ${ms(limited.p50)} | ${ms(limited.p95)} |`);
    console.log(`\nCost analysis alone (difference of the validation medians): ${ms(cost)}`);
    console.log(`Added per request at p50 (authentication + rate limiting + cost analysis + metering): ${ms(added)}`);
    console.log(`Target ≤ 0.300 ms: ${added <= 0.3 ? 'met' : 'missed'}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
