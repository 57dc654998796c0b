import type { PubSub } from '@graphql-yoga/subscription';
import { ContentVariant, GenerationJob, GenerationStage, JobStatus } from '../../entities';
import type { Merge } from '../../infra/local-fanout';
import type { Scratchpad } from '../../infra/scratchpad';
import type { EventHub } from '../events/domain-events';
import type { Scope } from '../viewer';
import {
  eventFromJob,
  FINAL_EVENTS,
  parseStreamState,
  type StreamProgress,
  streamKey,
  variantMessage,
} from './generation-events';
import type { GenerationEventMessage, StreamTopics, TokenDeltaMessage } from './generation-stream.types';

/** The live streams' transport: in-process, or Redis pub/sub so any API instance streams any worker's events. */
export type StreamBus = PubSub<StreamTopics>;

const FINAL_TYPE: Partial<Record<JobStatus, GenerationEventMessage['type']>> = {
  [JobStatus.SUCCEEDED]: 'COMPLETED',
  [JobStatus.FAILED]: 'FAILED',
  [JobStatus.CANCELLED]: 'CANCELLED',
};

/**
 * Each flush's TOKEN deltas of one job, gathered while the publisher sends them (one synchronous burst) and sent
 * on the batched topic as one TOKENS event when the burst ends, or before any other event of the job, so the
 * order of events is the same on both topics.
 */
class TokenBatches {
  private readonly pending = new Map<string, GenerationEventMessage>();

  constructor(private readonly bus: StreamBus) {}

  add(token: GenerationEventMessage & { platform: string; variantIndex: number }): void {
    const delta = {
      platform: token.platform,
      variantIndex: token.variantIndex,
      delta: token.delta ?? '',
      offset: token.offset ?? 0,
      epoch: token.epoch ?? 0,
    };
    const batch = this.pending.get(token.jobId);
    if (batch) {
      batch.tokens?.push(delta);
      batch.stage = token.stage;
      batch.progress = Math.max(batch.progress, token.progress);
      return;
    }
    const { jobId, stage, progress, at } = token;
    this.pending.set(jobId, { jobId, type: 'TOKENS', stage, progress, tokens: [delta], at });
    queueMicrotask(() => this.flush(jobId));
  }

  /** Sends the job's gathered deltas, if any, then `next` (an event that is not a streaming delta) after them. */
  flush(jobId: string, next?: GenerationEventMessage): void {
    const batch = this.pending.get(jobId);
    if (batch) {
      this.pending.delete(jobId);
      this.bus.publish('generationBatched', jobId, batch);
    }
    if (next) this.bus.publish('generationBatched', jobId, next);
  }
}

/**
 * The adapter from generation's domain events to the live streams (`generationProgress`, `moderationResults`),
 * wired at the composition root in the process where the events happen. Every job event goes to `generation`
 * as it is, and to `generationBatched` with each flush's TOKEN deltas gathered into one TOKENS event.
 */
export function relayGenerationEvents(hub: EventHub, bus: StreamBus): void {
  const batches = new TokenBatches(bus);
  const send = (event: Omit<GenerationEventMessage, 'at'>, at: string) => {
    const message = { ...event, at };
    bus.publish('generation', event.jobId, message);
    if (message.type === 'TOKEN' && !message.reset && message.platform && message.variantIndex != null) {
      batches.add(message as GenerationEventMessage & { platform: string; variantIndex: number });
    } else batches.flush(event.jobId, message);
  };
  const moment = (p: { jobId: string; stage: GenerationEventMessage['stage']; progress: number }) => ({
    jobId: p.jobId,
    stage: p.stage,
    progress: p.progress,
  });
  hub.on('generation.stage_started', (e) => send({ ...moment(e.payload), type: 'STAGE_STARTED' }, e.occurredAt));
  hub.on('generation.token', ({ payload: p, occurredAt }) =>
    send(
      p.reset
        ? { ...moment(p), type: 'TOKEN', platform: p.platform, delta: '', reset: true, epoch: p.epoch }
        : {
            ...moment(p),
            type: 'TOKEN',
            platform: p.platform,
            variantIndex: p.variantIndex,
            delta: p.delta,
            offset: p.offset,
            epoch: p.epoch,
          },
      occurredAt,
    ),
  );
  hub.on('generation.variant_ready', ({ payload: p, occurredAt }) => {
    send(
      {
        ...moment(p),
        type: 'VARIANT_READY',
        platform: p.variant.platform,
        variantIndex: p.variant.position,
        variant: p.variant,
      },
      occurredAt,
    );
    bus.publish('moderation', p.campaignId, {
      campaignId: p.campaignId,
      variantId: p.variant.id,
      platform: p.variant.platform,
      result: p.moderation,
      at: occurredAt,
    });
  });
  hub.on('generation.completed', (e) => send({ ...moment(e.payload), type: 'COMPLETED' }, e.occurredAt));
  hub.on('generation.failed', (e) =>
    send({ ...moment(e.payload), type: 'FAILED', message: e.payload.message }, e.occurredAt),
  );
  hub.on('generation.cancelled', (e) =>
    send({ ...moment(e.payload), type: 'CANCELLED', message: e.payload.message }, e.occurredAt),
  );
}

/** What a snapshot already holds, so live events that overlap it are skipped or trimmed. */
class Catchup {
  private readonly variantIds: Set<string>;
  private readonly epochs: Map<string, number>;
  private readonly lengths = new Map<string, number>();

  constructor(state: StreamProgress, variantIds: string[]) {
    this.variantIds = new Set(variantIds);
    this.epochs = state.epochs;
    for (const p of state.partials) this.lengths.set(`${p.platform}:${p.variantIndex}`, p.text.length);
  }

  /** The event as this subscriber needs it after its snapshot: as is, trimmed, or null when already held. */
  admit(event: GenerationEventMessage): GenerationEventMessage | null {
    if (event.type === 'VARIANT_READY') return event.variant && this.variantIds.has(event.variant.id) ? null : event;
    if (event.type === 'TOKENS') return this.admitBatch(event);
    if (event.type !== 'TOKEN' || !event.platform || event.epoch == null) return event;
    if (event.reset) {
      const known = this.epochs.get(event.platform) ?? 0;
      if (event.epoch <= known) return null;
      this.epochs.set(event.platform, event.epoch);
      for (const key of this.lengths.keys()) if (key.startsWith(`${event.platform}:`)) this.lengths.delete(key);
      return event;
    }
    const offset = event.offset ?? 0;
    const delta = event.delta ?? '';
    const skip = this.skipOf(event.platform, event.variantIndex ?? 0, event.epoch, offset, delta.length);
    if (skip === null) return null;
    return skip === 0 ? event : { ...event, delta: delta.slice(skip), offset: offset + skip };
  }

  /** A TOKENS event with each delta admitted as a TOKEN would be; null when the snapshot holds all of them. */
  private admitBatch(event: GenerationEventMessage): GenerationEventMessage | null {
    const tokens = event.tokens ?? [];
    let admitted: TokenDeltaMessage[] | undefined;
    tokens.forEach((token, i) => {
      const skip = this.skipOf(token.platform, token.variantIndex, token.epoch, token.offset, token.delta.length);
      if (skip === 0 && !admitted) return;
      admitted ??= tokens.slice(0, i);
      if (skip === 0) admitted.push(token);
      else if (skip !== null) admitted.push({ ...token, delta: token.delta.slice(skip), offset: token.offset + skip });
    });
    if (!admitted) return event;
    return admitted.length === 0 ? null : { ...event, tokens: admitted };
  }

  /**
   * How many leading characters of a delta the snapshot already holds (0: none, send it as is), or null when it
   * holds all of them or the delta belongs to an attempt older than the snapshot's.
   */
  private skipOf(platform: string, variantIndex: number, epoch: number, offset: number, length: number) {
    const known = this.epochs.get(platform) ?? 0;
    if (epoch < known) return null;
    if (epoch > known) this.epochs.set(platform, epoch);
    const key = `${platform}:${variantIndex}`;
    const held = epoch > known ? 0 : (this.lengths.get(key) ?? 0);
    this.lengths.set(key, Math.max(held, offset + length));
    if (offset + length <= held) return null;
    return Math.max(0, held - offset);
  }
}

function isStreamingToken(event: GenerationEventMessage): boolean {
  return event.type === 'TOKEN' && !event.reset && event.platform != null && event.epoch != null;
}

/**
 * Two TOKENS events as one: each variant's delta of `b` appended to the same variant's in `a` (it must continue it
 * exactly), or added after `a`'s; undefined when one does not continue. At most one delta per variant, so a
 * merged event stays as large as one flush of every variant.
 */
function mergeBatches(a: GenerationEventMessage, b: GenerationEventMessage, latest: boolean) {
  if (a.jobId !== b.jobId) return undefined;
  const tokens = [...(a.tokens ?? [])];
  for (const token of b.tokens ?? []) {
    const i = tokens.findIndex((t) => t.platform === token.platform && t.variantIndex === token.variantIndex);
    if (i < 0) {
      tokens.push(token);
      continue;
    }
    const held = tokens[i] as TokenDeltaMessage;
    if (held.epoch !== token.epoch || held.offset + held.delta.length !== token.offset) return undefined;
    tokens[i] = { ...held, delta: held.delta + token.delta };
  }
  return { ...a, tokens, progress: latest ? Math.max(a.progress, b.progress) : a.progress };
}

/**
 * How a subscriber that falls behind receives fewer, larger TOKEN events (the live streams' `merges`): a delta is
 * appended to the same variant's TOKEN still queued for it when it continues that one exactly (same attempt, next
 * offset), past other variants' TOKENs but never past any other event. A TOKENS event is merged into the TOKENS
 * event queued just before it. The text the subscriber assembles is the same; it keeps the older event's
 * publication time, and its progress unless it is the newest queued event (so progress never goes back).
 */
export const TOKEN_MERGE: Merge = {
  merge(queued, next, latest) {
    const [a, b] = [queued as GenerationEventMessage, next as GenerationEventMessage];
    if (a.type === 'TOKENS' && b.type === 'TOKENS') return mergeBatches(a, b, latest);
    if (!isStreamingToken(a) || !isStreamingToken(b)) return undefined;
    if (a.jobId !== b.jobId || a.platform !== b.platform || a.variantIndex !== b.variantIndex) return undefined;
    const delta = a.delta ?? '';
    if (a.epoch !== b.epoch || (a.offset ?? 0) + delta.length !== b.offset) return undefined;
    return { ...a, delta: delta + (b.delta ?? ''), progress: latest ? Math.max(a.progress, b.progress) : a.progress };
  },
  passes(queued, next) {
    const [a, b] = [queued as GenerationEventMessage, next as GenerationEventMessage];
    return (
      isStreamingToken(a) && a.jobId === b.jobId && (a.platform !== b.platform || a.variantIndex !== b.variantIndex)
    );
  },
};

const DONE: IteratorResult<GenerationEventMessage> = Object.freeze({ value: undefined, done: true });

/**
 * The job's stream: its SNAPSHOT, then live events (trimmed to what the snapshot does not hold) until the final
 * one. Subscribing to the live feed comes first, so no event falls between it and the snapshot (one published
 * meanwhile is queued). When the client leaves, `return()` ends the live feed at once, even while the stream
 * waits for the next event or for the snapshot. Written as a plain iterator, not an async generator: a live event
 * costs its subscriber one promise here (this runs for every subscriber of a job on every event). `batched`
 * follows the topic where each flush's deltas come as one TOKENS event.
 */
export function followJob(
  bus: StreamBus,
  scratchpad: Scratchpad,
  scope: Scope,
  jobId: string,
  batched = false,
): AsyncIterableIterator<GenerationEventMessage> {
  const live = bus.subscribe(batched ? 'generationBatched' : 'generation', jobId);
  /** start → reading (the snapshot) → live | final → ending (the final event went out) → done. */
  let state: 'start' | 'reading' | 'final' | 'live' | 'ending' | 'done' = 'start';
  let snapshotProgress = 0;
  let catchup: Catchup | undefined;
  let finalEvent: GenerationEventMessage | null = null;

  const finish = (): Promise<IteratorResult<GenerationEventMessage>> => {
    state = 'done';
    return live.return().then(() => DONE);
  };
  const fail = (error: unknown): Promise<never> => {
    state = 'done';
    return live.return().then(() => Promise.reject(error));
  };
  const fromLive = (
    next: IteratorResult<GenerationEventMessage>,
  ): IteratorResult<GenerationEventMessage> | Promise<IteratorResult<GenerationEventMessage>> => {
    if (state === 'done') return DONE;
    if (next.done) return finish();
    // Events published before the snapshot was read are older than it; progress never goes back. A final event
    // always ends the stream, whatever progress it carries.
    if (next.value.progress < snapshotProgress && !FINAL_EVENTS.has(next.value.type)) return pull();
    const event = catchup?.admit(next.value);
    if (!event) return pull();
    if (FINAL_EVENTS.has(event.type)) state = 'ending';
    return { value: event, done: false };
  };
  const pull = (): Promise<IteratorResult<GenerationEventMessage>> => live.next().then(fromLive, fail);

  return {
    next(): Promise<IteratorResult<GenerationEventMessage>> {
      switch (state) {
        case 'start':
          state = 'reading';
          return readSnapshot(scratchpad, scope, jobId).then((read) => {
            if (state === 'done') return DONE;
            snapshotProgress = read.snapshot.progress;
            catchup = read.catchup;
            finalEvent = read.final;
            state = finalEvent ? 'final' : 'live';
            return { value: read.snapshot, done: false };
          }, fail);
        case 'live':
          return pull();
        case 'final':
          state = 'ending';
          return Promise.resolve({ value: finalEvent as GenerationEventMessage, done: false });
        default:
          return finish();
      }
    },
    // The live feed ends at once, so a reader waiting for the next event gets `done` now.
    return: finish,
    throw: fail,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * SNAPSHOT + later events reconstruct the whole job: the row's stage and progress, the variants already finished
 * and, for each variant still streaming, its text so far. Read in that order, each after subscribing.
 */
async function readSnapshot(scratchpad: Scratchpad, scope: Scope, jobId: string) {
  const job = await scope.em.findOneOrFail(GenerationJob, { id: jobId }, { refresh: true });
  // Before COPY nothing has streamed and no variant exists: the COPY stage is stored before its first event, so a
  // row that still shows QUEUED or OUTLINE (read after subscribing) means every copy event is still to come live.
  const copying = job.stage !== GenerationStage.QUEUED && job.stage !== GenerationStage.OUTLINE;
  const state = parseStreamState(copying ? await scratchpad.read(streamKey(jobId)) : {});
  const rows = copying
    ? await scope.em.find(
        ContentVariant,
        { job: jobId },
        { orderBy: [{ platform: 'asc' }, { position: 'asc' }], refresh: true },
      )
    : [];
  const variants = rows.map(variantMessage);
  const finished = new Set(variants.map((v) => `${v.platform}:${v.position}`));
  const partials = state.partials
    .filter((p) => !finished.has(`${p.platform}:${p.variantIndex}`))
    .sort((a, b) => a.platform.localeCompare(b.platform) || a.variantIndex - b.variantIndex);
  const finalType = FINAL_TYPE[job.status];
  const snapshot: GenerationEventMessage = {
    ...eventFromJob(job, 'SNAPSHOT'),
    variants,
    partials: finalType ? [] : partials,
  };
  return {
    snapshot,
    catchup: new Catchup(
      state,
      variants.map((v) => v.id),
    ),
    final: finalType ? eventFromJob(job, finalType) : null,
  };
}
