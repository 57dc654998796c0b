import type { GenerationStage } from '../../entities';

/** The kinds of generation event, as values (the GraphQL enum `GenerationEventType` is registered from this). */
export const GENERATION_EVENT_TYPES = {
  SNAPSHOT: 'SNAPSHOT',
  STAGE_STARTED: 'STAGE_STARTED',
  TOKEN: 'TOKEN',
  TOKENS: 'TOKENS',
  VARIANT_READY: 'VARIANT_READY',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;
export type GenerationEventType = (typeof GENERATION_EVENT_TYPES)[keyof typeof GENERATION_EVENT_TYPES];

/**
 * A generation event as it travels between processes: JSON-safe (dates as ISO strings).
 * The GraphQL layer serialises it as `GenerationEvent`.
 */
export interface GenerationEventMessage {
  jobId: string;
  type: GenerationEventType;
  stage: GenerationStage;
  progress: number;
  platform?: string | null;
  variantIndex?: number | null;
  delta?: string | null;
  /** TOKEN: the platform's text so far is void and streams again from the start (a retried or fallback answer). */
  reset?: boolean | null;
  /**
   * TOKEN: where `delta` starts in the variant's streamed text, and which attempt of the platform's stream it
   * belongs to (a reset starts a new one). Subscribers that joined with a SNAPSHOT skip what it already holds.
   */
  offset?: number | null;
  epoch?: number | null;
  /** TOKENS (`batchTokens` subscribers): the deltas of one flush, one per variant that streamed since the last. */
  tokens?: TokenDeltaMessage[] | null;
  variant?: VariantMessage | null;
  /** SNAPSHOT: the variants this job has already finished. */
  variants?: VariantMessage[] | null;
  /** SNAPSHOT: each variant still streaming, with its text so far. */
  partials?: PartialVariantMessage[] | null;
  message?: string | null;
  at: string;
}

export interface VariantMessage {
  id: string;
  platform: string;
  position: number;
  title: string | null;
  body: string;
  hashtags: string[];
  characterCount: number;
  status: string;
  createdAt: string;
}

/** One variant's delta inside a TOKENS event: as a TOKEN event would carry it. */
export interface TokenDeltaMessage {
  platform: string;
  variantIndex: number;
  delta: string;
  offset: number;
  epoch: number;
}

/** A variant still streaming: the text a reader has seen so far. */
export interface PartialVariantMessage {
  platform: string;
  variantIndex: number;
  text: string;
}

/** A variant's moderation result, for `moderationResults(campaignId)`. */
export interface ModerationEventMessage {
  campaignId: string;
  variantId: string;
  platform: string;
  result: { verdict: string; findings: unknown[] };
  at: string;
}

/**
 * Pub/sub topics of the live streams: `generation` keyed by job id, `moderation` keyed by campaign id.
 * `generationBatched` is the same job stream with each flush's TOKEN deltas in one TOKENS event (resets stay TOKEN).
 */
export type StreamTopics = {
  generation: [jobId: string, event: GenerationEventMessage];
  generationBatched: [jobId: string, event: GenerationEventMessage];
  moderation: [campaignId: string, event: ModerationEventMessage];
};
