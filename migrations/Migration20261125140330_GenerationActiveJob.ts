import { Migration } from '@mikro-orm/migrations';

export class Migration20261125140330_GenerationActiveJob extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "generation_job_active_idx" on "generation_job" ("status") where "status" in ('QUEUED', 'RUNNING');`,
    );
    this.addSql(
      `create unique index "generation_job_one_active_per_campaign" on "generation_job" ("campaign_id") where "status" in ('QUEUED', 'RUNNING');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "generation_job_active_idx";`);
    this.addSql(`drop index "generation_job_one_active_per_campaign";`);
  }
}
