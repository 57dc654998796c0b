import { Migration } from '@mikro-orm/migrations';

export class Migration20261205033809_Usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "usage_limit" ("id" uuid not null, "workspace_id" uuid not null, "scope" text not null, "requests_per_day" int null, "tokens_per_day" bigint null, "tokens_per_month" bigint null, "cost_per_day_usd" double precision null, "cost_per_month_usd" double precision null, "updated_at" timestamptz not null default now(), constraint "usage_limit_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "usage_limit" add constraint "usage_limit_scope_uniq" unique ("workspace_id", "scope");`);

    this.addSql(
      `create table "usage_counter" ("id" uuid not null, "workspace_id" uuid not null, "scope" text not null, "period" text not null, "period_start" date not null, "requests" bigint not null default 0, "tokens" bigint not null default 0, "cost_usd" double precision not null default 0, "reserved_tokens" bigint not null default 0, "reserved_cost_usd" double precision not null default 0, "alerts" jsonb not null default '{}', constraint "usage_counter_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "usage_counter" add constraint "usage_counter_scope_period_uniq" unique ("workspace_id", "scope", "period", "period_start");`,
    );

    this.addSql(
      `create table "llm_call" ("id" uuid not null, "workspace_id" uuid not null, "api_key_id" uuid null, "job_id" uuid null, "operation" text not null, "model" text not null, "prompt_tokens" int not null, "completion_tokens" int not null, "cached_tokens" int not null, "cost_usd" double precision not null, "latency_ms" double precision not null, "cache_hit" boolean not null, "at" timestamptz not null, constraint "llm_call_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "llm_call_workspace_at_idx" on "llm_call" ("workspace_id", "at");`);

    this.addSql(
      `alter table "usage_limit" add constraint "usage_limit_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "usage_counter" add constraint "usage_counter_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "llm_call" add constraint "llm_call_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "generation_job" add column "api_key_id" uuid null, add column "reserved_tokens" bigint not null default 0, add column "reserved_cost_usd" double precision not null default 0, add column "reserved_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "usage_limit" cascade;`);

    this.addSql(`drop table if exists "usage_counter" cascade;`);

    this.addSql(`drop table if exists "llm_call" cascade;`);

    this.addSql(
      `alter table "generation_job" drop column "api_key_id", drop column "reserved_tokens", drop column "reserved_cost_usd", drop column "reserved_at";`,
    );
  }
}
