import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { hashSecret } from '../src/services/auth/api-key.secret';
import { startTestApp, useTestApp } from './support/app';
import { createScratchDatabase } from './support/database';
import { ApiKey } from './support/factories';
import { gql } from './support/graphql';
import { killStartedProcesses, runCli, STACK_FRAME, startCli } from './support/process';

const VIEWER_QUERY = '{ viewer { role workspace { name } } }';
/** `cdk_` and 32 random bytes in base64url (43 characters), alone on its line. */
const PRINTED_KEY = /^(cdk_[A-Za-z0-9_-]{43,})\n$/;

const t = useTestApp({ workspace: 'none' });
const workspace = `acme-${randomBytes(4).toString('hex')}`;

/** The CLI against the run's database, with the default LOG_LEVEL a user would have. */
function copydesk(...args: string[]) {
  return runCli(args, { DATABASE_URL: inject('databaseUrl'), COPYDESK_DB_POOL_MAX: '2' });
}

afterEach(killStartedProcesses);

describe('copydesk workspace create', () => {
  it('prints only a new ADMIN key of the new workspace', async () => {
    const result = await copydesk('workspace', 'create', workspace);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(PRINTED_KEY);
    const key = PRINTED_KEY.exec(result.stdout)![1]!;

    const res = await gql(t.graphqlUrl, VIEWER_QUERY, { key });
    expect(res.data).toEqual({ viewer: { role: 'ADMIN', workspace: { name: workspace } } });
  });

  it('refuses a name that already exists, without a stack trace', async () => {
    const result = await copydesk('workspace', 'create', workspace);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('already exists');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('copydesk apikey create', () => {
  it('prints only a new key with the requested role in the named workspace', async () => {
    const result = await copydesk('apikey', 'create', '--workspace', workspace, '--role', 'VIEWER');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(PRINTED_KEY);
    const key = PRINTED_KEY.exec(result.stdout)![1]!;

    const res = await gql(t.graphqlUrl, VIEWER_QUERY, { key });
    expect(res.data).toEqual({ viewer: { role: 'VIEWER', workspace: { name: workspace } } });
  });

  it('gives the key the rate-limit tier asked for, and refuses an unknown tier', async () => {
    const result = await copydesk('apikey', 'create', '--workspace', workspace, '--role', 'ADMIN', '--tier', 'high');
    expect(result.code).toBe(0);
    const key = PRINTED_KEY.exec(result.stdout)![1]!;
    const res = await gql(t.graphqlUrl, '{ apiKeys { prefix rateLimitTier } }', { key });
    expect(res.data?.apiKeys).toContainEqual({ prefix: key.slice(0, 12), rateLimitTier: 'HIGH' });

    const bad = await copydesk('apikey', 'create', '--workspace', workspace, '--role', 'ADMIN', '--tier', 'GOLD');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--tier must be STANDARD, HIGH or UNLIMITED');
    expect(bad.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses an unknown workspace, naming it', async () => {
    const missing = `missing-${randomBytes(4).toString('hex')}`;
    const result = await copydesk('apikey', 'create', '--workspace', missing, '--role', 'EDITOR');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Workspace "${missing}" not found`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses a role that does not exist, listing the valid ones', async () => {
    const result = await copydesk('apikey', 'create', '--workspace', workspace, '--role', 'OWNER');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--role must be ADMIN, EDITOR or VIEWER');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('start-up problems an operator can fix', () => {
  it('names a database that does not exist in one line, and does not create it', async () => {
    const url = new URL(inject('databaseUrl'));
    url.pathname = `/missing_${randomBytes(4).toString('hex')}`;
    const result = await runCli(['migrate'], { DATABASE_URL: url.toString() });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      `copydesk: database "${url.pathname.slice(1)}" does not exist: create it, or fix DATABASE_URL`,
    );
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    const found = await admin.query('select 1 from pg_database where datname = $1', [url.pathname.slice(1)]);
    await admin.end();
    expect(found.rowCount).toBe(0);
  });

  it('names an unreachable database in one line, without a stack trace', async () => {
    const closed = await runCli(['migrate'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/copydesk' });
    expect(closed.code).not.toBe(0);
    expect(closed.stderr.trim()).toBe(
      'copydesk: cannot reach the database (ECONNREFUSED): is it running? check DATABASE_URL',
    );
  });

  it('names a port in use in one line, without a stack trace', async () => {
    const port = new URL(t.url).port;
    const taken = await runCli(['serve'], {
      DATABASE_URL: inject('databaseUrl'),
      PORT: port,
      HOST: '127.0.0.1',
      COPYDESK_WORKER: 'off',
    });
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain(`copydesk: port ${port} on 127.0.0.1 is in use (set PORT)`);
    expect(taken.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('signals', () => {
  it('stops a worker on SIGTERM while Redis cannot be reached, at once and cleanly', async () => {
    // A database of its own: a worker dispatches and delivers for every workspace of its database, so on the shared
    // one it would touch other files' outbox events and webhook deliveries.
    const scratch = await createScratchDatabase();
    onTestFinished(() => scratch.drop());
    const worker = startCli(['worker'], {
      DATABASE_URL: scratch.url,
      REDIS_URL: 'redis://127.0.0.1:9/0', // the discard port: nothing listens
      COPYDESK_DB_POOL_MAX: '2',
      LOG_LEVEL: 'info',
    });
    await worker.waitForLog('worker starting', 30_000);
    worker.signal('SIGTERM');
    const exit = await worker.waitForExit(15_000);
    expect(exit.code, worker.stdout + worker.stderr).toBe(0);
    expect(worker.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(worker.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('copydesk migrate', () => {
  it('reports an already migrated database as up to date', async () => {
    const result = await copydesk('migrate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('up to date');
  });
});

describe('COPYDESK_ADMIN_KEY', () => {
  it('creates an ADMIN key with exactly that secret in workspace "default", once', async () => {
    const secret = `cdk_admin_${randomBytes(24).toString('hex')}`;
    for (let start = 0; start < 2; start++) {
      const app = await startTestApp({ COPYDESK_ADMIN_KEY: secret });
      try {
        const res = await gql(app.graphqlUrl, VIEWER_QUERY, { key: secret });
        expect(res.data).toEqual({ viewer: { role: 'ADMIN', workspace: { name: 'default' } } });
      } finally {
        await app.close();
      }
    }
    const em = t.app.orm.em.fork();
    expect(await em.count(ApiKey, { hash: hashSecret(secret) }, { filters: false })).toBe(1);
  });

  it('lets two instances start together with the same COPYDESK_ADMIN_KEY', async () => {
    const secret = `cdk_admin_${randomBytes(24).toString('hex')}`;
    const started = await Promise.allSettled([
      startTestApp({ COPYDESK_ADMIN_KEY: secret }),
      startTestApp({ COPYDESK_ADMIN_KEY: secret }),
    ]);
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual([
      'started',
      'started',
    ]);
    const res = await gql(t.graphqlUrl, VIEWER_QUERY, { key: secret });
    expect(res.data).toEqual({ viewer: { role: 'ADMIN', workspace: { name: 'default' } } });
  });
});
