import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type Context, createContext, type Services } from './context';
import { AppError, toGraphQLError } from './errors';
import type { Config } from './infra/config';
import { createLogger, type Logger } from './infra/logger';
import { createGeneration, type Infrastructure, openInfrastructure } from './infrastructure';
import { buildCopydeskSchema } from './resolvers';
import { createApolloServer } from './server/apollo';
import { createHttpApp } from './server/http';
import { attachWebSocketServer } from './server/websocket';
import { ApiKeyService } from './services/auth/api-key.service';
import { BrandService } from './services/brand/brand.service';
import { CampaignService } from './services/campaigns/campaign.service';
import { JobService } from './services/generation/job.service';
import { HealthService } from './services/health/health.service';
import { ContentCheckService } from './services/quality/content-check.service';
import { TemplateCatalogService } from './services/templates/template-catalog.service';
import type { Viewer } from './services/viewer';

export interface App {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  services: Services;
  httpServer: http.Server;
  /** The ADMIN key made on the very first embedded start, to show once; otherwise undefined. */
  firstKey?: string;
  /** Starts listening; resolves to the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Starts this process's worker if COPYDESK_WORKER=off left it stopped (benchmarks queue jobs first); idempotent. */
  startWorker(): Promise<void>;
  /** Stops accepting, finishes in-flight requests, closes WebSockets, the database and Redis. */
  close(): Promise<void>;
}

async function bootstrapKeys(config: Config, infra: Infrastructure, apiKeys: ApiKeyService) {
  const em = infra.orm.em.fork();
  if (config.COPYDESK_ADMIN_KEY) await apiKeys.ensureAdminKey(em, config.COPYDESK_ADMIN_KEY);
  return infra.embedded ? apiKeys.createFirstKeyIfNone(em) : undefined;
}

/** The composition root: every part of Copydesk is wired here, once; tests build the same app. */
export async function buildApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const infra = await openInfrastructure(config, logger);
  const apiKeys = new ApiKeyService(logger.child({ module: 'api-keys' }));
  const generation = createGeneration(config, infra, logger);
  const services: Services = {
    apiKeys,
    campaigns: new CampaignService(),
    jobs: new JobService(),
    generation: generation.service,
    brand: new BrandService(),
    templates: new TemplateCatalogService(),
    contentCheck: new ContentCheckService(),
  };
  const health = new HealthService(infra.orm, infra.redis);
  const firstKey = await bootstrapKeys(config, infra, apiKeys);
  const schema = await buildCopydeskSchema(infra.events.pubsub);
  const httpServer = http.createServer();

  const contextFor = (viewer: Viewer, requestId: string, log: Logger): Context =>
    createContext({ em: infra.orm.em.fork(), viewer, requestId, logger: log, services });
  const ws = attachWebSocketServer({
    httpServer,
    schema,
    logger,
    authenticate: (authorization) => apiKeys.authenticate(infra.orm.em.fork(), authorization),
    contextFor,
  });
  const apollo = createApolloServer({
    schema,
    httpServer,
    // Leave time after the drain to close the database and Redis before the hard deadline in main.ts.
    shutdownTimeoutMs: Math.max(0, config.COPYDESK_SHUTDOWN_TIMEOUT_MS - 2_000),
    onStop: ws.close,
  });
  await apollo.start();
  let worker: Promise<void> | undefined;
  const startWorker = () => {
    worker ??= generation.startWorker();
    return worker;
  };
  if (config.COPYDESK_WORKER === 'on') await startWorker();
  const express = createHttpApp({
    apollo,
    health,
    context: async (req, requestId) => {
      const em = infra.orm.em.fork();
      try {
        const viewer = await apiKeys.authenticate(em, req.header('authorization'));
        return createContext({ em, viewer, requestId, logger: logger.child({ requestId }), services });
      } catch (error) {
        if (error instanceof AppError) throw toGraphQLError(error, { requestId });
        throw error;
      }
    },
  });
  httpServer.on('request', express);

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    orm: infra.orm,
    services,
    httpServer,
    firstKey,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.PORT, config.HOST, () => {
          const { address, port } = httpServer.address() as AddressInfo;
          const host = address.includes(':') ? `[${address}]` : address;
          resolve(`http://${host}:${port}`);
        });
      }),
    startWorker,
    close: () => {
      closing ??= (async () => {
        health.markDraining();
        await apollo.stop();
        generation.runner.abortAll();
        await infra.close();
      })();
      return closing;
    },
  };
}
