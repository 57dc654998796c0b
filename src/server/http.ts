import { timingSafeEqual } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { AppError, appErrorExtensions, type ErrorCode, httpStatusFor, outageError } from '../errors';
import type { Logger } from '../infra/logger';
import { unavailableDependency } from '../infra/outage';
import { type ExportFile, formatOfExtension } from '../services/export/campaign-export';
import type { HealthService } from '../services/health/health.service';
import { apolloHandler } from './apollo-handler';
import type { ConcurrencyGate } from './concurrency';
import { RATE_LIMIT_HEADERS } from './rate-limit';
import { requestIdMiddleware, requestIdOf } from './request-id';
import { dashboardRoutes, findWebDir } from './web';

/** Largest request body accepted; a brief at its limits is well under 64 KB. */
const BODY_LIMIT = '1mb';

/** What /metrics serves: the exposition text, behind `token` (COPYDESK_METRICS_TOKEN) when one is set. */
export interface MetricsSource {
  render(): Promise<{ contentType: string; body: string }>;
  token?: string;
}

/** GET /metrics, for the API and for a worker's own metrics port alike. */
export function metricsHandler(source: MetricsSource) {
  return async (req: Request, res: Response): Promise<void> => {
    if (source.token && !hasToken(req.header('authorization'), source.token)) {
      res.status(401).setHeader('www-authenticate', 'Bearer').json({ error: 'A metrics token is required' });
      return;
    }
    const { contentType, body } = await source.render();
    res.setHeader('content-type', contentType);
    res.send(body);
  };
}

export interface HttpProps {
  apollo: ApolloServer<Context>;
  health: HealthService;
  /** The operation's context; `res` takes headers that every answer carries (rate limits), refusals included. */
  context: (req: Request, res: Response, requestId: string) => Promise<Context>;
  metrics: MetricsSource;
  /** A campaign as a file (GET /export/campaigns/<id>.<ext>); ExportService.export. */
  exportCampaign: (context: Context, campaignId: string, format: string) => Promise<ExportFile>;
  /** POST /ingest/engagement: JSON rows or CSV text (EngagementService). */
  ingestEngagement: (context: Context, body: { rows?: unknown; csv?: string }) => Promise<unknown>;
  /** Review links: what a token shows, and a decision through it (ReviewLinkService). */
  reviewLinks: {
    view(token: string): Promise<unknown>;
    decide(token: string, body: unknown): Promise<unknown>;
  };
  logger: Logger;
  /** Bounds the GraphQL operations over HTTP running at once (COPYDESK_HTTP_CONCURRENCY); none: no bound. */
  gate?: ConcurrencyGate;
}

/** An error of a non-GraphQL route, in GraphQL's error shape with the HTTP status its code carries. */
function sendRouteError(res: Response, error: unknown, context: Pick<Context, 'logger'> | undefined): void {
  const requestId = requestIdOf(res);
  let known: { code: string; message: string; extensions: Record<string, unknown>; status: number } | undefined;
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    const { http, ...extensions } = error.extensions as { http?: { status?: number } } & Record<string, unknown>;
    known = {
      code: error.extensions.code,
      message: error.message,
      extensions,
      status: http?.status ?? httpStatusFor(error.extensions.code as ErrorCode),
    };
  } else {
    const dependency = error instanceof AppError ? null : unavailableDependency(error);
    const appError = error instanceof AppError ? error : dependency ? outageError(dependency) : null;
    if (appError) {
      known = {
        code: appError.code,
        message: appError.message,
        extensions: appErrorExtensions(appError),
        status: httpStatusFor(appError.code),
      };
    }
  }
  if (!known) {
    context?.logger.error({ err: error }, 'request failed');
    res.status(500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
    });
    return;
  }
  if (typeof known.extensions.retryAfter === 'number')
    res.setHeader('retry-after', String(known.extensions.retryAfter));
  res
    .status(known.status)
    .json({ errors: [{ message: known.message, extensions: { ...known.extensions, requestId } }] });
}

/** GET /export/campaigns/<id>.<md|csv|json>: the file, as a download, with the same key, limits and errors as /graphql. */
function exportRoute(props: HttpProps) {
  const context = contextWithChallenge(props.context);
  return async (req: Request, res: Response): Promise<void> => {
    const match = /^(.{1,200})\.([a-z]{1,8})$/.exec(String(req.params.file ?? ''));
    const format = match ? formatOfExtension(match[2] as string) : undefined;
    let ctx: Context | undefined;
    try {
      if (!match || !format) {
        throw AppError.badInput([{ path: 'file', message: 'must be <campaign id>.md, .csv or .json' }]);
      }
      ctx = await context({ req, res });
      const file = await props.exportCampaign(ctx, match[1] as string, format);
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.content);
    } catch (error) {
      sendRouteError(res, error, ctx);
    }
  };
}

/** The largest body POST /ingest/engagement takes (about 100,000 rows of CSV, or 50,000 of JSON). */
export const INGEST_BODY_LIMIT = '12mb';

/**
 * POST /ingest/engagement, for connectors pushing numbers back: the API key as for /graphql (EDITOR or ADMIN), the
 * rows as JSON (`[…]` or `{ "rows": […] }`, each an EngagementInput) or as CSV (`text/csv`, the importEngagementCsv
 * format). Answers the EngagementImportResult; errors in GraphQL's error shape with the code's HTTP status.
 */
function ingestRoute(props: HttpProps) {
  const context = contextWithChallenge(props.context);
  return async (req: Request, res: Response): Promise<void> => {
    let ctx: Context | undefined;
    try {
      ctx = await context({ req, res });
      if (ctx.viewer.role === Role.VIEWER) {
        throw new AppError('FORBIDDEN', 'Recording engagement needs the EDITOR or ADMIN role; this key is VIEWER');
      }
      const body: unknown = req.body;
      let input: { rows?: unknown; csv?: string };
      if (typeof body === 'string') input = { csv: body };
      else if (Array.isArray(body)) input = { rows: body };
      else if (body && typeof body === 'object' && Array.isArray((body as { rows?: unknown }).rows)) {
        input = { rows: (body as { rows: unknown }).rows };
      } else {
        throw AppError.badInput([
          { path: 'body', message: 'must be JSON rows ([…] or { "rows": […] }) or text/csv with a header row' },
        ]);
      }
      res.setHeader('cache-control', 'no-store');
      res.status(200).json(await props.ingestEngagement(ctx, input));
    } catch (error) {
      sendRouteError(res, error, ctx);
    }
  };
}

/**
 * The review-link API, authenticated by the link's token (no API key): GET /review/<token>/content shows the
 * campaign's current content; POST /review/<token>/decisions records an approval or a change request under the
 * name the reviewer gives. Answers are never cached and never sent to other origins.
 */
function reviewRoutes(props: HttpProps): express.Router {
  const router = express.Router();
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  };
  router.get('/review/:token/content', noStore, async (req, res) => {
    try {
      res.json(await props.reviewLinks.view(String(req.params.token)));
    } catch (error) {
      sendRouteError(res, error, props);
    }
  });
  router.post(
    '/review/:token/decisions',
    noStore,
    express.json({ limit: '64kb' }),
    bodyErrorHandler,
    async (req: Request, res: Response) => {
      try {
        res.status(201).json({ approval: await props.reviewLinks.decide(String(req.params.token), req.body) });
      } catch (error) {
        sendRouteError(res, error, props);
      }
    },
  );
  return router;
}

/** A bearer token compared in constant time, so its bytes cannot be guessed one at a time. */
function hasToken(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

interface BodyParserError {
  status?: number;
  /** The limit it exceeded, in bytes (413). */
  limit?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

function bodyErrorMessage(error: BodyParserError): string {
  if (error.status === 413) {
    return `Request body larger than ${typeof error.limit === 'number' ? `${Math.round(error.limit / 1024)} KB` : BODY_LIMIT}`;
  }
  if (error.type === 'entity.parse.failed') return 'Request body is not valid JSON';
  // e.g. an unsupported charset or content-encoding (415): body-parser's message names it.
  return error.expose && error.message
    ? `Request body could not be read: ${error.message}`
    : 'Request body could not be read';
}

/**
 * The challenge of a 401 (RFC 6750 §3): the scheme to use, and `invalid_token` when a bearer token was sent but
 * refused (unknown, revoked or expired); no error code when none was sent or another scheme was used.
 */
function bearerChallenge(authorization: string | undefined): string {
  return /^Bearer\s+\S/i.test(authorization ?? '') ? 'Bearer error="invalid_token"' : 'Bearer';
}

/** The operation's context; when the key is missing or refused, the 401 also carries its WWW-Authenticate challenge. */
function contextWithChallenge(context: HttpProps['context']) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    try {
      return await context(req, res, requestIdOf(res));
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') {
        res.setHeader('www-authenticate', bearerChallenge(req.header('authorization')));
      }
      // A limit refused the request (429): say when to come back.
      if (error instanceof GraphQLError && typeof error.extensions.retryAfter === 'number') {
        res.setHeader('retry-after', String(error.extensions.retryAfter));
      }
      throw error;
    }
  };
}

/** Body-parser failures (too large, not JSON) answer in GraphQL's error shape, not an HTML page. */
function bodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const { status } = error as BodyParserError;
  if (!status || status >= 500) {
    next(error);
    return;
  }
  const message = bodyErrorMessage(error as BodyParserError);
  res.status(status).json({
    errors: [{ message, extensions: { code: 'BAD_USER_INPUT', requestId: requestIdOf(res) } }],
  });
}

export function createHttpApp(props: HttpProps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestIdMiddleware);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await props.health.readiness();
    res.status(readiness.status === 'fail' ? 503 : 200);
    res.type('application/health+json').send(JSON.stringify(readiness));
  });
  app.get('/metrics', metricsHandler(props.metrics));
  app.get(
    '/export/campaigns/:file',
    cors<cors.CorsRequest>({
      exposedHeaders: ['x-request-id', 'content-disposition', ...RATE_LIMIT_HEADERS],
      maxAge: 600,
    }),
    exportRoute(props),
  );
  app.post(
    '/ingest/engagement',
    express.json({ limit: INGEST_BODY_LIMIT }),
    express.text({ type: ['text/csv', 'text/plain'], limit: INGEST_BODY_LIMIT }),
    bodyErrorHandler,
    ingestRoute(props),
  );
  app.use(reviewRoutes(props));
  app.all(
    '/graphql',
    cors<cors.CorsRequest>({
      exposedHeaders: ['x-request-id', 'www-authenticate', ...RATE_LIMIT_HEADERS],
      maxAge: 600,
    }),
    express.json({ limit: BODY_LIMIT }),
    bodyErrorHandler,
    ...(props.gate ? [props.gate.middleware] : []),
    apolloHandler(props.apollo, contextWithChallenge(props.context)),
  );
  app.use(dashboardRoutes(findWebDir()));
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. The API is at /graphql' });
  });
  return app;
}
