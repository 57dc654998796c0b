import { Migration } from '@mikro-orm/migrations';

export class Migration20261125133935_Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "workspace" ("id" uuid not null, "name" text not null, "created_at" timestamptz not null default now(), constraint "workspace_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "workspace" add constraint "workspace_name_unique" unique ("name");`);

    this.addSql(
      `create table "campaign" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "status" text check ("status" in ('DRAFT', 'GENERATING', 'READY', 'FAILED', 'ARCHIVED')) not null default 'DRAFT', "brief" jsonb not null, "outline" jsonb null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz not null default now(), constraint "campaign_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "campaign_workspace_created_idx" on "campaign" ("workspace_id", "created_at", "id");`);

    this.addSql(
      `create table "generation_job" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')) not null default 'QUEUED', "stage" text check ("stage" in ('QUEUED', 'OUTLINE', 'COPY', 'REVIEW', 'DONE')) not null default 'QUEUED', "progress" double precision not null default 0, "platforms" jsonb not null, "variants_per_platform" int not null default 2, "provider" text not null, "degraded" boolean not null default false, "error" text null, "usage" jsonb not null, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, constraint "generation_job_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "generation_job_campaign_created_idx" on "generation_job" ("campaign_id", "created_at");`,
    );

    this.addSql(
      `create table "content_variant" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "job_id" uuid null, "platform" text check ("platform" in ('LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL')) not null, "position" int not null default 0, "title" text null, "body" text not null, "hashtags" jsonb not null, "character_count" int not null default 0, "status" text check ("status" in ('DRAFT', 'FLAGGED')) not null default 'DRAFT', "moderation" jsonb null, "quality" jsonb null, "created_at" timestamptz not null default now(), constraint "content_variant_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "content_variant_campaign_idx" on "content_variant" ("campaign_id", "platform", "position");`,
    );
    this.addSql(
      `alter table "content_variant" add constraint "content_variant_job_platform_position_unique" unique ("job_id", "platform", "position");`,
    );

    this.addSql(
      `create table "api_key" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "prefix" text not null, "hash" text not null, "role" text check ("role" in ('ADMIN', 'EDITOR', 'VIEWER')) not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);
    this.addSql(`create index "api_key_workspace_id_created_at_index" on "api_key" ("workspace_id", "created_at");`);

    this.addSql(
      `alter table "campaign" add constraint "campaign_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "generation_job" add constraint "generation_job_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "generation_job" add constraint "generation_job_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "content_variant" add constraint "content_variant_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "content_variant" add constraint "content_variant_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "content_variant" add constraint "content_variant_job_id_foreign" foreign key ("job_id") references "generation_job" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "campaign" drop constraint "campaign_workspace_id_foreign";`);

    this.addSql(`alter table "generation_job" drop constraint "generation_job_workspace_id_foreign";`);

    this.addSql(`alter table "content_variant" drop constraint "content_variant_workspace_id_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_workspace_id_foreign";`);

    this.addSql(`alter table "generation_job" drop constraint "generation_job_campaign_id_foreign";`);

    this.addSql(`alter table "content_variant" drop constraint "content_variant_campaign_id_foreign";`);

    this.addSql(`alter table "content_variant" drop constraint "content_variant_job_id_foreign";`);

    this.addSql(`drop table if exists "workspace" cascade;`);

    this.addSql(`drop table if exists "campaign" cascade;`);

    this.addSql(`drop table if exists "generation_job" cascade;`);

    this.addSql(`drop table if exists "content_variant" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }
}
