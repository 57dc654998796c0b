import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../infra/config';
import type { Logger } from '../../infra/logger';
import type { Metrics } from '../../infra/metrics';
import type { EventHub } from '../events/domain-events';
import type { DurableSubscriber } from '../events/outbox-dispatcher';
import { DeliveryWorker } from './delivery.worker';
import { type DeliveryPolicy, parseDurations } from './delivery-policy';
import { WebhookService } from './webhook.service';
import { webhookSubscriber } from './webhook.subscriber';
import { WebhookSender } from './webhook-sender';

export interface Webhooks {
  service: WebhookService;
  subscriber: DurableSubscriber;
  worker: DeliveryWorker;
}

/** The delivery policy from config (the one place its numbers come from). */
export function deliveryPolicy(config: Config): DeliveryPolicy {
  return {
    timeoutMs: config.COPYDESK_WEBHOOK_TIMEOUT_MS,
    scheduleMs: parseDurations(config.COPYDESK_WEBHOOK_RETRY_SCHEDULE),
    jitter: config.COPYDESK_WEBHOOK_JITTER,
    failureWindowMs: config.COPYDESK_WEBHOOK_FAILURE_WINDOW_S * 1000,
    maxRetryAfterMs: 24 * 3_600_000,
    leaseMs: Math.max(config.COPYDESK_WEBHOOK_TIMEOUT_MS * 2, 1_000),
    pollMs: config.COPYDESK_WEBHOOK_POLL_MS,
  };
}

/** Builds the webhook service, its outbox subscriber and the delivery worker, wired together. */
export function createWebhooks(
  config: Config,
  orm: MikroORM,
  logger: Logger,
  metrics: Metrics,
  events: EventHub,
): Webhooks {
  const allowPrivate = config.COPYDESK_WEBHOOK_ALLOW_PRIVATE === 'on';
  const policy = deliveryPolicy(config);
  const worker = new DeliveryWorker({
    orm,
    sender: new WebhookSender({ allowPrivate, timeoutMs: policy.timeoutMs }),
    policy,
    logger,
    concurrency: config.COPYDESK_WORKER_CONCURRENCY * 4,
    onAttempt: (outcome, latencyMs) => {
      metrics.webhookDeliveries.inc({ outcome });
      if (outcome !== 'disabled') metrics.webhookLatency.observe({ outcome }, latencyMs / 1000);
    },
    onDisabled: (endpoint) =>
      events.transaction(orm.em.fork(), async (_tx, emit) =>
        emit('webhook.endpoint_disabled', endpoint.workspaceId, { endpointId: endpoint.id, reason: endpoint.reason }),
      ),
  });
  // The fan-out's transaction commits just after the subscriber returns: look now and once more shortly after.
  const kick = () => {
    worker.kick();
    setTimeout(() => worker.kick(), 15).unref();
  };
  return {
    service: new WebhookService({
      allowPrivate,
      rotationGraceMs: config.COPYDESK_WEBHOOK_ROTATION_GRACE_S * 1000,
      kick,
    }),
    subscriber: webhookSubscriber(kick),
    worker,
  };
}
