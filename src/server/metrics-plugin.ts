import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';
import type { Metrics } from '../infra/metrics';

/** The operation's first root field: bounded by the schema, unlike client-chosen operation names. */
function rootField(operation: OperationDefinitionNode | null | undefined): string {
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : 'unknown';
}

/** Times each HTTP operation by type and root field, and counts the errors it answered by code. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const stop = metrics.operationDuration.startTimer();
      let labels = { type: 'unknown', field: 'unknown' };
      return {
        async didResolveOperation({ operation }) {
          labels = { type: operation?.operation ?? 'unknown', field: rootField(operation) };
        },
        async willSendResponse({ response }) {
          stop(labels);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            metrics.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          }
        },
      };
    },
  };
}
