import { createPubSub } from '@graphql-yoga/subscription';
import { describe, expect, it } from 'vitest';
import { GenerationStage, Platform } from '../src/entities';
import { localFanout } from '../src/infra/local-fanout';
import { createLogger } from '../src/infra/logger';
import { EventHub } from '../src/services/events/domain-events';
import { relayGenerationEvents, TOKEN_MERGE } from '../src/services/generation/generation-stream';
import type { GenerationEventMessage, StreamTopics } from '../src/services/generation/generation-stream.types';

/** The live streams as the composition root wires them: domain events → relay → local fan-out. */
function streams() {
  const hub = new EventHub(createLogger('silent'));
  const bus = localFanout(createPubSub<StreamTopics>(), { generation: TOKEN_MERGE, generationBatched: TOKEN_MERGE });
  relayGenerationEvents(hub, bus);
  return { hub, bus };
}

type Hub = ReturnType<typeof streams>['hub'];
const moment = (progress: number) => ({
  jobId: 'job-1',
  campaignId: 'campaign-1',
  stage: GenerationStage.COPY,
  progress,
});

/** One flush of the publisher: a delta per variant, published in one synchronous burst. */
function flush(hub: Hub, progress: number, deltas: [Platform, number, number, string][], epoch = 0) {
  for (const [platform, variantIndex, offset, delta] of deltas) {
    hub.publish('generation.token', 'ws-1', {
      ...moment(progress),
      platform,
      variantIndex,
      delta,
      offset,
      epoch,
      reset: false,
    });
  }
}

async function drain(stream: AsyncIterator<GenerationEventMessage>, count: number) {
  const seen: GenerationEventMessage[] = [];
  while (seen.length < count) seen.push((await stream.next()).value as GenerationEventMessage);
  return seen;
}

/** Each variant's text as a TOKENS reader assembles it, checking that every delta continues the text so far. */
function texts(events: GenerationEventMessage[]): Map<string, string> {
  const assembled = new Map<string, string>();
  for (const token of events.flatMap((e) => e.tokens ?? [])) {
    const key = `${token.platform}:${token.variantIndex}`;
    const text = assembled.get(key) ?? '';
    expect(token.offset).toBe(text.length);
    assembled.set(key, text + token.delta);
  }
  return assembled;
}

describe('TOKENS: each flush of deltas as one event (generationProgress with batchTokens)', () => {
  it('gathers a flush into one TOKENS event on the batched topic, sent before the next event, while the plain topic gets a TOKEN per delta', async () => {
    const { hub, bus } = streams();
    const plain = bus.subscribe('generation', 'job-1');
    const batched = bus.subscribe('generationBatched', 'job-1');
    flush(hub, 0.3, [
      [Platform.LINKEDIN, 0, 0, 'Meet '],
      [Platform.LINKEDIN, 1, 0, 'Say hello '],
      [Platform.TWITTER, 0, 0, 'New: '],
    ]);
    hub.publish('generation.stage_started', 'ws-1', { ...moment(0.5), stage: GenerationStage.REVIEW });
    flush(hub, 0.6, [[Platform.LINKEDIN, 0, 5, 'Lumo.']]);
    hub.publish('generation.token', 'ws-1', {
      ...moment(0.6),
      platform: Platform.TWITTER,
      variantIndex: null,
      delta: '',
      offset: 0,
      epoch: 1,
      reset: true,
    });
    flush(
      hub,
      0.7,
      [
        [Platform.TWITTER, 0, 0, 'Again'],
        [Platform.LINKEDIN, 1, 10, 'to Lumo.'],
      ],
      1,
    );
    await new Promise((resolve) => setImmediate(resolve));

    const one = await drain(plain, 8);
    expect(one.map((e) => [e.type, e.platform ?? null, e.delta ?? null])).toEqual([
      ['TOKEN', 'LINKEDIN', 'Meet '],
      ['TOKEN', 'LINKEDIN', 'Say hello '],
      ['TOKEN', 'TWITTER', 'New: '],
      ['STAGE_STARTED', null, null],
      ['TOKEN', 'LINKEDIN', 'Lumo.'],
      ['TOKEN', 'TWITTER', ''],
      ['TOKEN', 'TWITTER', 'Again'],
      ['TOKEN', 'LINKEDIN', 'to Lumo.'],
    ]);
    const many = await drain(batched, 5);
    expect(many.map((e) => e.type)).toEqual(['TOKENS', 'STAGE_STARTED', 'TOKENS', 'TOKEN', 'TOKENS']);
    expect(many[0]?.tokens).toEqual([
      { platform: 'LINKEDIN', variantIndex: 0, delta: 'Meet ', offset: 0, epoch: 0 },
      { platform: 'LINKEDIN', variantIndex: 1, delta: 'Say hello ', offset: 0, epoch: 0 },
      { platform: 'TWITTER', variantIndex: 0, delta: 'New: ', offset: 0, epoch: 0 },
    ]);
    // A reset is not a delta: it comes as the TOKEN it is, between the flushes around it.
    expect(many[3]).toMatchObject({ type: 'TOKEN', platform: 'TWITTER', reset: true, epoch: 1 });
    expect(many[4]?.tokens?.map((t) => t.delta)).toEqual(['Again', 'to Lumo.']);
    // The events other than deltas are the very objects the plain topic carries.
    expect(many[1]).toEqual(one[3]);
    expect(many[4]).toMatchObject({ progress: 0.7, stage: 'COPY', at: one[6]?.at });
    await Promise.all([plain.return(), batched.return()]);
  });

  it('merges a lagging subscriber’s queued TOKENS events into one per run, with the same text', async () => {
    const { hub, bus } = streams();
    const reader = bus.subscribe('generationBatched', 'job-1');
    const lagging = bus.subscribe('generationBatched', 'job-1');
    const words = ['Meet ', 'the ', 'lamp ', 'that ', 'follows ', 'your ', 'day.'];
    const offsets = new Map<string, number>();
    const variants: [Platform, number][] = [
      [Platform.LINKEDIN, 0],
      [Platform.LINKEDIN, 1],
      [Platform.TWITTER, 0],
    ];
    const readerSaw: GenerationEventMessage[] = [];
    for (const [i, word] of words.entries()) {
      // Not every variant writes in every flush.
      const writing = variants.filter((_, v) => (i + v) % 3 !== 2 || i === words.length - 1 || i === 0);
      flush(
        hub,
        (i + 1) / 10,
        writing.map(([platform, index]) => {
          const key = `${platform}:${index}`;
          const offset = offsets.get(key) ?? 0;
          offsets.set(key, offset + word.length);
          return [platform, index, offset, word];
        }),
      );
      readerSaw.push(...(await drain(reader, 1)));
      if (i === 3) {
        hub.publish('generation.stage_started', 'ws-1', moment(0.45));
        readerSaw.push(...(await drain(reader, 1)));
      }
    }
    expect(readerSaw.map((e) => e.type)).toEqual([
      ...Array(4).fill('TOKENS'),
      'STAGE_STARTED',
      ...Array(3).fill('TOKENS'),
    ]);

    const lagged = await drain(lagging, 3);
    // Eight events became three: the four flushes before STAGE_STARTED in one, the three after it in another.
    expect(lagged.map((e) => e.type)).toEqual(['TOKENS', 'STAGE_STARTED', 'TOKENS']);
    expect(texts(lagged)).toEqual(texts(readerSaw));
    for (const batch of lagged.filter((e) => e.type === 'TOKENS')) {
      const keys = (batch.tokens ?? []).map((t) => `${t.platform}:${t.variantIndex}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    // The merged event keeps its oldest part's publication time and the newest progress.
    expect(lagged[0]?.at).toBe(readerSaw[0]?.at);
    expect(lagged[2]?.progress).toBe(0.7);
    await Promise.all([reader.return(), lagging.return()]);
  });
});
