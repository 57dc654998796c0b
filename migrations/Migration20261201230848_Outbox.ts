import { Migration } from '@mikro-orm/migrations';

export class Migration20261201230848_Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox" ("id" uuid not null, "name" text not null, "workspace_id" uuid null, "payload" jsonb not null, "occurred_at" timestamptz not null, "next_attempt_at" timestamptz not null default now(), "attempts" int not null default 0, "dispatched_at" timestamptz null, "last_error" text null, constraint "outbox_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_due_idx" on "outbox" ("next_attempt_at", "id") where "dispatched_at" is null;`);

    this.addSql(
      `create table "outbox_receipt" ("event_id" uuid not null, "subscriber" text not null, "handled_at" timestamptz not null default now(), constraint "outbox_receipt_pkey" primary key ("event_id", "subscriber"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "outbox_receipt" cascade;`);
  }
}
