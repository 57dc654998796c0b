#!/usr/bin/env node
// First: OpenTelemetry must patch http, pg, ioredis and graphql before they load (a no-op without an OTLP endpoint).
import './infra/tracing';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { type Copydesk, createServices, type Infrastructure, openInfrastructure } from './composition';
import { RateLimitTier, Role } from './entities';
import { AppError } from './errors';
import { type Config, ConfigError, logFormat, parseConfig } from './infra/config';
import { createLogger, type Logger } from './infra/logger';
import { unavailableDependency } from './infra/outage';
import { flushTraces } from './infra/tracing-api';
import { startMetricsServer } from './server/metrics-server';

const USAGE = `Usage: copydesk <command>

Commands:
  serve                                   serve the API (default), with an in-process worker
  worker                                  run generation jobs only (needs REDIS_URL)
  migrate                                 apply pending database migrations
  workspace create <name>                 create a workspace; prints its ADMIN API key
  apikey create --workspace <name> --role ADMIN|EDITOR|VIEWER [--name <label>] [--tier STANDARD|HIGH|UNLIMITED]
                                          create an API key; prints the key
`;

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function firstKeyBanner(key: string, url: string): string {
  const lines = [
    'Copydesk created workspace "default" and this ADMIN API key. It is shown ONCE; store it now:',
    '',
    `    ${key}`,
    '',
    `Try it:  curl -s ${url}/graphql -H 'content-type: application/json' \\`,
    `           -H 'authorization: Bearer ${key}' -d '{"query":"{ viewer { role workspace { name } } }"}'`,
    `Dashboard: open ${url}/ and paste the key (API explorer: ${url}/explorer).`,
    `Sandbox: open ${url}/graphql and set the Authorization header to "Bearer <key>".`,
  ];
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const rule = '='.repeat(width);
  return ['', rule, ...lines.map((line) => `  ${line}`), rule, ''].join('\n');
}

async function serve(config: Config, logger: Logger): Promise<void> {
  // Signals are handled from the first moment: a SIGTERM while the database or Redis is still being reached stops
  // the process at once (nothing to close yet) instead of being ignored until they answer.
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  onSignals(config, logger, async () => {
    await app?.close();
  });
  app = await buildApp(config, { logger });
  const url = await app.listen();
  logger.info({ url: `${url}/graphql`, embedded: !config.DATABASE_URL, redis: Boolean(config.REDIS_URL) }, 'listening');
  if (app.firstKey) out(firstKeyBanner(app.firstKey, url));
}

/** Stops on SIGTERM/SIGINT: `stop` runs once, and the process exits by the deadline whatever happens. */
function onSignals(config: Config, logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  // The spans of the last requests and jobs go out before the exit.
  const stopAndFlush = () => stop().then(flushTraces);
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.COPYDESK_SHUTDOWN_TIMEOUT_MS);
    force.unref();
    stopAndFlush().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handle('SIGTERM'));
  process.on('SIGINT', () => handle('SIGINT'));
}

/** A worker process: consumes the BullMQ queue; any API instance streams the events it publishes. */
async function worker(config: Config, logger: Logger): Promise<void> {
  if (!config.REDIS_URL) {
    throw new ConfigError('copydesk worker needs REDIS_URL (without Redis, `copydesk serve` runs the jobs itself)');
  }
  let stop = async (): Promise<void> => {};
  onSignals(config, logger, () => stop());
  logger.info('worker starting');
  const infra = await openInfrastructure(config, logger);
  stop = () => infra.close();
  const copydesk = createServices(config, infra, logger);
  await copydesk.startWorker();
  logger.info({ concurrency: config.COPYDESK_WORKER_CONCURRENCY }, 'worker started');
  const metrics =
    config.COPYDESK_METRICS_PORT === undefined
      ? undefined
      : await startMetricsServer({
          host: config.HOST,
          port: config.COPYDESK_METRICS_PORT,
          source: { render: () => copydesk.metrics.render(), token: config.COPYDESK_METRICS_TOKEN },
        });
  if (metrics) logger.info({ url: `${metrics.url}/metrics` }, 'worker metrics listening');
  stop = async () => {
    await metrics?.close();
    await copydesk.stop();
    await infra.close();
  };
}

async function withDatabase<T>(
  config: Config,
  logger: Logger,
  migrate: boolean,
  work: (infra: Infrastructure, copydesk: Copydesk) => Promise<T>,
): Promise<T> {
  const infra = await openInfrastructure(config, logger, migrate);
  try {
    return await work(infra, createServices(config, infra, logger));
  } finally {
    await infra.close();
  }
}

function parseTier(value: string | undefined): RateLimitTier | undefined {
  if (value === undefined) return undefined;
  const tier = value.toUpperCase();
  if (tier === RateLimitTier.STANDARD || tier === RateLimitTier.HIGH || tier === RateLimitTier.UNLIMITED) return tier;
  throw new AppError('BAD_USER_INPUT', '--tier must be STANDARD, HIGH or UNLIMITED');
}

function parseRole(value: string | undefined): Role {
  const role = value?.toUpperCase();
  if (role === Role.ADMIN || role === Role.EDITOR || role === Role.VIEWER) return role;
  throw new AppError('BAD_USER_INPUT', '--role must be ADMIN, EDITOR or VIEWER');
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      tier: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'serve', sub, arg] = positionals;
  if (values.help || command === 'help') return out(USAGE);
  const config = parseConfig();
  // CLI commands print their result on stdout; keep logs on stderr and quiet.
  const format = logFormat(config);
  const cliLogger = () => createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 2, format);
  switch (command) {
    case 'serve':
      return serve(config, createLogger(config.LOG_LEVEL, 1, format));
    case 'worker':
      return worker(config, createLogger(config.LOG_LEVEL, 1, format));
    case 'migrate':
      return withDatabase(config, createLogger(config.LOG_LEVEL, 2, format), false, async (infra) => {
        const applied = await infra.orm.getMigrator().up();
        out(
          applied.length === 0
            ? 'Database is up to date'
            : `Applied: ${applied.map((migration: { name: string }) => migration.name).join(', ')}`,
        );
      });
    case 'workspace': {
      if (sub !== 'create' || !arg) throw new AppError('BAD_USER_INPUT', 'usage: copydesk workspace create <name>');
      const logger = cliLogger();
      return withDatabase(config, logger, true, async (infra, { services }) => {
        const { secret } = await services.workspaces.create(infra.orm.em.fork(), arg);
        out(secret);
      });
    }
    case 'apikey': {
      if (sub !== 'create' || !values.workspace) {
        throw new AppError(
          'BAD_USER_INPUT',
          'usage: copydesk apikey create --workspace <name> --role ADMIN|EDITOR|VIEWER',
        );
      }
      const role = parseRole(values.role);
      const rateLimitTier = parseTier(values.tier);
      const logger = cliLogger();
      return withDatabase(config, logger, true, async (infra, { services }) => {
        out(
          await services.workspaces.createKey(infra.orm.em.fork(), {
            workspaceName: values.workspace ?? '',
            role,
            name: values.name ?? `${role.toLowerCase()} key`,
            rateLimitTier,
          }),
        );
      });
    }
    default:
      throw new AppError('BAD_USER_INPUT', `unknown command "${command}"\n\n${USAGE}`);
  }
}

/** One line for a failure an operator can fix (a dependency unreachable, a port taken), or null. */
function startupProblem(error: unknown): string | null {
  const { code, message } = error as { code?: string; message?: string };
  const config = parseConfig();
  if (code === 'EADDRINUSE') return `port ${config.PORT} on ${config.HOST} is in use (set PORT)`;
  if (code === '3D000') return `${message ?? 'the database does not exist'}: create it, or fix DATABASE_URL`;
  if (code === '28P01' || code === '28000') return `the database refused the credentials in DATABASE_URL`;
  const dependency = unavailableDependency(error);
  if (dependency === 'database')
    return `cannot reach the database (${code ?? message}): is it running? check DATABASE_URL`;
  if (dependency === 'redis') return `cannot reach Redis (${message}): is it running? check REDIS_URL`;
  return null;
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const problem = error instanceof ConfigError || error instanceof AppError ? error.message : startupProblem(error);
  if (problem) {
    process.stderr.write(`copydesk: ${problem}\n`);
  } else {
    process.stderr.write(`copydesk: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
