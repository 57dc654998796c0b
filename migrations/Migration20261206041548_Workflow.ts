import { Migration } from '@mikro-orm/migrations';

export class Migration20261206041548_Workflow extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "review_link" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "token_hash" text not null, "created_by" uuid not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "review_link_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "review_link_campaign_idx" on "review_link" ("campaign_id", "created_at");`);
    this.addSql(`alter table "review_link" add constraint "review_link_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "post_series" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "rule" text not null, "time_zone" text not null, "local_time" text not null, "created_by" uuid not null, "created_at" timestamptz not null default now(), constraint "post_series_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "scheduled_post" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "variant_id" uuid not null, "version_id" uuid not null, "platform" text check ("platform" in ('LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL')) not null, "scheduled_at" timestamptz not null, "time_zone" text not null, "status" text check ("status" in ('SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'CANCELLED')) not null default 'SCHEDULED', "held" boolean not null default false, "series_id" uuid null, "created_by" uuid not null, "published_at" timestamptz null, "external_url" text null, "external_id" text null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "scheduled_post_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "scheduled_post_series_idx" on "scheduled_post" ("series_id");`);
    this.addSql(`create index "scheduled_post_variant_idx" on "scheduled_post" ("variant_id");`);
    this.addSql(`create index "scheduled_post_due_idx" on "scheduled_post" ("status", "scheduled_at");`);
    this.addSql(`create index "scheduled_post_calendar_idx" on "scheduled_post" ("workspace_id", "scheduled_at");`);

    this.addSql(
      `create table "approval" ("id" uuid not null, "workspace_id" uuid not null, "variant_id" uuid not null, "version_id" uuid not null, "status" text check ("status" in ('PENDING', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED')) not null default 'PENDING', "requested_by" uuid null, "decided_by" text null, "reviewer_name" text null, "review_link_id" uuid null, "comment" text null, "requested_at" timestamptz not null default now(), "decided_at" timestamptz null, constraint "approval_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "approval_variant_idx" on "approval" ("variant_id", "requested_at");`);
    this.addSql(`create index "approval_queue_idx" on "approval" ("workspace_id", "status", "requested_at", "id");`);

    this.addSql(
      `alter table "review_link" add constraint "review_link_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "review_link" add constraint "review_link_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "post_series" add constraint "post_series_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "post_series" add constraint "post_series_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "scheduled_post" add constraint "scheduled_post_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "scheduled_post" add constraint "scheduled_post_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "scheduled_post" add constraint "scheduled_post_variant_id_foreign" foreign key ("variant_id") references "content_variant" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "scheduled_post" add constraint "scheduled_post_version_id_foreign" foreign key ("version_id") references "content_version" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "scheduled_post" add constraint "scheduled_post_series_id_foreign" foreign key ("series_id") references "post_series" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "approval" add constraint "approval_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "approval" add constraint "approval_variant_id_foreign" foreign key ("variant_id") references "content_variant" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "approval" add constraint "approval_version_id_foreign" foreign key ("version_id") references "content_version" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "approval" add constraint "approval_review_link_id_foreign" foreign key ("review_link_id") references "review_link" ("id") on update cascade on delete set null;`,
    );

    this.addSql(`alter table "content_variant" drop constraint if exists "content_variant_status_check";`);

    this.addSql(`alter table "workspace" add column "four_eyes" boolean not null default true;`);

    this.addSql(
      `alter table "content_variant" add constraint "content_variant_status_check" check("status" in ('DRAFT', 'FLAGGED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'SCHEDULED', 'PUBLISHED'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "approval" drop constraint "approval_review_link_id_foreign";`);

    this.addSql(`alter table "scheduled_post" drop constraint "scheduled_post_series_id_foreign";`);

    this.addSql(`drop table if exists "review_link" cascade;`);

    this.addSql(`drop table if exists "post_series" cascade;`);

    this.addSql(`drop table if exists "scheduled_post" cascade;`);

    this.addSql(`drop table if exists "approval" cascade;`);

    this.addSql(`alter table "content_variant" drop constraint if exists "content_variant_status_check";`);

    this.addSql(
      `alter table "content_variant" add constraint "content_variant_status_check" check("status" in ('DRAFT', 'FLAGGED'));`,
    );

    this.addSql(`alter table "workspace" drop column "four_eyes";`);
  }
}
