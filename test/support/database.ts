import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createLogger } from '../../src/infra/logger';
import { openOrm } from '../../src/infra/orm';

/** A database of its own, migrated; see `createScratchDatabase`. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database next to the run's one. Every server that starts its worker re-queues the unfinished
 * jobs it finds in its database; on the run's shared database, a server another test file starts would take
 * over this file's jobs (and publish their events where no subscriber of this file listens).
 */
export async function createScratchDatabase(options: { migrate?: boolean } = {}): Promise<ScratchDatabase> {
  const shared = new URL(inject('databaseUrl'));
  const name = `${shared.pathname.slice(1)}_${randomBytes(3).toString('hex')}`;
  const admin = new URL(shared);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  // `migrate: false`: an empty database, for tests that migrate it step by step.
  if (options.migrate !== false) {
    const orm = await openOrm({ url: url.toString(), poolMax: 1, logger: createLogger('silent'), migrate: true });
    await orm.close();
  }
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}
