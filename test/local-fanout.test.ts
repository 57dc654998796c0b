import { createPubSub } from '@graphql-yoga/subscription';
import { describe, expect, it } from 'vitest';
import { GenerationStage } from '../src/entities';
import { localFanout, MAX_QUEUED, SubscriberTooSlowError } from '../src/infra/local-fanout';
import { TOKEN_MERGE } from '../src/services/generation/generation-stream';
import type { GenerationEventMessage, StreamTopics } from '../src/services/generation/generation-stream.types';

function bus() {
  return localFanout(createPubSub<StreamTopics>(), { generation: TOKEN_MERGE });
}

let clock = 0;
function token(platform: string, variantIndex: number, offset: number, delta: string, epoch = 1) {
  clock += 1;
  return {
    jobId: 'job-1',
    type: 'TOKEN',
    stage: GenerationStage.COPY,
    progress: clock / 1000,
    platform,
    variantIndex,
    delta,
    offset,
    epoch,
    at: new Date(clock).toISOString(),
  } satisfies GenerationEventMessage;
}

function event(type: GenerationEventMessage['type'], extra: Partial<GenerationEventMessage> = {}) {
  clock += 1;
  return {
    jobId: 'job-1',
    type,
    stage: GenerationStage.COPY,
    progress: clock / 1000,
    at: new Date(clock).toISOString(),
    ...extra,
  } satisfies GenerationEventMessage;
}

/** Everything queued for a subscriber, read until the final event. */
async function drain(stream: AsyncIterator<GenerationEventMessage>): Promise<GenerationEventMessage[]> {
  const seen: GenerationEventMessage[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return seen;
    seen.push(next.value);
    if (next.value.type === 'COMPLETED') return seen;
  }
}

/** The text each variant's TOKEN deltas assemble, checking that every delta starts where the text so far ends. */
function texts(events: GenerationEventMessage[]): Map<string, string> {
  const assembled = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'TOKEN') continue;
    const key = `${e.platform}:${e.variantIndex}`;
    const text = assembled.get(key) ?? '';
    expect(e.offset).toBe(text.length);
    assembled.set(key, text + (e.delta ?? ''));
  }
  return assembled;
}

describe('local fan-out of the live streams', () => {
  it('gives every subscriber of a channel every event in order through one subscription, dropped with the last', async () => {
    const pubsub = bus();
    const a = pubsub.subscribe('generation', 'job-1');
    const b = pubsub.subscribe('generation', 'job-1');
    const other = pubsub.subscribe('generation', 'job-2');
    expect(pubsub.channels).toBe(2);
    const readA = a.next();
    const sent = [event('STAGE_STARTED'), token('LINKEDIN', 0, 0, 'Hello'), event('COMPLETED')];
    for (const e of sent) pubsub.publish('generation', 'job-1', e);
    expect((await readA).value).toBe(sent[0]);
    expect(await drain(a)).toEqual(sent.slice(1));
    // b read nothing meanwhile: its queue holds the same events (one TOKEN, nothing to merge it with).
    expect(await drain(b)).toEqual(sent);
    await a.return();
    expect(pubsub.channels).toBe(2);
    await b.return();
    expect(pubsub.channels).toBe(1);
    await other.return();
    expect(pubsub.channels).toBe(0);
    expect(await a.next()).toEqual({ value: undefined, done: true });
  });

  it('merges a lagging subscriber’s TOKEN deltas per variant into fewer events with the same text', async () => {
    const pubsub = bus();
    const reader = pubsub.subscribe('generation', 'job-1');
    const lagging = pubsub.subscribe('generation', 'job-1');
    const published: GenerationEventMessage[] = [event('STAGE_STARTED')];
    const words = ['Meet ', 'the ', 'lamp ', 'that ', 'follows ', 'your ', 'day.'];
    const offsets = new Map<string, number>();
    for (const word of words) {
      for (const [platform, index] of [
        ['LINKEDIN', 0],
        ['LINKEDIN', 1],
        ['TWITTER', 0],
      ] as const) {
        const key = `${platform}:${index}`;
        published.push(token(platform, index, offsets.get(key) ?? 0, word));
        offsets.set(key, (offsets.get(key) ?? 0) + word.length);
      }
      if (word === 'that ') published.push(event('VARIANT_READY', { platform: 'EMAIL', variantIndex: 0 }));
    }
    published.push(event('COMPLETED'));
    const readerSaw: GenerationEventMessage[] = [];
    for (const e of published) {
      pubsub.publish('generation', 'job-1', e);
      const next = await reader.next();
      readerSaw.push(next.value as GenerationEventMessage);
    }
    expect(readerSaw).toEqual(published);

    const lagged = await drain(lagging);
    const full = texts(published);
    expect(texts(lagged)).toEqual(full);
    expect([...full.values()]).toEqual(Array(3).fill(words.join('')));
    // 21 TOKENs became 6: each variant's deltas before the VARIANT_READY, and after it, merged into one.
    expect(lagged.filter((e) => e.type === 'TOKEN')).toHaveLength(6);
    expect(lagged.map((e) => e.type).filter((type) => type !== 'TOKEN')).toEqual([
      'STAGE_STARTED',
      'VARIANT_READY',
      'COMPLETED',
    ]);
    const progress = lagged.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    // A merged event keeps the publication time of its oldest part: its delay is never understated.
    expect(lagged[1]?.at).toBe(published[1]?.at);
  });

  it('never merges across a reset or another attempt of the stream', async () => {
    const pubsub = bus();
    const lagging = pubsub.subscribe('generation', 'job-1');
    const reset = { ...event('TOKEN'), platform: 'LINKEDIN', delta: '', reset: true, epoch: 2 };
    const sent = [
      token('LINKEDIN', 0, 0, 'Old '),
      token('LINKEDIN', 0, 4, 'text'),
      reset,
      token('LINKEDIN', 0, 0, 'New', 2),
      token('LINKEDIN', 0, 0, 'gap', 3),
      event('COMPLETED'),
    ];
    for (const e of sent) pubsub.publish('generation', 'job-1', e);
    // Let the channel deliver everything before the subscriber reads (it lags behind all of it).
    await new Promise((resolve) => setImmediate(resolve));
    const lagged = await drain(lagging);
    expect(lagged.map((e) => [e.delta, e.epoch ?? null])).toEqual([
      ['Old text', 1],
      ['', 2],
      ['New', 2],
      ['gap', 3],
      [undefined, null],
    ]);
  });

  it('drops a subscriber that falls too far behind with an error, not unbounded memory', async () => {
    const pubsub = bus();
    const stalled = pubsub.subscribe('generation', 'job-1');
    const reader = pubsub.subscribe('generation', 'job-1');
    for (let i = 0; i <= MAX_QUEUED; i += 1) {
      pubsub.publish('generation', 'job-1', event('STAGE_STARTED'));
      await reader.next();
    }
    await expect(stalled.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
    expect(await stalled.next()).toEqual({ value: undefined, done: true });
    expect(pubsub.channels).toBe(1);
    await reader.return();
    expect(pubsub.channels).toBe(0);
  });

  it('ends a waiting read at once when the subscriber leaves', async () => {
    const pubsub = bus();
    const stream = pubsub.subscribe('generation', 'job-1');
    const waiting = stream.next();
    await stream.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(pubsub.channels).toBe(0);
  });
});
