import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import type { Context } from '../context';
import { AppError, classifyError, formatError, outageError, toGraphQLError } from '../errors';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import { unavailableDependency } from '../infra/outage';
import type { RateLimitService } from '../services/rate-limit/rate-limit.service';
import type { Viewer } from '../services/viewer';
import { mutationAction, operationErrors } from './audit-plugin';
import { limitRules, QUERY_LIMITS } from './limits';
import { admitOperation, generationCount } from './rate-limit';
import { refuseUnsafeArguments } from './safe-arguments';
import { logSecurityErrors, logSecurityEvent } from './security-log';
import { subscribeShared } from './shared-subscribe';
import { serveGraphqlWs } from './ws-transport';

export interface WebSocketProps {
  httpServer: http.Server;
  schema: GraphQLSchema;
  logger: Logger;
  authenticate: (authorization: string | undefined) => Promise<Viewer>;
  contextFor: (viewer: Viewer, requestId: string, logger: Logger) => Context;
  /** Counts an operation about to run against the caller's usage; throws an AppError (QUOTA_EXCEEDED) to refuse it. */
  countRequest?: (viewer: Viewer) => Promise<void>;
  /** Open connections and running operations are gauges of these metrics. */
  metrics?: Pick<Metrics, 'webSockets' | 'webSocketOperations'>;
  /** When false, introspection is refused and validation errors carry no field suggestions. */
  schemaIsPublic: boolean;
  /** Every connection counts against its IP's budget, every operation against its key's (and generation's). */
  rateLimits: RateLimitService;
}

function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Subscribers whose events may share one execution: same workspace and role, same operation text and variables.
 * An operation parsed without locations (never, with `parse` below) is not shared.
 */
function sharingKey(args: ExecutionArgs): string {
  const { viewer } = args.contextValue as Context;
  const source = args.document.loc?.source.body;
  if (source === undefined) return randomUUID();
  const variables = JSON.stringify(args.variableValues ?? {});
  return [viewer.workspace.id, viewer.role, args.operationName ?? '', variables, source].join('\n');
}

/**
 * graphql-ws on the HTTP server's `/graphql` path. A connection must present a valid key in
 * `connection_init`; otherwise it is closed with 4401 and the reason names the problem.
 */
const privateRules = [...specifiedRules, ...limitRules, NoSchemaIntrospectionCustomRule];

/** graphql-js's "Did you mean …?" hints name fields a private schema does not show. */
function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/ ?Did you mean .+\?$/, '');
  return message === error.message
    ? error
    : new GraphQLError(message, { nodes: error.nodes, extensions: error.extensions });
}

/** Records the operation's outcome in the audit log; a failure to write it is logged, never the client's problem. */
async function audited(
  context: Context,
  args: { document: DocumentNode; operationName?: string | null },
  errors: readonly GraphQLFormattedError[],
): Promise<void> {
  const operation = getOperationAST(args.document, args.operationName ?? undefined);
  await context.services.audit
    .afterOperation(context.audit, operationErrors(operation, errors))
    .catch((error: unknown) => context.logger.error({ err: error }, 'could not write the audit log'));
}

export function attachWebSocketServer(props: WebSocketProps): { close: () => Promise<void> } {
  // Upgrades are handed over by hand (noServer): the HTTP server's own errors (a port in use) then reach only its
  // caller, through listen(), instead of also being printed with a stack by graphql-ws.
  const wsServer = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  props.httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (client) => wsServer.emit('connection', client, request));
  });
  const log = props.logger.child({ module: 'ws' });
  const refuse = (socket: { close(code: number, reason: string): void }, error: unknown, ip: string) => {
    if (unavailableDependency(error)) {
      // Not the key's fault: 1013 (try again later), and the client may reconnect.
      socket.close(1013, `SERVICE_UNAVAILABLE: ${outageError(unavailableDependency(error) ?? 'database').message}`);
      return;
    }
    const message = error instanceof AppError ? error.message : 'Authentication failed';
    if (!(error instanceof AppError)) log.error({ err: error }, 'WebSocket authentication failed');
    logSecurityEvent(log, 'UNAUTHENTICATED', message, { transport: 'ws', ip });
    socket.close(CloseCode.Unauthorized, `UNAUTHENTICATED: ${message}`.slice(0, 120));
  };
  const cleanup = serveGraphqlWs<
    Record<string, unknown>,
    { authorization?: string; connectionId: string; operations?: Set<string> }
  >(
    {
      schema: props.schema,
      subscribe: (args) => subscribeShared(args, sharingKey(args)),
      onConnect: async (ctx) => {
        const address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        const refused = await admitOperation(() => props.rateLimits.ip(address), randomUUID());
        if (refused) {
          // 4429, as graphql-ws names "too many" (HTTP's 429); the reason says how long to wait.
          const retryAfter = refused.extensions.retryAfter;
          logSecurityEvent(log, 'RATE_LIMITED', refused.message, { transport: 'ws', ip: address });
          ctx.extra.socket.close(CloseCode.TooManyInitialisationRequests, `RATE_LIMITED: retry in ${retryAfter} s`);
          return false;
        }
        try {
          ctx.extra.authorization = authorizationOf(ctx.connectionParams);
          await props.authenticate(ctx.extra.authorization);
          ctx.extra.connectionId = randomUUID();
          ctx.extra.operations = new Set();
          props.metrics?.webSockets.inc();
          return true;
        } catch (error) {
          refuse(ctx.extra.socket, error, address);
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        // The key is checked again for every operation, so revoking it also ends an open connection's access.
        let viewer: Viewer;
        try {
          viewer = await props.authenticate(ctx.extra.authorization);
        } catch (error) {
          const dependency = unavailableDependency(error);
          if (dependency) return [toGraphQLError(outageError(dependency))];
          refuse(ctx.extra.socket, error, ctx.extra.request.socket.remoteAddress ?? 'unknown');
          return [new GraphQLError('Unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const requestId = randomUUID();
        const refused = (error: GraphQLError): GraphQLError[] => {
          logSecurityErrors(log, [error], {
            transport: 'ws',
            requestId,
            ip: ctx.extra.request.socket.remoteAddress ?? 'unknown',
            apiKeyId: viewer.apiKeyId,
            workspaceId: viewer.workspace.id,
            operationName: payload.operationName ?? undefined,
          });
          return [error];
        };
        const overKey = await admitOperation(() => props.rateLimits.key(viewer), requestId);
        if (overKey) return refused(overKey);
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: QUERY_LIMITS.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Could not parse the operation')];
        }
        const rules = props.schemaIsPublic ? [...specifiedRules, ...limitRules] : privateRules;
        const errors = validate(props.schema, document, rules);
        if (errors.length > 0) return props.schemaIsPublic ? errors : errors.map(withoutSuggestions);
        const operation = getOperationAST(document, payload.operationName);
        const refusal =
          operation &&
          refuseUnsafeArguments({ schema: props.schema, document, operation, variables: payload.variables, requestId });
        if (refusal) return [refusal];
        const generations = generationCount(document, operation);
        const overGeneration = await admitOperation(() => props.rateLimits.generation(viewer, generations), requestId);
        if (overGeneration) return refused(overGeneration);
        try {
          await props.countRequest?.(viewer);
        } catch (error) {
          if (error instanceof AppError) return refused(toGraphQLError(error, { requestId }));
          throw error;
        }
        const contextValue = props.contextFor(
          viewer,
          requestId,
          log.child({ requestId, connectionId: ctx.extra.connectionId }),
        );
        contextValue.audit.action = mutationAction(operation);
        ctx.extra.operations?.add(id);
        props.metrics?.webSocketOperations.inc();
        return {
          schema: props.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.operations?.delete(id)) props.metrics?.webSocketOperations.dec();
      },
      // Only for connections that were acknowledged (counted in onConnect).
      onDisconnect: (ctx) => {
        props.metrics?.webSockets.dec();
        props.metrics?.webSocketOperations.dec(ctx.extra.operations?.size ?? 0);
        ctx.extra.operations?.clear();
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      onNext: (_ctx, _id, _payload, args, result) => {
        const context = args.contextValue as Context;
        // A mutation's outcome, and refusals, go to the audit log; a subscription's events pass straight through,
        // without a promise per message.
        if (!result.errors) return context.audit.action ? audited(context, args, []) : undefined;
        logSecurityErrors(context.logger, result.errors, {
          transport: 'ws',
          operationName: args.operationName ?? undefined,
        });
        for (const error of result.errors) {
          if (classifyError(error).kind === 'internal')
            context.logger.error({ err: error.originalError ?? error }, 'operation failed');
        }
        const formatted = {
          ...result,
          errors: result.errors.map((error) =>
            formatError({ ...error.toJSON(), extensions: { requestId: context.requestId } }, error),
          ),
        };
        return audited(context, args, formatted.errors).then(() => formatted);
      },
    },
    wsServer,
    log,
  );
  return {
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
