import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createServices, type Infrastructure, openInfrastructure, type ServiceOverrides } from './composition';
import { type Context, createContext, type Services } from './context';
import { AppError, outageError, toGraphQLError } from './errors';
import { type Config, schemaIsPublic } from './infra/config';
import { createLogger, type Logger } from './infra/logger';
import { unavailableDependency } from './infra/outage';
import { buildCopydeskSchema } from './resolvers';
import { createApolloServer } from './server/apollo';
import { auditPlugin } from './server/audit-plugin';
import { concurrencyGate, httpConcurrencyOf } from './server/concurrency';
import { createHttpApp } from './server/http';
import { metricsPlugin } from './server/metrics-plugin';
import { applicable, enforce, generationLimitPlugin, rememberStates } from './server/rate-limit';
import { logSecurityEvent } from './server/security-log';
import { attachWebSocketServer } from './server/websocket';
import type { EventHub } from './services/events/domain-events';
import { HealthService } from './services/health/health.service';
import type { Viewer } from './services/viewer';

export interface App {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  services: Services;
  /** The domain event hub (benchmarks emit through it). */
  events: EventHub;
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

async function bootstrapKeys(config: Config, infra: Infrastructure, apiKeys: Services['apiKeys']) {
  const em = infra.orm.em.fork();
  if (config.COPYDESK_ADMIN_KEY) await apiKeys.ensureAdminKey(em, config.COPYDESK_ADMIN_KEY);
  return infra.embedded ? apiKeys.createFirstKeyIfNone(em) : undefined;
}

export interface AppOptions extends ServiceOverrides {
  logger?: Logger;
}

/** HTTP and WebSocket on top of the composition root (createServices); tests build the same app. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const infra = await openInfrastructure(config, logger);
  const copydesk = createServices(config, infra, logger, options);
  const { services } = copydesk;
  const { apiKeys } = services;
  const { rateLimits } = copydesk;
  const health = new HealthService(services.health);
  services.health.start();
  const firstKey = await bootstrapKeys(config, infra, apiKeys);
  const schema = await buildCopydeskSchema(copydesk.streams);
  // A client gets this long to send its whole request (slow senders cannot hold connections open for ever).
  const httpServer = http.createServer({
    requestTimeout: config.COPYDESK_REQUEST_TIMEOUT_MS,
    headersTimeout: Math.min(config.COPYDESK_REQUEST_TIMEOUT_MS, 60_000),
    connectionsCheckingInterval: Math.min(Math.ceil(config.COPYDESK_REQUEST_TIMEOUT_MS / 4), 30_000),
  });
  const publicSchema = schemaIsPublic(config);

  const contextFor = (viewer: Viewer, requestId: string, log: Logger): Context =>
    createContext({ em: infra.orm.em.fork(), viewer, requestId, logger: log, services });
  const ws = attachWebSocketServer({
    httpServer,
    schema,
    logger,
    authenticate: (authorization) => apiKeys.authenticate(infra.orm.em.fork(), authorization),
    contextFor,
    countRequest: (viewer) => services.usage.countRequest(viewer),
    metrics: copydesk.metrics,
    schemaIsPublic: publicSchema,
    rateLimits,
  });
  const apollo = createApolloServer({
    schema,
    httpServer,
    // Leave time after the drain to close the database and Redis before the hard deadline in main.ts.
    shutdownTimeoutMs: Math.max(0, config.COPYDESK_SHUTDOWN_TIMEOUT_MS - 2_000),
    onStop: ws.close,
    schemaIsPublic: publicSchema,
    plugins: [generationLimitPlugin(rateLimits), auditPlugin(), metricsPlugin(copydesk.metrics)],
  });
  await apollo.start();
  const startWorker = () => copydesk.startWorker();
  if (config.COPYDESK_WORKER === 'on') await startWorker();
  const concurrency = httpConcurrencyOf(config);
  const gate = concurrency > 0 ? concurrencyGate(concurrency) : undefined;
  if (gate) {
    copydesk.metrics.gauge(
      'copydesk_http_operations_waiting',
      'GraphQL operations over HTTP waiting for their turn (COPYDESK_HTTP_CONCURRENCY)',
      async () => gate.state().waiting,
    );
  }
  const express = createHttpApp({
    gate,
    apollo,
    health,
    metrics: { render: () => copydesk.metrics.render(), token: config.COPYDESK_METRICS_TOKEN },
    exportCampaign: (context, campaignId, format) => services.exports.export(context, campaignId, format),
    ingestEngagement: (context, body) =>
      typeof body.csv === 'string'
        ? services.engagement.importCsv(context, body.csv)
        : services.engagement.record(context, body.rows as never),
    reviewLinks: {
      view: (token) => services.reviewLinks.view(infra.orm.em, token),
      decide: async (token, body) => {
        const approval = await services.reviewLinks.decide(infra.orm.em, token, (body ?? {}) as never);
        return {
          id: approval.id,
          status: approval.status,
          versionId: approval.version.id,
          reviewerName: approval.reviewerName,
          comment: approval.comment ?? null,
          decidedAt: approval.decidedAt,
        };
      },
    },
    logger,
    context: async (req, res, requestId) => {
      const em = infra.orm.em.fork();
      const setHeader = (name: string, value: string) => void res.setHeader(name, value);
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      let viewer: Viewer | undefined;
      try {
        // The IP's budget first, so a flood of bad keys is refused before it reaches the database.
        const states = applicable(await rateLimits.ip(ip));
        enforce(states, setHeader, requestId);
        viewer = await apiKeys.authenticate(em, req.header('authorization'));
        states.push(...applicable(await rateLimits.key(viewer)));
        enforce(states, setHeader, requestId);
        await services.usage.countRequest(viewer);
        const context = createContext({ em, viewer, requestId, logger: logger.child({ requestId }), services });
        rememberStates(context, states);
        return context;
      } catch (error) {
        // Refused before the operation (no key, rate limit, quota): counted here, the plugin never sees them.
        const dependency = error instanceof AppError ? null : unavailableDependency(error);
        const refusal = error instanceof AppError ? error : dependency ? outageError(dependency) : null;
        if (dependency) logger.warn({ err: error, requestId, dependency }, 'dependency unavailable');
        if (refusal) copydesk.metrics.errors.inc({ code: refusal.code });
        if (refusal) {
          logSecurityEvent(logger, refusal.code, refusal.message, {
            transport: 'http',
            requestId,
            ip,
            apiKeyId: viewer?.apiKeyId,
            workspaceId: viewer?.workspace.id,
          });
        }
        if (refusal) throw toGraphQLError(refusal, { requestId });
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
    events: copydesk.events,
    httpServer,
    firstKey,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.PORT, config.HOST, () => {
          const { address, port } = httpServer.address() as AddressInfo;
          const host = address.includes(':') ? `[${address}]` : address;
          // Links a client is given must reach this server: the real port (PORT=0 picks one), and a name for
          // "every interface" that a browser can open.
          if (!copydesk.publicUrl.fixed) {
            const reachable = address === '0.0.0.0' || address === '::' ? 'localhost' : host;
            copydesk.publicUrl.current = `http://${reachable}:${port}`;
          }
          resolve(`http://${host}:${port}`);
        });
      }),
    startWorker,
    close: () => {
      closing ??= (async () => {
        health.markDraining();
        await apollo.stop();
        await copydesk.stop();
        await infra.close();
      })();
      return closing;
    },
  };
}
