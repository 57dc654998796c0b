import { Migration } from '@mikro-orm/migrations';

export class Migration20261205040704_JobFresh extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "generation_job" add column "fresh" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "generation_job" drop column "fresh";`);
  }
}
