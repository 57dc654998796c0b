import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../src/infra/logger';
import { openOrm } from '../src/infra/orm';

/** The local PostgreSQL of this machine kind; override with TEST_DATABASE_ADMIN_URL. */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

/** One fresh database per test run, migrated once; dropped at the end. */
export async function setup(project: TestProject) {
  const name = `copydesk_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const orm = await openOrm({ url: databaseUrl, poolMax: 2, logger: createLogger('silent'), migrate: true });
  await orm.close();
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', REDIS_URL);

  return async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  };
}
