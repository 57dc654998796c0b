import type { EntityManager } from '@mikro-orm/postgresql';
import { DeliveryStatus, WebhookDelivery, WebhookEndpoint, Workspace } from '../../entities';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor } from '../campaigns/cursor';
import { getOwned, isUuid } from '../scoped-data';
import type { Scope } from '../viewer';
import { validateEndpoint } from './endpoint.validation';
import { newSecret } from './webhook-secret';

export interface WebhookServiceOptions {
  allowPrivate: boolean;
  /** How long the previous secret keeps signing after a rotation. */
  rotationGraceMs: number;
  /** Called after a delivery row commits, so the worker sends it at once. */
  kick: () => void;
}

export interface DeliveryPage {
  edges: { cursor: string; node: WebhookDelivery }[];
  hasNextPage: boolean;
}

/** Webhook endpoints and their deliveries, per workspace (ADMIN; the resolvers enforce the role). */
export class WebhookService {
  constructor(private readonly options: WebhookServiceOptions) {}

  /** The workspace's endpoints, newest first. */
  list(scope: Scope): Promise<WebhookEndpoint[]> {
    return scope.em.find(WebhookEndpoint, {}, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** A new endpoint; its secret is returned only here. */
  async create(scope: Scope, input: { url: string; events: string[] }) {
    validateEndpoint(input, this.options.allowPrivate);
    const secret = newSecret();
    const endpoint = scope.em.create(WebhookEndpoint, {
      workspace: scope.em.getReference(Workspace, scope.viewer.workspace.id),
      url: input.url.trim(),
      events: [...new Set(input.events)],
      secret,
    });
    await scope.em.persist(endpoint).flush();
    return { endpoint, secret };
  }

  /** Changes url, events or active; re-activating clears the disabled reason and the failure window. */
  async update(
    scope: Scope,
    id: string,
    input: { url?: string | null; events?: string[] | null; active?: boolean | null },
  ) {
    validateEndpoint(input, this.options.allowPrivate);
    const endpoint = await getOwned(scope, WebhookEndpoint, id, 'Webhook endpoint');
    if (input.url) endpoint.url = input.url.trim();
    if (input.events) endpoint.events = [...new Set(input.events)];
    if (typeof input.active === 'boolean') {
      endpoint.active = input.active;
      if (input.active) Object.assign(endpoint, { disabledReason: null, failingSince: null });
    }
    await scope.em.flush();
    return endpoint;
  }

  /** Deletes an endpoint and its deliveries. */
  async delete(scope: Scope, id: string): Promise<boolean> {
    const endpoint = await getOwned(scope, WebhookEndpoint, id, 'Webhook endpoint');
    await scope.em.remove(endpoint).flush();
    return true;
  }

  /** A new secret; the old one keeps signing (a second signature) for the grace period. */
  async rotate(scope: Scope, id: string) {
    const endpoint = await getOwned(scope, WebhookEndpoint, id, 'Webhook endpoint');
    const secret = newSecret();
    endpoint.previousSecret = endpoint.secret;
    endpoint.previousSecretExpiresAt = new Date(Date.now() + this.options.rotationGraceMs);
    endpoint.secret = secret;
    await scope.em.flush();
    return { endpoint, secret };
  }

  /** Queues a `webhook.test` delivery to one endpoint (active or not). */
  async sendTest(scope: Scope, endpointId: string): Promise<WebhookDelivery> {
    const endpoint = await getOwned(scope, WebhookEndpoint, endpointId, 'Webhook endpoint');
    const delivery = buildDelivery(scope.em, endpoint, {
      eventId: `msg_test_${crypto.randomUUID()}`,
      type: 'webhook.test',
      data: { endpointId: endpoint.id },
      occurredAt: new Date().toISOString(),
    });
    await scope.em.persist(delivery).flush();
    this.options.kick();
    return delivery;
  }

  /** Sends a delivery again: a new attempt on the same row, so the `webhook-id` is the same. */
  async redeliver(scope: Scope, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await getOwned(scope, WebhookDelivery, deliveryId, 'Webhook delivery');
    Object.assign(delivery, { status: DeliveryStatus.PENDING, nextAttemptAt: new Date(), leaseUntil: null });
    await scope.em.flush();
    this.options.kick();
    return delivery;
  }

  /** Deliveries newest first, keyset-paginated, optionally one endpoint's or one status's. */
  async deliveries(
    scope: Scope,
    args: { endpointId?: string | null; status?: DeliveryStatus | null; first: number; after?: string | null },
  ): Promise<DeliveryPage> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > 100)
      throw AppError.badInput([{ path: 'first', message: 'must be between 1 and 100' }]);
    const where: Record<string, unknown> = {};
    if (args.endpointId)
      where.endpoint = isUuid(args.endpointId) ? args.endpointId : '00000000-0000-0000-0000-000000000000';
    if (args.status) where.status = args.status;
    if (args.after) {
      const cursor = decodeCursor(args.after);
      where.$or = [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }];
    }
    const rows = await scope.em.find(WebhookDelivery, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: args.first + 1,
    });
    const page = rows.slice(0, args.first);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
      hasNextPage: rows.length > args.first,
    };
  }
}

/** A PENDING delivery row, due now, with the exact body every attempt sends. */
export function buildDelivery(
  em: EntityManager,
  endpoint: WebhookEndpoint,
  message: { eventId: string; type: string; data: unknown; occurredAt: string },
): WebhookDelivery {
  const body = JSON.stringify({ type: message.type, timestamp: message.occurredAt, data: message.data });
  return em.create(WebhookDelivery, {
    workspace: endpoint.workspace,
    endpoint,
    eventId: message.eventId,
    event: message.type,
    body,
    nextAttemptAt: new Date(),
  });
}
