import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125133935_Initial } from './Migration20261125133935_Initial';
import { Migration20261125140330_GenerationActiveJob } from './Migration20261125140330_GenerationActiveJob';
import { Migration20261125141651_BrandProfile } from './Migration20261125141651_BrandProfile';
import { Migration20261125142751_CustomTemplate } from './Migration20261125142751_CustomTemplate';
import { Migration20261125143648_JobTemplate } from './Migration20261125143648_JobTemplate';
import { Migration20261201230000_JobDegradedReason } from './Migration20261201230000_JobDegradedReason';
import { Migration20261201230848_Outbox } from './Migration20261201230848_Outbox';
import { Migration20261205033809_Usage } from './Migration20261205033809_Usage';
import { Migration20261205034740_ApiKeyRateLimitTier } from './Migration20261205034740_ApiKeyRateLimitTier';
import { Migration20261205040704_JobFresh } from './Migration20261205040704_JobFresh';
import { Migration20261205042229_AuditLog } from './Migration20261205042229_AuditLog';
import { Migration20261205141657_Webhooks } from './Migration20261205141657_Webhooks';
import { Migration20261205224247_ContentVersions } from './Migration20261205224247_ContentVersions';
import { Migration20261206041548_Workflow } from './Migration20261206041548_Workflow';
import { Migration20261206125610_Analytics } from './Migration20261206125610_Analytics';

/**
 * Every migration, in order. Listed here (not globbed) so tsx, vitest and the compiled build all find them.
 * A landed migration is never edited: add a new one (`npm run migration:create`) and list it below.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261125133935_Initial', class: Migration20261125133935_Initial },
  { name: 'Migration20261125140330_GenerationActiveJob', class: Migration20261125140330_GenerationActiveJob },
  { name: 'Migration20261125141651_BrandProfile', class: Migration20261125141651_BrandProfile },
  { name: 'Migration20261125142751_CustomTemplate', class: Migration20261125142751_CustomTemplate },
  { name: 'Migration20261125143648_JobTemplate', class: Migration20261125143648_JobTemplate },
  { name: 'Migration20261201230000_JobDegradedReason', class: Migration20261201230000_JobDegradedReason },
  { name: 'Migration20261201230848_Outbox', class: Migration20261201230848_Outbox },
  { name: 'Migration20261205033809_Usage', class: Migration20261205033809_Usage },
  { name: 'Migration20261205034740_ApiKeyRateLimitTier', class: Migration20261205034740_ApiKeyRateLimitTier },
  { name: 'Migration20261205040704_JobFresh', class: Migration20261205040704_JobFresh },
  { name: 'Migration20261205042229_AuditLog', class: Migration20261205042229_AuditLog },
  { name: 'Migration20261205141657_Webhooks', class: Migration20261205141657_Webhooks },
  { name: 'Migration20261205224247_ContentVersions', class: Migration20261205224247_ContentVersions },
  { name: 'Migration20261206041548_Workflow', class: Migration20261206041548_Workflow },
  { name: 'Migration20261206125610_Analytics', class: Migration20261206125610_Analytics },
];
