import { inject } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/app';
import { parseConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';

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
    ...env,
  });
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
