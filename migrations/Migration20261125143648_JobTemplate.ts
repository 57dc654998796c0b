import { Migration } from '@mikro-orm/migrations';

export class Migration20261125143648_JobTemplate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "generation_job" add column "template_key" text null, add column "guidance" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "generation_job" drop column "template_key", drop column "guidance";`);
  }
}
