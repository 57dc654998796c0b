import type { ApolloServerPlugin } from '@apollo/server';
import { type GraphQLFormattedError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';
import type { OperationError } from '../services/audit/audit.service';

/** The mutation's root fields, e.g. `createCampaign` (several, comma-separated, when one request sends more). */
export function mutationAction(operation: OperationDefinitionNode | null | undefined): string | null {
  if (operation?.operation !== 'mutation') return null;
  const names = operation.selectionSet.selections.map((selection) =>
    selection.kind === Kind.FIELD ? selection.name.value : 'mutation',
  );
  return [...new Set(names)].join(',');
}

/** The root field each error belongs to, by its response key (an alias maps back to its field). */
export function operationErrors(
  operation: OperationDefinitionNode | null | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): OperationError[] {
  const fields = new Map<string, string>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
  }
  return (errors ?? []).map((error) => {
    const key = error.path?.[0];
    return {
      code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
      field: typeof key === 'string' ? (fields.get(key) ?? key) : null,
    };
  });
}

/** Records each mutation's outcome and every refused authorisation in the audit log (services/audit). */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let operation: OperationDefinitionNode | null | undefined;
      return {
        async didResolveOperation(request) {
          operation = request.operation;
          request.contextValue.audit.action = mutationAction(operation);
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue?.audit || response.body.kind !== 'single') return;
          const errors = operationErrors(operation, response.body.singleResult.errors);
          await contextValue.services.audit
            .afterOperation(contextValue.audit, errors)
            .catch((error: unknown) => contextValue.logger.error({ err: error }, 'could not write the audit log'));
        },
      };
    },
  };
}
