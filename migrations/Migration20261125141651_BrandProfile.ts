import { Migration } from '@mikro-orm/migrations';

export class Migration20261125141651_BrandProfile extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "brand_profile" ("workspace_id" uuid not null, "voice" text null, "banned_terms" jsonb not null, "competitor_names" jsonb not null, "required_terms" jsonb not null, "disclaimers" jsonb not null, "preferred_hashtags" jsonb not null, "emoji_policy" text check ("emoji_policy" in ('NONE', 'SOME', 'ANY')) not null default 'ANY', "updated_at" timestamptz not null default now(), constraint "brand_profile_pkey" primary key ("workspace_id"));`,
    );

    this.addSql(
      `alter table "brand_profile" add constraint "brand_profile_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "brand_profile" cascade;`);
  }
}
