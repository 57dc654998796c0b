/**
 * Writes a new migration for the difference between the entities and the database at DATABASE_URL
 * (default: a scratch database on the local PostgreSQL, migrated first). Then list it in migrations/index.ts.
 *   npm run migration:create -- AddTemplates
 */
import 'reflect-metadata';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { createLogger } from '../src/infra/logger';
import { ormConfig } from '../src/infra/orm';

/** The scratch database exists after this (created on the same server when missing). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function main() {
  const name = process.argv[2] ?? 'Change';
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/copydesk_migrations';
  await ensureDatabase(url);
  const dir = path.resolve(__dirname, '../migrations');
  const base = ormConfig({ url, poolMax: 2, logger: createLogger('warn', 2) });
  const orm = await MikroORM.init({
    ...base,
    migrations: { ...base.migrations, path: dir, pathTs: dir, emit: 'ts', snapshot: false },
  });
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(undefined, false, false, name);
    process.stdout.write(`${result.fileName || 'no changes'}\n`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
