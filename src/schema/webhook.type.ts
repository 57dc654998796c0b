import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryStatus } from '../entities';
import { PageInfoType } from './campaign.type';
import { DateTime } from './scalars';

registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not attempted yet (or queued again by redeliverWebhook).' },
    SUCCEEDED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'The last attempt failed; another is scheduled at nextAttemptAt.' },
    DEAD: { description: 'Every attempt failed (or the receiver answered 410); redeliverWebhook sends it again.' },
  },
});

@ObjectType('WebhookEndpoint', { description: 'A receiver of the workspace events, signed per Standard Webhooks.' })
export class WebhookEndpointType {
  @Field(() => ID, { description: 'The endpoint id.' })
  id!: string;

  @Field(() => String, { description: 'Where events are POSTed (http or https).' })
  url!: string;

  @Field(() => [String], { description: 'The event names it receives, or ["*"] for all.' })
  events!: string[];

  @Field(() => Boolean, { description: 'False once disabled (by an ADMIN, a 410 answer or failing too long).' })
  active!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was disabled automatically, when it was.' })
  disabledReason?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When the previous secret stops signing, after a rotation.' })
  previousSecretExpiresAt?: Date | null;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;
}

@ObjectType('CreatedWebhookEndpoint', { description: 'An endpoint and its signing secret, shown only this once.' })
export class CreatedWebhookEndpointType {
  @Field(() => WebhookEndpointType, { description: 'The endpoint.' })
  endpoint!: WebhookEndpointType;

  @Field(() => String, { description: 'The signing secret: "whsec_" + base64. Store it; it is not shown again.' })
  secret!: string;
}

@InputType('CreateWebhookEndpointInput', { description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'An http(s) URL, at most 2000 characters, not a private address.' })
  url!: string;

  @Field(() => [String], { description: '1–50 event names (see the README), or "*".' })
  events!: string[];
}

@InputType('UpdateWebhookEndpointInput', { description: 'Changes to an endpoint; omitted fields stay.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: 'A new URL.' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'New event names, or "*".' })
  events?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Turn off, or on again (clears disabledReason).' })
  active?: boolean | null;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to one endpoint, with its attempts so far.' })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The delivery id.' })
  id!: string;

  @Field(() => String, { description: 'The webhook-id header: the same on every attempt and redelivery.' })
  eventId!: string;

  @Field(() => String, { description: 'The event name, e.g. campaign.generated.' })
  event!: string;

  @Field(() => DeliveryStatus, { description: 'Where it stands.' })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status, if the receiver answered." })
  responseCode?: number | null;

  @Field(() => Float, { nullable: true, description: "The last attempt's duration in milliseconds." })
  latencyMs?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (a status or a network error).' })
  lastError?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When the next attempt is due (FAILED, PENDING).' })
  nextAttemptAt?: Date | null;

  @Field(() => DateTime, { description: 'When it was made.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When the receiver answered 2xx.' })
  deliveredAt?: Date | null;
}

@ObjectType('WebhookDeliveryEdge', { description: 'A delivery and its cursor.' })
export class WebhookDeliveryEdgeType {
  @Field(() => String, { description: 'Pass as `after` to read older deliveries.' })
  cursor!: string;

  @Field(() => WebhookDeliveryType, { description: 'The delivery.' })
  node!: WebhookDeliveryType;
}

@ObjectType('WebhookDeliveryConnection', { description: 'A page of deliveries, newest first.' })
export class WebhookDeliveryConnectionType {
  @Field(() => [WebhookDeliveryEdgeType], { description: 'The deliveries of this page.' })
  edges!: WebhookDeliveryEdgeType[];

  @Field(() => PageInfoType, { description: 'Cursors and whether more pages exist.' })
  pageInfo!: PageInfoType;
}
