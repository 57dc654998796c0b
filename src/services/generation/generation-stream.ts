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
import type { GenerationEventMessage, StreamTopics } from './generation-stream.types';

/** The live streams' transport: in-process, or Redis pub/sub so any API instance streams any worker's events. */
export type StreamBus = PubSub<StreamTopics>;

const FINAL_TYPE: Partial<Record<JobStatus, GenerationEventMessage['type']>> = {
  [JobStatus.SUCCEEDED]: 'COMPLETED',
  [JobStatus.FAILED]: 'FAILED',
  [JobStatus.CANCELLED]: 'CANCELLED',
};

/**
 * The adapter from generation's domain events to the live streams (`generationProgress`, `moderationResults`),
 * wired at the composition root in the process where the events happen.
 */
export function relayGenerationEvents(hub: EventHub, bus: StreamBus): void {
  const send = (event: Omit<GenerationEventMessage, 'at'>, at: string) =>
    bus.publish('generation', event.jobId, { ...event, at });
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
    if (event.type !== 'TOKEN' || !event.platform || event.epoch == null) return event;
    const known = this.epochs.get(event.platform) ?? 0;
    if (event.epoch < known) return null;
    if (event.reset) {
      if (event.epoch === known) return null;
      this.epochs.set(event.platform, event.epoch);
      for (const key of this.lengths.keys()) if (key.startsWith(`${event.platform}:`)) this.lengths.delete(key);
      return event;
    }
    if (event.epoch > known) this.epochs.set(event.platform, event.epoch);
    const key = `${event.platform}:${event.variantIndex}`;
    const held = event.epoch > known ? 0 : (this.lengths.get(key) ?? 0);
    const offset = event.offset ?? 0;
    const delta = event.delta ?? '';
    this.lengths.set(key, Math.max(held, offset + delta.length));
    if (offset + delta.length <= held) return null;
    if (offset >= held) return event;
    return { ...event, delta: delta.slice(held - offset), offset: held };
  }
}

function isStreamingToken(event: GenerationEventMessage): boolean {
  return event.type === 'TOKEN' && !event.reset && event.platform != null && event.epoch != null;
}

/**
 * How a subscriber that falls behind receives fewer, larger TOKEN events (the live streams' `merges`): a delta is
 * appended to the same variant's TOKEN still queued for it when it continues that one exactly (same attempt, next
 * offset), past other variants' TOKENs but never past any other event. The text the subscriber assembles is the
 * same; it keeps the older event's publication time, and its progress unless it is the newest queued event (so
 * progress never goes back).
 */
export const TOKEN_MERGE: Merge = {
  merge(queued, next, latest) {
    const [a, b] = [queued as GenerationEventMessage, next as GenerationEventMessage];
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
 * costs its subscriber one promise here (this runs for every subscriber of a job on every event).
 */
export function followJob(
  bus: StreamBus,
  scratchpad: Scratchpad,
  scope: Scope,
  jobId: string,
): AsyncIterableIterator<GenerationEventMessage> {
  const live = bus.subscribe('generation', jobId);
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
