import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from '../entities';
import type { Logger } from './logger';

/** Counts SQL statements sent, for benchmarks and metrics. */
export const sqlCounter = { statements: 0 };

export interface OrmOptions {
  url: string;
  poolMax: number;
  /** The longest a query waits for a pooled connection (default: knex's 60 s). */
  acquireTimeoutMs?: number;
  logger: Logger;
}

/** The one MikroORM configuration, shared by the server, the CLI and the tests. */
export function ormConfig(options: OrmOptions): Options<PostgreSqlDriver> {
  const log = options.logger.child({ module: 'orm' });
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false },
    pool: {
      min: 0,
      max: options.poolMax,
      ...(options.acquireTimeoutMs ? { acquireTimeoutMillis: options.acquireTimeoutMs } : {}),
    },
    forceUtcTimezone: true,
    // A DATABASE_URL naming a database that does not exist is a mistake to report, not a database to create.
    ensureDatabase: false,
    allowGlobalContext: false,
    discovery: { requireEntitiesArray: true },
    debug: false,
    logger: (message) => log.debug(message),
    // knex (under MikroORM) writes its own warnings with console.log unless given a logger: through pino instead.
    driverOptions: {
      log: {
        warn: (message: unknown) => log.warn({ knex: String(message) }, 'database driver warning'),
        error: (message: unknown) => log.error({ knex: String(message) }, 'database driver error'),
        deprecate: (message: unknown) => log.debug({ knex: String(message) }, 'database driver deprecation'),
        debug: (message: unknown) => log.debug({ knex: String(message) }, 'database driver debug'),
      },
    },
    onQuery: (sql) => {
      sqlCounter.statements++;
      return sql;
    },
  };
}

/** Connects, then applies pending migrations when asked. */
export async function openOrm(options: OrmOptions & { migrate: boolean }): Promise<MikroORM<PostgreSqlDriver>> {
  const orm = await MikroORM.init(ormConfig(options));
  try {
    // Fails on a database that does not exist (3D000) before the migrator would create it.
    await orm.em.getConnection().execute('select 1');
  } catch (error) {
    await orm.close();
    throw error;
  }
  if (options.migrate) await orm.getMigrator().up();
  return orm;
}
