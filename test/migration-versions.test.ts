import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/infra/logger';
import { openOrm } from '../src/infra/orm';
import { contentHash } from '../src/services/versions/version.service';
import { createScratchDatabase, type ScratchDatabase } from './support/database';

/** The ContentVersions migration gives every variant that existed before it its version 1. */

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase({ migrate: false });
});
afterAll(() => scratch?.drop());

describe('the ContentVersions migration', () => {
  it("turns each existing variant's text into version 1 with the hash the service computes", async () => {
    const orm = await openOrm({ url: scratch.url, poolMax: 1, logger: createLogger('silent'), migrate: false });
    try {
      const migrator = orm.getMigrator();
      await migrator.up({ to: 'Migration20261205141657_Webhooks' });
      const db = orm.em.getConnection();
      const [workspace, campaign] = [randomUUID(), randomUUID()];
      await db.execute(`insert into workspace (id, name) values (?, 'Before versions')`, [workspace]);
      await db.execute(`insert into campaign (id, workspace_id, name, brief) values (?, ?, 'Old', '{}')`, [
        campaign,
        workspace,
      ]);
      const rows = [
        { id: randomUUID(), title: null, body: 'Plain text, no tags.', hashtags: [] as string[] },
        {
          id: randomUUID(),
          title: 'A title — ünïcode',
          body: 'Body with tags.\nTwo lines.',
          hashtags: ['#one', '#Two'],
        },
      ];
      for (const row of rows) {
        await db.execute(
          `insert into content_variant (id, workspace_id, campaign_id, platform, title, body, hashtags, moderation)
           values (?, ?, ?, 'LINKEDIN', ?, ?, ?, '{"verdict":"PASS","findings":[]}')`,
          [row.id, workspace, campaign, row.title, row.body, JSON.stringify(row.hashtags)],
        );
      }
      await migrator.up();
      const versions = await db.execute<
        {
          variant_id: string;
          number: number;
          body: string;
          content_hash: string;
          source: string;
          moderation: unknown;
        }[]
      >('select variant_id, number, body, content_hash, source, moderation from content_version');
      expect(versions).toHaveLength(2);
      for (const row of rows) {
        const version = versions.find((v) => v.variant_id === row.id);
        expect(version).toMatchObject({ number: 1, body: row.body, source: 'GENERATED' });
        expect(version?.content_hash).toBe(contentHash(row.title, row.body, row.hashtags));
        expect(version?.moderation).toEqual({ verdict: 'PASS', findings: [] });
      }
      const [variant] = await db.execute<{ version: number }[]>('select version from content_variant limit 1');
      expect(variant?.version).toBe(1);
    } finally {
      await orm.close();
    }
  });
});
