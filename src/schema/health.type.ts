import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from './scalars';

export enum HealthStatus {
  OK = 'OK',
  DEGRADED = 'DEGRADED',
  DOWN = 'DOWN',
}

registerEnumType(HealthStatus, {
  name: 'HealthStatus',
  description: 'How a check, or the whole installation, is doing.',
  valuesConfig: {
    OK: { description: 'Works as expected.' },
    DEGRADED: { description: 'Works, but slower or with a fallback: an operator should look.' },
    DOWN: { description: 'Does not work.' },
  },
});

@ObjectType('HealthCheck', { description: 'One check of one instance.' })
export class HealthCheckType {
  @Field(() => String, {
    description: 'database, redis, llm, queue, workers, outbox, eventLoop, memory or disk (README, "Health").',
  })
  name!: string;

  @Field(() => HealthStatus, { description: "The check's status." })
  status!: HealthStatus;

  @Field(() => Float, { description: 'How long the check took, in milliseconds.' })
  latencyMs!: number;

  @Field(() => String, { nullable: true, description: 'What the check saw (figures, the error).' })
  message!: string | null;
}

@ObjectType('HealthReport', { description: 'The latest periodic health report of the instance that answered.' })
export class HealthReportType {
  @Field(() => HealthStatus, { description: 'The worst check (checks that can only degrade never make it DOWN).' })
  status!: HealthStatus;

  @Field(() => String, { description: 'The instance that ran the checks (COPYDESK_INSTANCE_NAME or host:pid).' })
  instance!: string;

  @Field(() => [HealthCheckType], { description: 'Every check.' })
  checks!: HealthCheckType[];

  @Field(() => DateTime, { description: 'When the checks ran.' })
  checkedAt!: Date;
}

@ObjectType('HealthAlert', { description: "A check's status change on one instance." })
export class HealthAlertType {
  @Field(() => String, { description: 'The check that changed.' })
  check!: string;

  @Field(() => HealthStatus, { description: 'The status before.' })
  from!: HealthStatus;

  @Field(() => HealthStatus, { description: 'The status now.' })
  to!: HealthStatus;

  @Field(() => String, { nullable: true, description: 'What the check saw.' })
  message!: string | null;

  @Field(() => String, {
    description: 'The instance that saw the change: every instance alerts for itself, so one change may come twice.',
  })
  instance!: string;

  @Field(() => DateTime, { description: 'When the change was seen.' })
  at!: Date;
}
