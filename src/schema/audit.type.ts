import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfoType } from './campaign.type';
import { DateTime } from './scalars';

@ObjectType('AuditEvent', {
  description: 'One entry of the audit log: a mutation and its outcome, or a refused authorisation.',
})
export class AuditEventType {
  @Field(() => ID, { description: 'The entry id.' })
  id!: string;

  @Field(() => DateTime, { description: 'When it happened.' })
  at!: Date;

  @Field(() => String, { description: 'The API key that acted: its name and prefix, e.g. "CI (cdk_AbCdEfGh)".' })
  actor!: string;

  @Field(() => ID, { nullable: true, description: 'The id of the API key that acted.' })
  actorKeyId?: string | null;

  @Field(() => String, {
    description: 'The operation: a Mutation field (e.g. createCampaign), a refused Query field, or `authenticate`.',
  })
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What was changed or refused (an id or template key), when known.',
  })
  target?: string | null;

  @Field(() => String, {
    description: '`SUCCESS`, or the error code the caller got (FORBIDDEN, BAD_USER_INPUT, CONFLICT, …).',
  })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The request id (the x-request-id header) of the operation.' })
  requestId?: string | null;
}

@ObjectType('AuditEdge', { description: 'One entry of the audit log and its cursor.' })
export class AuditEdgeType {
  @Field(() => String, { description: 'Pass as `after` to read the entries older than this one.' })
  cursor!: string;

  @Field(() => AuditEventType, { description: 'The entry.' })
  node!: AuditEventType;
}

@ObjectType('AuditConnection', { description: 'A page of the audit log, newest first.' })
export class AuditConnectionType {
  @Field(() => [AuditEdgeType], { description: 'The entries of this page.' })
  edges!: AuditEdgeType[];

  @Field(() => PageInfoType, { description: 'Cursors and whether more pages exist.' })
  pageInfo!: PageInfoType;
}
