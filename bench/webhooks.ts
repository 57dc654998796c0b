// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { createTestWorkspace, insertCampaigns } from '../test/support/factories';
import { benchDatabase, withCleanups } from './lifecycle';

/**
 * `npm run bench:webhooks`: on a fresh PostgreSQL database, with the in-process worker and a local receiver that
 * answers 204 at once: (1) event-to-delivery latency — a durable usage.budget_warning emitted, one at a time, from
 * before its transaction starts to the receiver getting the signed POST (outbox hand-over, fan-out, delivery);
 * (2) deliveries per second — BENCH_WEBHOOK_EVENTS (default 2000) events emitted in batches of 50, to one endpoint;
 * (3) the outbox's added latency to a generation — the final commit of a generation (one campaign row updated)
 * timed with and without emitting generation.completed, interleaved, BENCH_WEBHOOK_COMMITS (default 300) each.
 */
const LATENCY_RUNS = Number(process.env.BENCH_WEBHOOK_LATENCY_RUNS ?? 200);
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const COMMITS = Number(process.env.BENCH_WEBHOOK_COMMITS ?? 300);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (ms: number) => ms.toFixed(2);

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(cleanups);
    let received = 0;
    // Resolved by the receiver when `received` reaches the awaited count: no polling.
    let awaited: { count: number; resolve: () => void } | undefined;
    const arrivals = (count: number) =>
      new Promise<void>((resolve) => {
        awaited = { count, resolve };
      });
    const waiters = new Map<string, () => void>();
    const receiver = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received++;
        if (awaited && received >= awaited.count) awaited.resolve();
        waiters.get(String(request.headers['webhook-id']))?.();
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const config = parseConfig({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
      COPYDESK_RATE_LIMIT: 'off',
    });
    const app = await buildApp(config, { logger: createLogger('silent') });
    cleanups.push(() => app.close());
    const ws = await createTestWorkspace(app);
    const wsId = ws.workspace.id;
    const em = app.orm.em.fork();
    em.setFilterParams('workspace', { id: wsId });
    const scope = { em, viewer: { apiKeyId: '', role: 'ADMIN', workspace: ws.workspace } } as never;
    const emitWarning = () =>
      app.events.transaction(app.orm.em.fork(), async (_tx, emit) =>
        emit('usage.budget_warning', wsId, {
          apiKeyId: null,
          limit: 'requestsPerDay',
          value: 100,
          used: 80,
          percent: 80,
          resetsAt: new Date().toISOString(),
        }),
      );
    const [campaign] = await insertCampaigns(app, ws.workspace, 1);

    // (3) first, before any endpoint exists and with no deliveries running: only the commit is timed.
    const plain: number[] = [];
    const withEvent: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      for (const emitting of i % 2 === 0 ? [false, true] : [true, false]) {
        const started = performance.now();
        await app.events.transaction(app.orm.em.fork(), async (tx, emit) => {
          await tx
            .getConnection()
            .execute(
              'update campaign set updated_at = now() where id = ?',
              [campaign?.id],
              'run',
              tx.getTransactionContext(),
            );
          if (emitting)
            emit('generation.completed', wsId, {
              jobId: '0',
              campaignId: campaign?.id ?? '',
              stage: 'DONE' as never,
              progress: 1,
              platforms: [],
              variantIds: [],
              flaggedVariantIds: [],
              degraded: false,
              degradedReason: null,
              usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0 },
            });
        });
        (emitting ? withEvent : plain).push(performance.now() - started);
      }
    }

    await app.services.webhooks.create(scope, { url, events: ['*'] });
    await app.startWorker();

    // (1) latency, one event at a time.
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const started = performance.now();
      const arrived = arrivals(received + 1);
      await emitWarning();
      await arrived;
      latencies.push(performance.now() - started);
    }

    // (2) throughput.
    const start = received;
    const t0 = performance.now();
    const allArrived = arrivals(start + EVENTS);
    for (let i = 0; i < EVENTS; i += 50) await Promise.all(Array.from({ length: 50 }, emitWarning));
    await allArrived;
    const seconds = (performance.now() - t0) / 1000;

    console.log(`PostgreSQL at ${db.url.replace(/\/[^/]*$/, '/…')}; receiver on 127.0.0.1, answers 204`);
    console.log(
      `event-to-delivery latency (${LATENCY_RUNS} events, one at a time): p50 ${fmt(pct(latencies, 50))} ms, ` +
        `p95 ${fmt(pct(latencies, 95))} ms, p99 ${fmt(pct(latencies, 99))} ms, max ${fmt(pct(latencies, 100))} ms`,
    );
    console.log(`deliveries per second: ${(EVENTS / seconds).toFixed(0)} (${EVENTS} events, ${seconds.toFixed(2)} s)`);
    const d50 = pct(withEvent, 50) - pct(plain, 50);
    const d95 = pct(withEvent, 95) - pct(plain, 95);
    console.log(
      `generation commit (${COMMITS} each, interleaved): without event p50 ${fmt(pct(plain, 50))} ms / p95 ` +
        `${fmt(pct(plain, 95))} ms; with generation.completed p50 ${fmt(pct(withEvent, 50))} ms / p95 ` +
        `${fmt(pct(withEvent, 95))} ms; outbox adds p50 ${fmt(d50)} ms, p95 ${fmt(d95)} ms`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
