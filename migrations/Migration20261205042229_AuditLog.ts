import { Migration } from '@mikro-orm/migrations';

export class Migration20261205042229_AuditLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" uuid not null, "workspace_id" uuid not null, "at" timestamptz not null, "actor_key_id" uuid null, "action" text not null, "target" text null, "outcome" text not null, "request_id" text null, constraint "audit_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_event_workspace_at_idx" on "audit_event" ("workspace_id", "at", "id");`);

    this.addSql(
      `alter table "audit_event" add constraint "audit_event_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_event" cascade;`);
  }
}
