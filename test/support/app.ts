import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/app';
import { parseConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';
import { createScratchDatabase, type ScratchDatabase } from './database';
import { createTestWorkspace, type TestWorkspace } from './factories';

export interface TestApp {
  app: App;
  /** Base URL, e.g. http://127.0.0.1:38211 */
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Builds the real app (buildApp) against the run's PostgreSQL on a free port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: Omit<AppOptions, 'logger'> = {},
): Promise<TestApp> {
  const config = parseConfig({
    DATABASE_URL: inject('databaseUrl'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    COPYDESK_DB_POOL_MAX: '4',
    // A worker re-queues every unfinished job of its database at start; on the run's shared database it would take
    // other files' jobs. Files that generate turn it on, on a scratch database of their own.
    COPYDESK_WORKER: 'off',
    // Rate limits stay on (every answer carries their headers) but out of reach: a file sends many requests from one
    // IP and key. test/rate-limit*.test.ts set small ones.
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '1000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '1000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '100000',
    ...env,
  });
  // See startCli: a worker acts on every workspace of its database, so never on the run's shared one.
  if (config.COPYDESK_WORKER === 'on' && config.DATABASE_URL === inject('databaseUrl')) {
    throw new Error('an app with a worker on the shared test database: use scratchDatabase or createScratchDatabase()');
  }
  const app = await buildApp(config, { ...options, logger: createLogger(config.LOG_LEVEL) });
  const url = await app.listen();
  return {
    app,
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `${url.replace('http', 'ws')}/graphql`,
    close: () => app.close(),
  };
}

/** The app a test file shares, read through getters once `beforeAll` has started it; see `useTestApp`. */
export interface SharedTestApp extends TestApp {
  /** The workspace of the running test (or of the file, with `workspace: 'per-file'`). */
  readonly ws: TestWorkspace;
  /** The database the app runs on: the file's scratch database, or the run's shared one. */
  readonly databaseUrl: string;
}

export interface UseTestAppOptions {
  /** Configuration on top of startTestApp's. */
  env?: Record<string, string>;
  /** A fresh workspace for every test (the default), one for the whole file, or none (the file makes its own). */
  workspace?: 'per-test' | 'per-file' | 'none';
  /**
   * On a migrated database of the file's own, dropped after it: for files that generate, whose worker re-queues
   * every unfinished job of its database (see createScratchDatabase).
   */
  scratchDatabase?: boolean;
  /** Service overrides: more durable subscribers, an injected clock. */
  services?: Omit<AppOptions, 'logger'>;
}

/**
 * Starts one app for the test file (beforeAll) and closes it after (afterAll), with a workspace of its own for
 * every test unless told otherwise. Call it at the top of the file; read what it returns inside hooks and tests.
 */
export function useTestApp(options: UseTestAppOptions = {}): SharedTestApp {
  const { env = {}, workspace = 'per-test', scratchDatabase = false, services = {} } = options;
  let started: TestApp | undefined;
  let scratch: ScratchDatabase | undefined;
  let current: TestWorkspace | undefined;
  const running = (): TestApp => {
    if (!started) throw new Error('useTestApp: the app starts in beforeAll; read it inside a hook or a test');
    return started;
  };

  beforeAll(async () => {
    if (scratchDatabase) scratch = await createScratchDatabase();
    started = await startTestApp({ ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...env }, services);
    if (workspace === 'per-file') current = await createTestWorkspace(started.app);
  });
  if (workspace === 'per-test') {
    beforeEach(async () => {
      current = await createTestWorkspace(running().app);
    });
  }
  afterAll(async () => {
    await started?.close();
    await scratch?.drop();
  });

  return {
    get app() {
      return running().app;
    },
    get url() {
      return running().url;
    },
    get graphqlUrl() {
      return running().graphqlUrl;
    },
    get wsUrl() {
      return running().wsUrl;
    },
    get ws() {
      if (!current) throw new Error(`useTestApp: no workspace (workspace: '${workspace}')`);
      return current;
    },
    get databaseUrl() {
      return scratch?.url ?? inject('databaseUrl');
    },
    close: () => running().close(),
  };
}
