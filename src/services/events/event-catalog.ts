import type { GenerationStage, Platform, TokenUsageData } from '../../entities';
import type { VariantMessage } from '../generation/generation-stream.types';
import type { HealthAlertData } from '../health/health.types';
import type { ModerationResult } from '../moderation/moderation.types';

/** Where a job stands when one of its events happens; the live stream stamps every event with it. */
interface JobMoment {
  jobId: string;
  campaignId: string;
  stage: GenerationStage;
  progress: number;
}

/** Which review of which version of which variant. */
interface ReviewMoment {
  campaignId: string;
  variantId: string;
  versionId: string;
  approvalId: string;
  by: string;
}

/** One scheduled post of one exact version (`by`: the key that made the change, or `scheduler`). */
interface PostMoment {
  postId: string;
  campaignId: string;
  variantId: string;
  versionId: string;
  platform: string;
  scheduledAt: string;
  by: string;
}

/** A decision: `by` is the key id, or `review-link:<id>` with the name the person gave. */
interface ReviewDecided extends ReviewMoment {
  reviewerName: string | null;
  comment: string | null;
}

/**
 * Every domain event Copydesk publishes: name → payload. A payload is JSON-safe (it is stored in the outbox and
 * sent to other processes and, later, to webhook receivers), so dates are ISO strings.
 */
export interface DomainEventCatalog {
  'campaign.created': { campaignId: string; name: string };
  'campaign.updated': { campaignId: string; changed: ('name' | 'brief')[] };
  'campaign.archived': { campaignId: string };
  'generation.requested': {
    jobId: string;
    campaignId: string;
    platforms: Platform[];
    variantsPerPlatform: number;
    templateKey: string | null;
  };
  'generation.stage_started': JobMoment;
  /** Coalesced text deltas of one variant; `reset` voids the platform's text so far (a retried or fallback answer). */
  'generation.token': JobMoment & {
    platform: Platform;
    variantIndex: number | null;
    delta: string;
    /** Where `delta` starts in the variant's text, in UTF-16 code units. */
    offset: number;
    /** The platform's stream attempt: each reset starts a new one. */
    epoch: number;
    reset: boolean;
  };
  'generation.variant_ready': JobMoment & { variant: VariantMessage; moderation: ModerationResult };
  'generation.completed': JobMoment & {
    platforms: Platform[];
    variantIds: string[];
    flaggedVariantIds: string[];
    usage: TokenUsageData;
    degraded: boolean;
    degradedReason: string | null;
  };
  'generation.failed': JobMoment & { message: string };
  'generation.cancelled': JobMoment & { message: string };
  'brand.updated': { changed: string[] };
  /** Review of a variant's exact version: requested, then decided (`by`: the key). */
  'content.review_requested': ReviewMoment;
  'content.approved': ReviewDecided;
  'content.changes_requested': ReviewDecided;
  'content.rejected': ReviewDecided;
  'workspace.settings_changed': { fourEyes: boolean; by: string };
  /** Scheduling and publishing of posts (README "Scheduling and publishing"). */
  'post.scheduled': PostMoment & { timeZone: string; seriesId: string | null };
  'post.rescheduled': PostMoment & { previousAt: string };
  'post.cancelled': PostMoment;
  /** The variant has a newer version than the post's that is not approved: the post waits. */
  'post.held': PostMoment & { reason: string };
  /** Held no more: the post now publishes `versionId`, the approved current version. */
  'post.released': PostMoment;
  /** Due: connectors publish this exact text and answer 2xx. */
  'post.publish': PostMoment & {
    timeZone: string;
    title: string | null;
    body: string;
    hashtags: string[];
    seriesId: string | null;
  };
  'post.published': PostMoment & { publishedAt: string; externalUrl: string | null; externalId: string | null };
  'post.failed': PostMoment & { error: string };
  /** A webhook delivery that will not be tried again: delivered (2xx), or dead-lettered. Only for SETTLED_EVENTS. */
  'webhook.delivery_settled': {
    deliveryId: string;
    endpointId: string;
    event: string;
    status: 'SUCCEEDED' | 'DEAD';
    error: string | null;
    /** The message's `data.postId`, when it has one. */
    postId: string | null;
  };
  /** A review link made (its token is never in an event) or revoked. */
  'review_link.created': { linkId: string; campaignId: string; expiresAt: string; by: string };
  'review_link.revoked': { linkId: string; campaignId: string; by: string };
  /** A variant's text changed: a new version (an edit, a restore), made by the key `by`. */
  'content.version_created': {
    campaignId: string;
    variantId: string;
    versionId: string;
    number: number;
    source: string;
    by: string;
  };
  /** API key events name keys by id (never a secret or hash) and the key that acted. */
  'api_key.created': { apiKeyId: string; role: string; by: string };
  'api_key.revoked': { apiKeyId: string; by: string };
  'api_key.rotated': { apiKeyId: string; previousApiKeyId: string; previousExpiresAt: string; by: string };
  'template.created': { key: string };
  'template.updated': { key: string };
  'template.deleted': { key: string };
  /** An ADMIN set limits: the workspace's (`apiKeyId` null) or one key's; `limits` as they are now. */
  'usage.limits_changed': {
    apiKeyId: string | null;
    changed: string[];
    limits: Record<string, number | null>;
    by: string;
  };
  /** A scope used 80 % of one of its limits this period (once per limit and period). */
  'usage.budget_warning': UsageAlert;
  /** A scope reached one of its limits this period (once per limit and period): more is refused until `resetsAt`. */
  'usage.limit_reached': UsageAlert;
  /** A health check of one instance changed status (installation-wide: workspaceId null). */
  'health.changed': HealthAlertData;
  /** Engagement rows were stored (new or replacing a resent day), for the variants named, by the key `by`. */
  'engagement.recorded': {
    campaignIds: string[];
    variantIds: string[];
    accepted: number;
    replaced: number;
    by: string;
  };
  /** An experiment was created (COLLECTING) or stopped by a key. */
  'experiment.created': {
    experimentId: string;
    campaignId: string;
    platform: string;
    variantIds: string[];
    by: string;
  };
  'experiment.stopped': { experimentId: string; campaignId: string; by: string };
  /** An experiment reached its horizon and was decided once: DECIDED with a winner, or INCONCLUSIVE. */
  'experiment.decided': {
    experimentId: string;
    campaignId: string;
    platform: string;
    metric: string;
    status: 'DECIDED' | 'INCONCLUSIVE';
    test: string;
    pValue: number | null;
    winnerVariantId: string | null;
    relativeUplift: number | null;
    note: string | null;
  };
  /** The delivery worker disabled an endpoint (a 410 answer, or failing for the whole failure window): the alert. */
  'webhook.endpoint_disabled': { endpointId: string; reason: string };
}

/** Which limit of whom, and how far along it is. */
export interface UsageAlert {
  /** Null: the workspace's limit; else the key's. */
  apiKeyId: string | null;
  /** `requestsPerDay`, `tokensPerDay`, `tokensPerMonth`, `costPerDayUsd` or `costPerMonthUsd`. */
  limit: string;
  value: number;
  used: number;
  /** 80 or 100. */
  percent: number;
  /** When the period ends and the limit starts afresh (ISO 8601). */
  resetsAt: string;
}

export type DomainEventName = keyof DomainEventCatalog;

/**
 * Events other systems must not miss: written to the outbox in the transaction of the change and dispatched at
 * least once to durable subscribers (webhooks, usage, alerts). The rest are transient: live listeners only.
 */
export const DURABLE_EVENTS = new Set<DomainEventName>([
  'campaign.created',
  'campaign.updated',
  'campaign.archived',
  'generation.requested',
  'generation.completed',
  'generation.failed',
  'generation.cancelled',
  'brand.updated',
  'content.version_created',
  'content.review_requested',
  'content.approved',
  'content.changes_requested',
  'content.rejected',
  'workspace.settings_changed',
  'review_link.created',
  'review_link.revoked',
  'post.scheduled',
  'post.rescheduled',
  'post.cancelled',
  'post.held',
  'post.released',
  'post.publish',
  'post.published',
  'post.failed',
  'webhook.delivery_settled',
  'api_key.created',
  'api_key.revoked',
  'api_key.rotated',
  'template.created',
  'template.updated',
  'template.deleted',
  'usage.limits_changed',
  'usage.budget_warning',
  'usage.limit_reached',
  'health.changed',
  'webhook.endpoint_disabled',
  'engagement.recorded',
  'experiment.created',
  'experiment.stopped',
  'experiment.decided',
]);

/** Names of transient events: published straight to live listeners, never stored. */
export type TransientEventName = 'generation.stage_started' | 'generation.token' | 'generation.variant_ready';

/** One occurrence of an event. */
export interface DomainEvent<N extends DomainEventName = DomainEventName> {
  /** UUID v7: unique, time-ordered; the idempotency key of durable delivery. */
  id: string;
  name: N;
  /** The workspace it happened in; null for the installation itself. */
  workspaceId: string | null;
  /** ISO 8601. */
  occurredAt: string;
  payload: DomainEventCatalog[N];
}

/** Any event, narrowed by its name. */
export type AnyDomainEvent = { [N in DomainEventName]: DomainEvent<N> }[DomainEventName];

export function isDurable(name: DomainEventName): boolean {
  return DURABLE_EVENTS.has(name);
}
