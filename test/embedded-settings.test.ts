import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/infra/embedded-db';
import { makeTempDir, removeTempDir } from './support/process';

// PGlite's first start (initdb in WebAssembly) takes seconds, more on a busy machine.
const START_MS = 60_000;

describe('the embedded database (PGlite)', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  beforeAll(async () => {
    dir = makeTempDir('copydesk-embedded-settings-');
    db = await startEmbeddedDatabase(dir, 2, 12);
  }, START_MS);
  afterAll(async () => {
    await db?.stop();
    if (dir) removeTempDir(dir);
  });

  it('starts with the page cache it is given (COPYDESK_EMBEDDED_SHARED_BUFFERS_MB), not PostgreSQL’s 128 MB', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ shared_buffers: string }>('show shared_buffers');
      expect(rows[0]?.shared_buffers).toBe('12MB');
    } finally {
      await client.end();
    }
  });
});
