import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../infra/config';
import type { Logger } from '../../infra/logger';
import type { Metrics } from '../../infra/metrics';
import { resiliencePolicies } from '../../infra/resilience';
import type { EventHub } from '../events/domain-events';
import type { DurableSubscriber } from '../events/outbox-dispatcher';
import { DeliveryWorker } from './delivery.worker';
import { WebhookService } from './webhook.service';
import { webhookSubscriber } from './webhook.subscriber';
import { WebhookSender } from './webhook-sender';

export interface Webhooks {
  service: WebhookService;
  subscriber: DurableSubscriber;
  worker: DeliveryWorker;
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
  const policy = resiliencePolicies(config).webhooks;
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
    onSettled: async (delivery) => {
      const [endpoint] = await orm.em
        .getConnection()
        .execute<{ workspace_id: string }[]>('select workspace_id from webhook_endpoint where id = ?', [
          delivery.endpointId,
        ]);
      await events.transaction(orm.em.fork(), async (_tx, emit) =>
        emit('webhook.delivery_settled', endpoint?.workspace_id ?? null, delivery),
      );
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
