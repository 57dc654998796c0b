import { Migration } from '@mikro-orm/migrations';

export class Migration20261206125610_Analytics extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "experiment" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "platform" text check ("platform" in ('LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL')) not null, "variant_ids" jsonb not null, "metric" text check ("metric" in ('CLICK_RATE', 'CONVERSION_RATE', 'ENGAGEMENT_RATE')) not null, "status" text check ("status" in ('COLLECTING', 'DECIDED', 'INCONCLUSIVE', 'STOPPED')) not null default 'COLLECTING', "alpha" double precision not null, "power" double precision not null, "minimum_detectable_effect" double precision not null, "baseline_rate" double precision not null, "baseline_source" text not null, "required_impressions_per_arm" int not null, "test" text not null, "p_value" double precision null, "winner_variant_id" uuid null, "result" jsonb null, "note" text null, "created_by" uuid not null, "created_at" timestamptz not null default now(), "decided_at" timestamptz null, constraint "experiment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "experiment_workspace_status_idx" on "experiment" ("workspace_id", "status");`);
    this.addSql(`create index "experiment_campaign_idx" on "experiment" ("campaign_id", "created_at");`);

    this.addSql(
      `create table "engagement" ("id" uuid not null, "workspace_id" uuid not null, "campaign_id" uuid not null, "variant_id" uuid not null, "platform" text check ("platform" in ('LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL')) not null, "date" date not null, "impressions" int not null, "clicks" int not null, "reactions" int not null, "comments" int not null, "shares" int not null, "conversions" int not null, "revenue_usd" double precision not null, "recorded_by" uuid null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "engagement_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "engagement_campaign_date_idx" on "engagement" ("campaign_id", "date");`);
    this.addSql(
      `alter table "engagement" add constraint "engagement_variant_date_unique" unique ("variant_id", "date");`,
    );

    this.addSql(
      `alter table "experiment" add constraint "experiment_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "experiment" add constraint "experiment_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "engagement" add constraint "engagement_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "engagement" add constraint "engagement_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "engagement" add constraint "engagement_variant_id_foreign" foreign key ("variant_id") references "content_variant" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "experiment" cascade;`);

    this.addSql(`drop table if exists "engagement" cascade;`);
  }
}
