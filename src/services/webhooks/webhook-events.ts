import type { AnyDomainEvent, DomainEventName } from '../events/event-catalog';

/** The public webhook event names of API.md; later issues emit the content.*, post.* and experiment.* ones. */
export const WEBHOOK_EVENTS = [
  'campaign.generated',
  'generation.failed',
  'content.flagged',
  'content.review_requested',
  'content.approved',
  'content.changes_requested',
  'content.rejected',
  'post.scheduled',
  'post.publish',
  'post.published',
  'post.failed',
  'experiment.decided',
  'usage.budget_warning',
  'usage.limit_reached',
  'health.changed',
  'webhook.test',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** One public message made from a domain event. */
export interface WebhookMessage {
  type: WebhookEventName;
  data: Record<string, unknown>;
}

type Mapper = (event: AnyDomainEvent) => WebhookMessage[];
const same =
  (type: WebhookEventName): Mapper =>
  (event) => [{ type, data: event.payload as unknown as Record<string, unknown> }];

/** Internal domain event → public webhook messages: the one table that decides what leaves the installation. */
export const WEBHOOK_MAPPING: Partial<Record<DomainEventName | 'health.changed', Mapper>> = {
  'generation.completed': (event) => {
    if (event.name !== 'generation.completed') return [];
    const { jobId, campaignId, platforms, variantIds, flaggedVariantIds, usage, degraded } = event.payload;
    const messages: WebhookMessage[] = [
      { type: 'campaign.generated', data: { jobId, campaignId, platforms, variantIds, usage, degraded } },
    ];
    if (flaggedVariantIds.length > 0)
      messages.push({ type: 'content.flagged', data: { jobId, campaignId, variantIds: flaggedVariantIds } });
    return messages;
  },
  'generation.failed': same('generation.failed'),
  'usage.budget_warning': same('usage.budget_warning'),
  'usage.limit_reached': same('usage.limit_reached'),
  'health.changed': same('health.changed'),
  'content.review_requested': same('content.review_requested'),
  'content.approved': same('content.approved'),
  'content.changes_requested': same('content.changes_requested'),
  'content.rejected': same('content.rejected'),
  'post.scheduled': same('post.scheduled'),
  'post.publish': same('post.publish'),
  'post.published': same('post.published'),
  'post.failed': same('post.failed'),
  'experiment.decided': same('experiment.decided'),
};

/** The domain events the webhook subscriber listens to. */
export const MAPPED_DOMAIN_EVENTS = Object.keys(WEBHOOK_MAPPING) as DomainEventName[];

/** The `webhook-id` of a message: the domain event id, suffixed when one event makes several messages. */
export function messageId(eventId: string, index: number): string {
  return index === 0 ? `msg_${eventId}` : `msg_${eventId}_${index}`;
}
