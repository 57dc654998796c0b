import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { GenerationStage } from '../entities';
import type { Logger } from './logger';

/** The kinds of generation event, as values (the GraphQL enum `GenerationEventType` is registered from this). */
export const GENERATION_EVENT_TYPES = {
  SNAPSHOT: 'SNAPSHOT',
  STAGE_STARTED: 'STAGE_STARTED',
  TOKEN: 'TOKEN',
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
  variant?: VariantMessage | null;
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

/** A variant's moderation result, for `moderationResults(campaignId)`. */
export interface ModerationEventMessage {
  campaignId: string;
  variantId: string;
  platform: string;
  result: { verdict: string; findings: unknown[] };
  at: string;
}

/** Topics: `generation` keyed by job id, `moderation` keyed by campaign id. */
export type EventTopics = {
  generation: [jobId: string, event: GenerationEventMessage];
  moderation: [campaignId: string, event: ModerationEventMessage];
};

export interface EventBus {
  pubsub: PubSub<EventTopics>;
  close(): Promise<void>;
}

/**
 * In-process events without Redis; with Redis, every instance sees every event (one Redis subscription per
 * job channel per process, fanned out locally to that process's subscribers).
 */
export function createEventBus(logger: Logger, redisUrl?: string): EventBus {
  if (!redisUrl) {
    const eventTarget = new EventTarget();
    // One listener per subscriber of a job: thousands on one job are expected, not a leak worth a warning.
    setMaxListeners(0, eventTarget);
    return { pubsub: createPubSub<EventTopics>({ eventTarget: eventTarget as never }), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { connectionName: 'copydesk-pub', maxRetriesPerRequest: 2 });
  const subscribeClient = new Redis(redisUrl, { connectionName: 'copydesk-sub', maxRetriesPerRequest: null });
  const log = logger.child({ module: 'events' });
  publishClient.on('error', (error) => log.warn({ err: error }, 'redis publish connection error'));
  subscribeClient.on('error', (error) => log.warn({ err: error }, 'redis subscribe connection error'));
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<EventTopics>({ eventTarget: eventTarget as never }),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
