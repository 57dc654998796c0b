import { type ContentVariant, type GenerationJob, GenerationStage, type Platform } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { Scratchpad } from '../../infra/scratchpad';
import type { DomainEvents } from '../events/domain-events';
import type { ModerationResult } from '../moderation/moderation.types';
import type { GenerationEventMessage, PartialVariantMessage, VariantMessage } from './generation-stream.types';

/** Event types that end a job's stream. */
export const FINAL_EVENTS: ReadonlySet<GenerationEventMessage['type']> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function variantMessage(
  variant: Pick<
    ContentVariant,
    'id' | 'platform' | 'position' | 'title' | 'body' | 'hashtags' | 'characterCount' | 'status' | 'createdAt'
  >,
): VariantMessage {
  return {
    id: variant.id,
    platform: variant.platform,
    position: variant.position,
    title: variant.title ?? null,
    body: variant.body,
    hashtags: variant.hashtags,
    characterCount: variant.characterCount,
    status: variant.status,
    createdAt: variant.createdAt.toISOString(),
  };
}

/** The event a job's row stands for: SNAPSHOT, or the final event of a finished job. */
export function eventFromJob(job: GenerationJob, type: GenerationEventMessage['type']): GenerationEventMessage {
  return {
    jobId: job.id,
    type,
    stage: job.stage,
    progress: job.progress,
    message: type === 'FAILED' || type === 'CANCELLED' ? (job.error ?? null) : null,
    at: new Date().toISOString(),
  };
}

/** Scratchpad fields of a job's stream: the epoch of each platform, the text so far of each variant. */
const epochField = (platform: string) => `e:${platform}`;
const textField = (platform: string, index: number) => `t:${platform}:${index}`;
export const streamKey = (jobId: string) => `stream:${jobId}`;

/** A job's live stream state as a late subscriber reads it. */
export interface StreamProgress {
  /** The current stream attempt of each platform (0 before any reset). */
  epochs: Map<string, number>;
  partials: PartialVariantMessage[];
}

export function parseStreamState(fields: Record<string, string>): StreamProgress {
  const epochs = new Map<string, number>();
  const partials: PartialVariantMessage[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const [kind, platform = '', index] = field.split(':');
    if (kind === 'e') epochs.set(platform, Number(value));
    else if (kind === 't') partials.push({ platform, variantIndex: Number(index), text: value });
  }
  return { epochs, partials };
}

export interface JobEventPublisherOptions {
  events: DomainEvents;
  scratchpad: Scratchpad;
  job: Pick<GenerationJob, 'id'> & { campaignId: string; workspaceId: string };
  /** At most one TOKEN event per variant per this many milliseconds, however fast the model writes. */
  flushMs: number;
  logger: Logger;
}

/**
 * Publishes one job's transient events. TOKEN deltas are buffered per variant and flushed every `flushMs`, so the
 * event rate stays bounded; any other event first flushes what is buffered, so order is kept. Each flush first
 * records every variant's text so far in the scratchpad, then publishes: an event a late subscriber missed is
 * always in the state it reads after subscribing (SNAPSHOT.partials), and offsets let it skip what it holds.
 */
export class JobEventPublisher {
  private readonly buffers = new Map<string, { platform: Platform; index: number; text: string }>();
  /** This attempt's text so far per variant, and each platform's epoch. */
  private readonly texts = new Map<string, string>();
  private readonly epochs = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  stage: GenerationStage = GenerationStage.QUEUED;
  progress = 0;

  constructor(private readonly options: JobEventPublisherOptions) {}

  /** Continues the epochs an earlier attempt of the job left in the scratchpad. */
  async resume(): Promise<void> {
    const state = parseStreamState(await this.options.scratchpad.read(streamKey(this.options.job.id)));
    for (const [platform, epoch] of state.epochs) this.epochs.set(platform, epoch);
  }

  /** Progress never decreases: a lower value is ignored. */
  advance(stage: GenerationStage, progress: number): void {
    this.stage = stage;
    this.progress = Math.max(this.progress, Math.min(1, progress));
  }

  token(platform: Platform, index: number, delta: string): void {
    if (!delta) return;
    const key = textField(platform, index);
    const buffer = this.buffers.get(key);
    if (buffer) buffer.text += delta;
    else this.buffers.set(key, { platform, index, text: delta });
    this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  /** Everything streamed for this platform is void: drop its text and tell subscribers to start over. */
  reset(platform: Platform): void {
    for (const [key, buffer] of this.buffers) if (buffer.platform === platform) this.buffers.delete(key);
    const moment = this.moment();
    this.enqueue(async () => {
      const voided = [...this.texts.keys()].filter((key) => key.startsWith(`t:${platform}:`));
      for (const key of voided) this.texts.delete(key);
      const pad = this.options.scratchpad;
      const stored = parseStreamState(await pad.read(streamKey(moment.jobId))).partials;
      await pad.remove(streamKey(moment.jobId), [
        ...new Set([
          ...voided,
          ...stored.filter((p) => p.platform === platform).map((p) => textField(p.platform, p.variantIndex)),
        ]),
      ]);
      const epoch = await pad.increment(streamKey(moment.jobId), epochField(platform));
      this.epochs.set(platform, epoch);
      this.options.events.publish('generation.token', this.options.job.workspaceId, {
        ...moment,
        platform,
        variantIndex: null,
        delta: '',
        offset: 0,
        epoch,
        reset: true,
      });
    });
  }

  /** Sends the buffered deltas now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffers.size === 0) return;
    const moment = this.moment();
    const batch = [...this.buffers.values()];
    this.buffers.clear();
    this.enqueue(async () => {
      const updates: Record<string, string> = {};
      const tokens = batch.map(({ platform, index, text }) => {
        const key = textField(platform, index);
        const before = this.texts.get(key) ?? '';
        this.texts.set(key, before + text);
        updates[key] = before + text;
        return { platform, index, text, offset: before.length, epoch: this.epochs.get(platform) ?? 0 };
      });
      await this.options.scratchpad.set(streamKey(moment.jobId), updates);
      for (const token of tokens) {
        this.options.events.publish('generation.token', this.options.job.workspaceId, {
          ...moment,
          platform: token.platform,
          variantIndex: token.index,
          delta: token.text,
          offset: token.offset,
          epoch: token.epoch,
          reset: false,
        });
      }
    });
  }

  /** A stage began. */
  stageStarted(): void {
    this.flush();
    const moment = this.moment();
    this.enqueue(async () =>
      this.options.events.publish('generation.stage_started', this.options.job.workspaceId, moment),
    );
  }

  /** A variant was stored; it reaches subscribers after the deltas buffered before it. */
  variantReady(variant: VariantMessage, moderation: ModerationResult): void {
    this.flush();
    const moment = this.moment();
    this.enqueue(async () =>
      this.options.events.publish('generation.variant_ready', this.options.job.workspaceId, {
        ...moment,
        variant,
        moderation,
      }),
    );
  }

  /** Resolves once everything published so far has gone out. */
  drain(): Promise<void> {
    this.flush();
    return this.chain;
  }

  /** Forgets the job's stream state (the job ended: its row and variants are the truth now). */
  async clear(): Promise<void> {
    await this.drain();
    await this.options.scratchpad.clear(streamKey(this.options.job.id)).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not clear the stream state');
    });
  }

  /** Drops buffered deltas (the job was cancelled) and stops the timer. */
  dispose(): void {
    clearTimeout(this.timer);
    this.buffers.clear();
  }

  private moment() {
    return {
      jobId: this.options.job.id,
      campaignId: this.options.job.campaignId,
      stage: this.stage,
      progress: this.progress,
    };
  }

  /** Runs `step` after every step queued before it; a failed step is logged, and later ones still run. */
  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not publish a stream event');
    });
  }
}
