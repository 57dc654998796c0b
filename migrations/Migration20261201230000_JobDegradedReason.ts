import { Migration } from '@mikro-orm/migrations';

export class Migration20261201230000_JobDegradedReason extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "generation_job" add column "degraded_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "generation_job" drop column "degraded_reason";`);
  }
}
