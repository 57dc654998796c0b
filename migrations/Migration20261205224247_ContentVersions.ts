import { Migration } from '@mikro-orm/migrations';

export class Migration20261205224247_ContentVersions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "content_version" ("id" uuid not null, "workspace_id" uuid not null, "variant_id" uuid not null, "number" int not null, "title" text null, "body" text not null, "hashtags" jsonb not null, "content_hash" text not null, "source" text check ("source" in ('GENERATED', 'EDITED', 'AUTO_FIX', 'RESTORED')) not null, "created_by" uuid null, "moderation" jsonb null, "quality" jsonb null, "created_at" timestamptz not null default now(), constraint "content_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "content_version" add constraint "content_version_variant_number_unique" unique ("variant_id", "number");`,
    );

    this.addSql(
      `alter table "content_version" add constraint "content_version_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "content_version" add constraint "content_version_variant_id_foreign" foreign key ("variant_id") references "content_variant" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "content_variant" add column "version" int not null default 1;`);
    this.addSql(`create index "content_version_workspace_id_index" on "content_version" ("workspace_id");`);
    // Every existing variant gets its text as version 1; the hash is contentHash() of src/services/versions.
    this.addSql(`insert into "content_version"
      ("id", "workspace_id", "variant_id", "number", "title", "body", "hashtags", "content_hash", "source", "moderation", "quality", "created_at")
      select gen_random_uuid(), v."workspace_id", v."id", 1, v."title", v."body", v."hashtags",
        encode(sha256(convert_to(coalesce(v."title", '') || chr(31) || v."body" || chr(31) ||
          coalesce((select string_agg(t.value, ' ' order by t.ordinality) from jsonb_array_elements_text(v."hashtags") with ordinality t), ''), 'UTF8')), 'hex'),
        'GENERATED', v."moderation", v."quality", v."created_at"
      from "content_variant" v;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "content_version" cascade;`);

    this.addSql(`alter table "content_variant" drop column "version";`);
  }
}
