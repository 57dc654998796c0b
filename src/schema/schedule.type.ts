import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Platform, PostStatus } from '../entities';
import { DateTime } from './scalars';

registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'Where a scheduled post stands.',
  valuesConfig: {
    SCHEDULED: { description: 'Waiting for its time (or, when `held`, for a new version to be approved).' },
    PUBLISHING: {
      description: 'Due: handed to the connectors as `post.publish`; waiting for a 2xx or `markPublished`.',
    },
    PUBLISHED: { description: 'Published.' },
    FAILED: { description: 'The connectors did not take it (see `error`); reschedule to try again.' },
    CANCELLED: { description: 'Cancelled; it will not be published.' },
  },
});

export enum FrequencyEnum {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
}
registerEnumType(FrequencyEnum, {
  name: 'Frequency',
  description: 'How often a series repeats.',
  valuesConfig: {
    DAILY: { description: 'Every `interval` days.' },
    WEEKLY: { description: "Every `interval` weeks, on the start date's weekday." },
    MONTHLY: { description: "Every `interval` months, on the start date's day of the month." },
  },
});

@ObjectType('PostSeries', {
  description: 'A recurring schedule: an RFC 5545 rule expanded at a local time in the audience’s time zone.',
})
export class PostSeriesType {
  @Field(() => ID, { description: 'The series id.' })
  id!: string;

  @Field(() => String, {
    description: 'The rule as RFC 5545 text: a `DTSTART;TZID=…` line and an `RRULE:` line (importable by calendars).',
  })
  rule!: string;

  @Field(() => String, { description: 'The IANA time zone the rule runs in.' })
  timeZone!: string;

  @Field(() => String, { description: 'The local time of day of every post, HH:mm.' })
  localTime!: string;
}

@ObjectType('ScheduledPost', { description: 'One publication of one exact, approved version at one time.' })
export class ScheduledPostType {
  @Field(() => ID, { description: 'The post id (the `postId` of `post.*` webhooks).' })
  id!: string;

  @Field(() => Platform, { description: 'Where it goes.' })
  platform!: Platform;

  @Field(() => DateTime, { description: 'When it goes out.' })
  scheduledAt!: Date;

  @Field(() => String, { description: 'The IANA zone the time was chosen in (the audience’s).' })
  timeZone!: string;

  @Field(() => String, { description: '`scheduledAt` on the wall clock of `timeZone`, HH:mm.' })
  localTime!: string;

  @Field(() => PostStatus, { description: 'Where it stands.' })
  status!: PostStatus;

  @Field(() => Boolean, {
    description: 'True while the variant has a newer version than this post’s that is not approved: the post waits.',
  })
  held!: boolean;

  @Field(() => DateTime, { nullable: true, description: 'When it was published; null until then.' })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Where it was published, as the connector reported.' })
  externalUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'The id the network gave it, as the connector reported.' })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED; null otherwise.' })
  error?: string | null;

  @Field(() => DateTime, { description: 'When it was scheduled.' })
  createdAt!: Date;
}

@ObjectType('PostingTimeSuggestion', { description: 'A free time to post, and why it is suggested.' })
export class PostingTimeSuggestionType {
  @Field(() => DateTime, { description: 'The instant.' })
  at!: Date;

  @Field(() => String, { description: 'The same on the audience’s wall clock, HH:mm.' })
  localTime!: string;

  @Field(() => Float, { description: '0–1: how strong the window is relative to the platform’s best.' })
  score!: number;

  @Field(() => String, { description: 'Why this time: the window it falls in.' })
  reason!: string;

  @Field(() => String, {
    description:
      'Where the suggestion comes from: `workspace: …` (its own published posts and their engagement) or `benchmark: <published study>`.',
  })
  source!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'How many of the workspace’s published posts the figure rests on; null for a benchmark.',
  })
  posts?: number | null;
}

@InputType('SchedulePostInput', { description: 'A post of a variant’s approved current version.' })
export class SchedulePostInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => DateTime, { nullable: true, description: 'When (give this or `auto`).' })
  at?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The audience’s IANA time zone, e.g. Europe/Berlin (default UTC); `auto` picks a slot in it.',
  })
  timeZone?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Pick the best free slot from the posting-time suggestions instead of `at`.',
  })
  auto?: boolean | null;
}

@InputType('ScheduleSeriesInput', { description: 'A recurring schedule of approved variants.' })
export class ScheduleSeriesInput {
  @Field(() => [ID], {
    description: 'The variants (1–20, one campaign): at every occurrence each platform posts its next variant in turn.',
  })
  variantIds!: string[];

  @Field(() => FrequencyEnum, { description: 'How often.' })
  frequency!: FrequencyEnum;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Every how many days / weeks / months (1–99).' })
  interval?: number | null;

  @Field(() => String, { description: 'The first day, YYYY-MM-DD in `timeZone`.' })
  startDate!: string;

  @Field(() => String, { nullable: true, description: 'The time of day, HH:mm in `timeZone` (default 09:00).' })
  localTime?: string | null;

  @Field(() => String, { description: 'The audience’s IANA time zone, e.g. America/New_York.' })
  timeZone!: string;

  @Field(() => Int, { nullable: true, description: 'How many occurrences (give this or `until`), at most 366.' })
  count?: number | null;

  @Field(() => String, { nullable: true, description: 'The last day, YYYY-MM-DD (give this or `count`).' })
  until?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Leave out Saturdays and Sundays (skipped, not moved).',
  })
  skipWeekends?: boolean | null;
}

@ObjectType('SchedulingRules', { description: 'The rules scheduling applies in this installation.' })
export class SchedulingRulesType {
  @Field(() => Int, {
    description:
      'Two posts of one platform closer than this many minutes are a CONFLICT (COPYDESK_MIN_POST_GAP_MINUTES).',
  })
  minPostGapMinutes!: number;
}
