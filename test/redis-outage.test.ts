import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../src/infra/pubsub';
import { TcpProxy } from './support/tcp-proxy';

/** Live events published while Redis is away: logged, never an unhandled rejection that would end the process. */

const proxy = new TcpProxy(6379);
const lines: { msg?: string }[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
);

beforeAll(() => proxy.open());
afterAll(() => proxy.cut().catch(() => undefined));

describe('the live event bus while Redis is away', () => {
  it('logs the failed publishes once and delivers again when Redis is back', async () => {
    const bus = createEventBus<{ probe: [string, { n: number }] }>(logger, `redis://127.0.0.1:${proxy.port}/0`);
    try {
      const received: number[] = [];
      const events = bus.pubsub.subscribe('probe', 'channel');
      void (async () => {
        for await (const event of events) received.push(event.n);
      })();
      await expect
        .poll(async () => {
          bus.pubsub.publish('probe', 'channel', { n: 1 });
          await new Promise((resolve) => setImmediate(resolve));
          return received.length > 0;
        })
        .toBe(true);

      await proxy.cut();
      for (let n = 2; n < 12; n++) bus.pubsub.publish('probe', 'channel', { n });
      await expect
        .poll(
          () => lines.filter((line) => line.msg === 'could not publish a live event: Redis is unavailable').length,
          {
            timeout: 15_000,
          },
        )
        .toBe(1);

      await proxy.open();
      await expect
        .poll(
          async () => {
            bus.pubsub.publish('probe', 'channel', { n: 100 });
            await new Promise((resolve) => setImmediate(resolve));
            return received.includes(100);
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe(true);
      await events.return?.();
    } finally {
      await bus.close();
    }
  });
});
