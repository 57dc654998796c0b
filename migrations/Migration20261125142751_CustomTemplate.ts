import { Migration } from '@mikro-orm/migrations';

export class Migration20261125142751_CustomTemplate extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "custom_template" ("id" uuid not null, "workspace_id" uuid not null, "key" text not null, "definition" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "custom_template_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "custom_template" add constraint "custom_template_workspace_key_unique" unique ("workspace_id", "key");`,
    );

    this.addSql(
      `alter table "custom_template" add constraint "custom_template_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "custom_template" cascade;`);
  }
}
