import { Migration } from '@mikro-orm/migrations';

export class Migration20261205034740_ApiKeyRateLimitTier extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "api_key" add column "rate_limit_tier" text check ("rate_limit_tier" in ('STANDARD', 'HIGH', 'UNLIMITED')) not null default 'STANDARD';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop column "rate_limit_tier";`);
  }
}
