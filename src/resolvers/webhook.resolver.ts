import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { DeliveryStatus, Role } from '../entities';
import {
  CreatedWebhookEndpointType,
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnectionType,
  WebhookDeliveryType,
  WebhookEndpointType,
} from '../schema/webhook.type';

@Resolver()
export class WebhookResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [WebhookEndpointType], { description: "The workspace's webhook endpoints, newest first (ADMIN)." })
  webhookEndpoints(@Ctx() ctx: Context) {
    return ctx.services.webhooks.list(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => WebhookDeliveryConnectionType, { description: 'Webhook deliveries, newest first (ADMIN).' })
  async webhookDeliveries(
    @Arg('endpointId', () => ID, { nullable: true, description: "Only this endpoint's." }) endpointId: string | null,
    @Arg('status', () => DeliveryStatus, { nullable: true, description: 'Only these.' }) status: DeliveryStatus | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Deliveries per page: 1–100.' }) first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The cursor of the last delivery of the previous page.',
    })
    after: string | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryConnectionType> {
    const page = await ctx.services.webhooks.deliveries(ctx, { endpointId, status, first, after });
    return {
      edges: page.edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.edges[0]?.cursor ?? null,
        endCursor: page.edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedWebhookEndpointType, { description: 'Adds an endpoint (ADMIN); its secret is shown once.' })
  createWebhookEndpoint(
    @Arg('input', () => CreateWebhookEndpointInput, { description: 'URL and events.' })
    input: CreateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.create(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookEndpointType, { description: 'Changes an endpoint (ADMIN).' })
  updateWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Arg('input', () => UpdateWebhookEndpointInput, { description: 'The changes.' }) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.update(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: 'Deletes an endpoint and its deliveries (ADMIN).' })
  deleteWebhookEndpoint(@Arg('id', () => ID, { description: 'The endpoint.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.delete(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedWebhookEndpointType, {
    description:
      'A new signing secret (ADMIN), shown once; the old one also signs for COPYDESK_WEBHOOK_ROTATION_GRACE_S.',
  })
  rotateWebhookSecret(@Arg('id', () => ID, { description: 'The endpoint.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.rotate(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookDeliveryType, {
    description: 'Sends a delivery again (ADMIN): a new attempt on the same delivery, same webhook-id.',
  })
  redeliverWebhook(@Arg('deliveryId', () => ID, { description: 'The delivery.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.redeliver(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookDeliveryType, { description: 'Sends a webhook.test event to an endpoint (ADMIN).' })
  sendTestWebhook(@Arg('endpointId', () => ID, { description: 'The endpoint.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.sendTest(ctx, id);
  }
}
