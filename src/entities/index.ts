import { Engagement, Experiment } from './analytics.entity';
import { ApiKey } from './api-key.entity';
import { Approval } from './approval.entity';
import { AuditEvent } from './audit-event.entity';
import { BrandProfile } from './brand-profile.entity';
import { Campaign } from './campaign.entity';
import { ContentVariant } from './content-variant.entity';
import { ContentVersion } from './content-version.entity';
import { CustomTemplate } from './custom-template.entity';
import { GenerationJob } from './generation-job.entity';
import { OutboxEvent, OutboxReceipt } from './outbox-event.entity';
import { ReviewLink } from './review-link.entity';
import { PostSeries, ScheduledPost } from './scheduled-post.entity';
import { LlmCall, UsageCounter, UsageLimit } from './usage.entity';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity';
import { Workspace } from './workspace.entity';

export type { ArmResult } from './analytics.entity';
export { Engagement, Experiment, ExperimentMetric, ExperimentStatus } from './analytics.entity';
export { ApiKey, RateLimitTier, Role } from './api-key.entity';
export { Approval, ApprovalStatus } from './approval.entity';
export { AuditEvent } from './audit-event.entity';
export { BrandProfile, EmojiPolicy } from './brand-profile.entity';
export type { BriefData, OutlineData } from './campaign.entity';
export { Campaign, CampaignStatus, Platform, Tone } from './campaign.entity';
export { ContentStatus, ContentVariant } from './content-variant.entity';
export { ContentVersion, VersionSource } from './content-version.entity';
export { CustomTemplate } from './custom-template.entity';
export type { TokenUsageData } from './generation-job.entity';
export { EMPTY_USAGE, GenerationJob, GenerationStage, JobStatus } from './generation-job.entity';
export { OutboxEvent, OutboxReceipt } from './outbox-event.entity';
export { ReviewLink } from './review-link.entity';
export { PostSeries, PostStatus, ScheduledPost } from './scheduled-post.entity';
export { LlmCall, UsageCounter, UsageLimit, UsagePeriod } from './usage.entity';
export { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from './webhook.entity';
export { Workspace } from './workspace.entity';
export { WORKSPACE_FILTER, type WorkspaceFilterArgs } from './workspace-scope';

export const ENTITIES = [
  Workspace,
  ApiKey,
  Campaign,
  GenerationJob,
  ContentVariant,
  ContentVersion,
  Approval,
  ReviewLink,
  PostSeries,
  ScheduledPost,
  BrandProfile,
  CustomTemplate,
  OutboxEvent,
  OutboxReceipt,
  LlmCall,
  UsageCounter,
  UsageLimit,
  AuditEvent,
  WebhookEndpoint,
  WebhookDelivery,
  Engagement,
  Experiment,
];
