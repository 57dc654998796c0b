import { registerEnumType } from 'type-graphql';
import {
  CampaignStatus,
  ContentStatus,
  GenerationStage,
  JobStatus,
  Platform,
  RateLimitTier,
  Role,
  Tone,
  UsagePeriod,
} from '../entities';

registerEnumType(Platform, {
  name: 'Platform',
  description: 'A channel Copydesk writes for; each has its own length limits, fold and hashtag rules.',
  valuesConfig: {
    LINKEDIN: { description: 'A LinkedIn post (3,000 characters; the feed folds after about 210).' },
    TWITTER: { description: 'A post on X (Twitter): 280 weighted characters, links count as 23.' },
    FACEBOOK: { description: 'A Facebook post; the feed folds long posts after about 477 characters.' },
    INSTAGRAM: { description: 'An Instagram caption (2,200 characters; the feed folds after about 125).' },
    BLOG: { description: 'A blog article in Markdown (300–600 words) with a title of up to 70 characters.' },
    EMAIL: { description: 'A marketing email: a subject of up to 60 characters, a preheader and a short body.' },
  },
});

registerEnumType(Tone, {
  name: 'Tone',
  description: 'The voice a campaign is written in.',
  valuesConfig: {
    PROFESSIONAL: { description: 'Clear, credible and businesslike.' },
    FRIENDLY: { description: 'Warm and conversational.' },
    PLAYFUL: { description: 'Light, witty, with room for fun.' },
    PREMIUM: { description: 'Refined and understated, for luxury and high-end products.' },
    URGENT: { description: 'Direct, time-sensitive, pushing to act now.' },
    INFORMATIVE: { description: 'Explanatory and factual, teaching more than selling.' },
    INSPIRATIONAL: { description: 'Uplifting, aspirational, about what the reader can become.' },
  },
});

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do in its workspace; each role can do everything the roles below it can.',
  valuesConfig: {
    ADMIN: { description: 'Everything an EDITOR can, and manage API keys, limits, brand rules and webhooks.' },
    EDITOR: {
      description: 'Everything a VIEWER can, and create and change campaigns and templates, and start generation.',
    },
    VIEWER: { description: 'Read only: campaigns, jobs, templates, previews and checks.' },
  },
});

registerEnumType(RateLimitTier, {
  name: 'RateLimitTier',
  description:
    "An API key's rate-limit budget: its requests per minute and its generations per minute " +
    '(COPYDESK_RATE_LIMIT_KEY_PER_MIN, COPYDESK_RATE_LIMIT_GENERATION_PER_MIN). The per-IP limit applies to every tier.',
  valuesConfig: {
    STANDARD: { description: 'The configured budgets (the default).' },
    HIGH: { description: 'The configured budgets times COPYDESK_RATE_LIMIT_HIGH_FACTOR (default 10).' },
    UNLIMITED: { description: 'No per-key or generation limit (for trusted internal clients).' },
  },
});

registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description: 'Where a campaign is in its life; generation moves it, archiving ends it.',
  valuesConfig: {
    DRAFT: { description: 'No generated content yet: new, or its only generations were cancelled.' },
    GENERATING: { description: 'A generation job is QUEUED or RUNNING for it.' },
    READY: { description: 'Its latest generation finished, or was cancelled with earlier content kept.' },
    FAILED: { description: "Its latest generation failed (see the job's `error`); earlier content is kept." },
    ARCHIVED: { description: 'Archived: kept for reading, but it can no longer be changed.' },
  },
});

registerEnumType(JobStatus, {
  name: 'JobStatus',
  description: 'The state of a generation job; SUCCEEDED, FAILED and CANCELLED are final.',
  valuesConfig: {
    QUEUED: { description: 'Accepted and waiting for a worker.' },
    RUNNING: { description: 'A worker is writing it now.' },
    SUCCEEDED: { description: 'Finished: its variants replaced those of the platforms it generated.' },
    FAILED: { description: 'Ended with an error (see `error`); the campaign kept its earlier content.' },
    CANCELLED: { description: 'Stopped by cancelGeneration; the campaign kept its earlier content.' },
  },
});

registerEnumType(GenerationStage, {
  name: 'GenerationStage',
  description: 'The step a generation job is at, in this order.',
  valuesConfig: {
    QUEUED: { description: 'Not started yet.' },
    OUTLINE: { description: 'Writing the outline: headline, key messages and angle.' },
    COPY: { description: 'Writing and moderating the variants of each platform (TOKEN events stream the text).' },
    REVIEW: { description: 'Checking the finished variants and storing the results.' },
    DONE: { description: 'All done: the job SUCCEEDED (a failed or cancelled job keeps the stage it stopped at).' },
  },
});

registerEnumType(ContentStatus, {
  name: 'ContentStatus',
  description: "Where a variant's current version stands, from draft to published.",
  valuesConfig: {
    DRAFT: { description: 'Passed moderation; ready for a person to use or send to review.' },
    FLAGGED: { description: 'Moderation found problems (see `moderation`): a person should look before it is used.' },
    IN_REVIEW: { description: 'Its current version waits for a reviewer (requestReview).' },
    CHANGES_REQUESTED: { description: 'A reviewer asked for changes to its current version.' },
    APPROVED: { description: 'A reviewer approved its current version: it can be scheduled.' },
    REJECTED: { description: 'A reviewer rejected its current version; a new generation may replace it.' },
    SCHEDULED: { description: 'Its approved version has a scheduled post.' },
    PUBLISHED: { description: 'Its approved version was published.' },
  },
});

export { CampaignStatus, ContentStatus, GenerationStage, JobStatus, Platform, RateLimitTier, Role, Tone, UsagePeriod };

registerEnumType(UsagePeriod, {
  name: 'UsagePeriod',
  description: 'An accounting period, in UTC: usage reports and limits are per day or per month.',
  valuesConfig: {
    DAY: { description: 'The current UTC day, from 00:00.' },
    MONTH: { description: 'The current UTC month, from the 1st at 00:00.' },
  },
});
