import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { classifyError, formatError } from '../errors';
import { limitRules, QUERY_LIMITS } from './limits';
import { safeArgumentsPlugin } from './safe-arguments';
import { logSecurityErrors } from './security-log';

/** Logs each operation once at its end, and unexpected errors with their stack; stamps the request id. */
const operationLogPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    const started = performance.now();
    return {
      async didEncounterErrors({ errors, operationName }) {
        for (const error of errors) {
          if (classifyError(error).kind === 'internal') {
            contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'operation failed');
          }
        }
        // The context's logger names the request, workspace and key already.
        logSecurityErrors(contextValue.logger, errors, {
          transport: 'http',
          operationName: operationName ?? undefined,
        });
      },
      async willSendResponse({ response, operationName, errors }) {
        // A dependency down (the database, Redis) answers 503 with Retry-After, whatever else the operation did.
        const outage =
          response.body.kind === 'single' &&
          response.body.singleResult.errors?.find((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (outage) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(outage.extensions?.retryAfter ?? 5));
        }
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          }));
        }
        contextValue.logger.info(
          {
            operationName: operationName ?? undefined,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            errors: errors?.length ?? 0,
          },
          'graphql operation',
        );
      },
    };
  },
};

export interface ApolloProps {
  schema: GraphQLSchema;
  httpServer: http.Server;
  shutdownTimeoutMs: number;
  /** Closes the WebSocket server when Apollo stops. */
  onStop: () => Promise<void>;
  /** Introspection, the Sandbox page and field suggestions in errors (off in production by default). */
  schemaIsPublic: boolean;
  /** Plugins added after the built-in ones (the generation rate limit). */
  plugins?: ApolloServerPlugin<Context>[];
}

export function createApolloServer(props: ApolloProps): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema: props.schema,
    introspection: props.schemaIsPublic,
    // No "Did you mean …?" in validation errors when the schema is not public: they would reveal it bit by bit.
    hideSchemaDetailsFromClientErrors: !props.schemaIsPublic,
    // main.ts owns SIGINT/SIGTERM and stops Apollo through app.close(); Apollo's own handler would stop it a second
    // time concurrently, and that second stop() never resolves (Apollo 5 leaves the stop barrier pending).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: limitRules,
    formatError,
    plugins: [
      // No cache hints in this API: skip the per-field cache-control walk.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({
        httpServer: props.httpServer,
        stopGracePeriodMillis: props.shutdownTimeoutMs,
      }),
      {
        async serverWillStart() {
          return { drainServer: props.onStop };
        },
      },
      // Sandbox loads from Apollo's CDN; Copydesk's page turns its telemetry to Apollo off (it is on by default).
      props.schemaIsPublic
        ? ApolloServerPluginLandingPageLocalDefault({
            embed: {
              runTelemetry: false,
              initialState: { sharedHeaders: { Authorization: 'Bearer <your API key>' } },
            },
            includeCookies: false,
          })
        : ApolloServerPluginLandingPageDisabled(),
      operationLogPlugin,
      safeArgumentsPlugin,
      ...(props.plugins ?? []),
    ],
  });
}
