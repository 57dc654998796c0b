import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local PostgreSQL of this machine kind (trust auth); override with BENCH_DATABASE_ADMIN_URL. */
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops the database, closing whatever connections are still open; safe to call twice. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database with a random name, next to the admin database. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `copydesk_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin((client) => client.query(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () => {
      dropped ??= admin(async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
      });
      return dropped;
    },
  };
}

/** "PostgreSQL 16.4", as the admin connection's server reports it. */
export async function postgresVersion(): Promise<string> {
  const { rows } = await admin((client) => client.query<{ server_version: string }>('show server_version'));
  return `PostgreSQL ${rows[0]?.server_version.split(' ')[0] ?? '?'}`;
}
