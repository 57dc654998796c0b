import type { PubSub } from '@graphql-yoga/subscription';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Campaign, ContentStatus, ContentVariant } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { EventHub } from '../events/domain-events';
import type { DomainEvent } from '../events/event-catalog';
import type { StreamBus } from '../generation/generation-stream';
import { getOwned } from '../scoped-data';
import type { Scope } from '../viewer';

/** The domain events `contentUpdates(campaignId)` relays: versions, review decisions, scheduling and publishing. */
export const CONTENT_EVENTS = [
  'content.version_created',
  'content.review_requested',
  'content.approved',
  'content.changes_requested',
  'content.rejected',
  'post.scheduled',
  'post.rescheduled',
  'post.cancelled',
  'post.held',
  'post.released',
  'post.publish',
  'post.published',
  'post.failed',
] as const;
export type ContentEventName = (typeof CONTENT_EVENTS)[number];

/**
 * A change of a campaign's content as it travels between processes: JSON-safe (dates as ISO strings). The GraphQL
 * layer serialises it as `ContentEvent`.
 */
export interface ContentEventMessage {
  campaignId: string;
  variantId: string;
  /** post.* events: the scheduled post. */
  postId: string | null;
  /** The version the event is about (post.*: the version the post publishes). */
  versionId: string | null;
  /** The domain event's name, e.g. `content.approved`. */
  type: ContentEventName;
  /** The variant's status once the change was committed. */
  status: ContentStatus;
  at: string;
}

/** The stream bus's topic for content events, keyed by campaign id. */
export type ContentTopics = { content: [campaignId: string, event: ContentEventMessage] };

/**
 * The stream bus seen through the content topic. The bus carries any topic (in process, or a Redis channel
 * `content:<campaignId>`); `StreamTopics` only names generation's.
 */
function contentBus(bus: StreamBus): PubSub<ContentTopics> {
  return bus as unknown as PubSub<ContentTopics>;
}

/**
 * The adapter from content's domain events to the `contentUpdates` stream, wired at the composition root in the
 * process where the events happen. Each event is stamped with the variant's status read after the commit (a variant
 * gone meanwhile is skipped); one campaign's events are published in the order they happened.
 */
export function relayContentEvents(hub: EventHub, bus: StreamBus, orm: MikroORM, logger: Logger): void {
  const stream = contentBus(bus);
  /** Per campaign, the publication still running: the next one waits for it, so a slow read cannot reorder. */
  const pending = new Map<string, Promise<void>>();

  const publish = async (event: DomainEvent<ContentEventName>) => {
    const { campaignId, variantId } = event.payload;
    const em = orm.em.fork();
    const variant = await em.findOne(ContentVariant, { id: variantId }, { filters: false, fields: ['status'] });
    if (!variant) return;
    stream.publish('content', campaignId, {
      campaignId,
      variantId,
      postId: 'postId' in event.payload ? event.payload.postId : null,
      versionId: event.payload.versionId ?? null,
      type: event.name,
      status: variant.status,
      at: event.occurredAt,
    });
  };

  const relay = (event: DomainEvent<ContentEventName>) => {
    const { campaignId } = event.payload;
    const previous = pending.get(campaignId) ?? Promise.resolve();
    const next = previous
      .then(() => publish(event))
      .catch((error: unknown) =>
        logger.warn({ err: error, event: event.name, eventId: event.id }, 'could not relay a content event'),
      );
    pending.set(campaignId, next);
    void next.finally(() => {
      if (pending.get(campaignId) === next) pending.delete(campaignId);
    });
  };

  for (const name of CONTENT_EVENTS) hub.on(name, relay);
}

/** `contentUpdates(campaignId)`: the campaign's content events as they happen (a live feed; it does not end). */
export class ContentUpdatesService {
  constructor(private readonly bus: StreamBus) {}

  /** The content events of one campaign; another workspace's campaign (or a malformed id) is NOT_FOUND. */
  async follow(scope: Scope, campaignId: string): Promise<AsyncIterable<ContentEventMessage>> {
    await getOwned(scope, Campaign, campaignId, 'Campaign');
    return contentBus(this.bus).subscribe('content', campaignId);
  }
}
