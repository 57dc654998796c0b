import { Migration } from '@mikro-orm/migrations';

export class Migration20261205141657_Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_endpoint" ("id" uuid not null, "workspace_id" uuid not null, "url" text not null, "events" jsonb not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "active" boolean not null default true, "disabled_reason" text null, "failing_since" timestamptz null, "created_at" timestamptz not null default now(), constraint "webhook_endpoint_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_endpoint_workspace_id_created_at_index" on "webhook_endpoint" ("workspace_id", "created_at");`,
    );

    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "workspace_id" uuid not null, "endpoint_id" uuid not null, "event_id" text not null, "event" text not null, "body" text not null, "status" text check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED', 'DEAD')) not null default 'PENDING', "attempts" int not null default 0, "response_code" int null, "latency_ms" double precision null, "last_error" text null, "next_attempt_at" timestamptz null, "lease_until" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `create index "webhook_delivery_workspace_id_created_at_id_index" on "webhook_delivery" ("workspace_id", "created_at", "id");`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_event_id_unique" unique ("endpoint_id", "event_id");`,
    );

    this.addSql(
      `alter table "webhook_endpoint" add constraint "webhook_endpoint_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_endpoint_id_foreign";`);

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }
}
