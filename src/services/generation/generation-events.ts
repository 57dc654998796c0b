import type { PubSub } from '@graphql-yoga/subscription';
import { type ContentVariant, type GenerationJob, GenerationStage } from '../../entities';
import type { StreamTopics as EventTopics, GenerationEventMessage, VariantMessage } from './generation-stream.types';

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

/**
 * Publishes one job's events. TOKEN deltas are buffered per variant and flushed every `flushMs`, so the
 * event rate stays bounded; any other event first flushes what is buffered, so order is kept.
 */
export class JobEventPublisher {
  private readonly buffers = new Map<string, { platform: string; index: number; text: string }>();
  private timer?: NodeJS.Timeout;
  stage: GenerationStage = GenerationStage.QUEUED;
  progress = 0;

  /** `flushMs`: at most one TOKEN event per variant per this many milliseconds, however fast the model writes. */
  constructor(
    private readonly pubsub: PubSub<EventTopics>,
    readonly jobId: string,
    private readonly flushMs: number,
  ) {}

  /** Progress never decreases: a lower value is ignored. */
  advance(stage: GenerationEventMessage['stage'], progress: number): void {
    this.stage = stage;
    this.progress = Math.max(this.progress, Math.min(1, progress));
  }

  token(platform: string, index: number, delta: string): void {
    if (!delta) return;
    const key = `${platform}:${index}`;
    const buffer = this.buffers.get(key);
    if (buffer) buffer.text += delta;
    else this.buffers.set(key, { platform, index, text: delta });
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Everything streamed for this platform is void: drop its buffered deltas and tell subscribers to start over. */
  reset(platform: string): void {
    for (const [key, buffer] of this.buffers) if (buffer.platform === platform) this.buffers.delete(key);
    this.send({ type: 'TOKEN', platform, delta: '', reset: true });
  }

  /** Sends the buffered deltas now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { platform, index, text } of this.buffers.values()) {
      this.send({ type: 'TOKEN', platform, variantIndex: index, delta: text });
    }
    this.buffers.clear();
  }

  publish(event: Omit<GenerationEventMessage, 'jobId' | 'stage' | 'progress' | 'at'>): void {
    this.flush();
    this.send(event);
  }

  /** Drops buffered deltas (the job was cancelled) and stops the timer. */
  dispose(): void {
    clearTimeout(this.timer);
    this.buffers.clear();
  }

  private send(event: Omit<GenerationEventMessage, 'jobId' | 'stage' | 'progress' | 'at'>): void {
    this.pubsub.publish('generation', this.jobId, {
      jobId: this.jobId,
      stage: this.stage,
      progress: this.progress,
      at: new Date().toISOString(),
      ...event,
    });
  }
}
