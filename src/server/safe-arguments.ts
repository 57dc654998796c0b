import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ArgumentNode,
  BREAK,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Context } from '../context';
import { AppError, type FieldError, toGraphQLError } from '../errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no argument string may hold. PostgreSQL cannot store a NUL in text or JSON; a lone surrogate is not Unicode
 * at all (jsonb refuses it, a text column silently turns it into U+FFFD). No copy needs either.
 */
const STRING_RULES: readonly { breaks: (value: string) => boolean; message: string }[] = [
  { breaks: (value) => value.includes('\u0000'), message: 'must not contain NUL characters' },
  { breaks: (value) => LONE_SURROGATE.test(value), message: 'must not contain lone surrogates (invalid Unicode)' },
];
/** The same characters as JSON.stringify escapes them; a false positive only costs the typed walk. */
const ESCAPED_SUSPECT = /\\u(?:0000|d[89a-f])/;

export interface OperationInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The operation that will run; the document's other operations never do. */
  operation: OperationDefinitionNode;
  /** The variables as the client sent them. */
  variables: Readonly<Record<string, unknown>> | null | undefined;
}

export interface UnsafeString extends FieldError {
  /** The argument whose value holds the string. */
  node: ArgumentNode;
}

function violations(value: string): string[] {
  return STRING_RULES.filter((rule) => rule.breaks(value)).map((rule) => rule.message);
}

/** Pushes every string below `value` that breaks a rule, with its dotted path. */
function collect(value: unknown, path: string, found: FieldError[]): void {
  if (typeof value === 'string') {
    for (const message of violations(value)) found.push({ path, message });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collect(item, `${path}.${index}`, found);
    });
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) collect(item, `${path}.${key}`, found);
  }
}

/** Cheap test that lets nearly every operation skip the typed walk: only variables and literals hold strings. */
function maySuspect(document: DocumentNode, variables: OperationInput['variables']): boolean {
  if (variables && ESCAPED_SUSPECT.test(JSON.stringify(variables))) return true;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (violations(node.value).length === 0) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** The operation and the fragments it spreads, directly or through other fragments. */
function executedDefinitions(input: OperationInput): (OperationDefinitionNode | FragmentDefinitionNode)[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const reached = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [input.operation];
  while (pending.length > 0) {
    visit(pending.pop() as OperationDefinitionNode | FragmentDefinitionNode, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || reached.has(spread.name.value)) return;
        reached.set(spread.name.value, fragment);
        pending.push(fragment);
      },
    });
  }
  return [input.operation, ...reached.values()];
}

/**
 * Every string that breaks a rule in an argument (of a field or a directive, in the operation or the fragments it
 * spreads), with the coerced variables: in String, ID or any string-like scalar, in nested input objects and lists,
 * literal or variable. Paths start at the argument's name: `input.brief.features.1`.
 */
export function findUnsafeStrings(input: OperationInput): UnsafeString[] {
  if (!maySuspect(input.document, input.variables)) return [];
  const coerced = getVariableValues(input.schema, input.operation.variableDefinitions ?? [], input.variables ?? {});
  // Variables that do not coerce stop the operation before any resolver; execution reports them in its own words.
  if (coerced.errors) return [];
  const variables = coerced.coerced;
  const found: UnsafeString[] = [];
  for (const definition of executedDefinitions(input)) {
    const typeInfo = new TypeInfo(input.schema);
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const argument = typeInfo.getArgument();
          if (!argument) return false;
          const fields: FieldError[] = [];
          collect(valueFromAST(node.value, argument.type, variables), node.name.value, fields);
          for (const field of fields) found.push({ ...field, node });
          return false;
        },
      }),
    );
  }
  return found;
}

/**
 * The refusal of an operation whose arguments hold a NUL or a lone surrogate: BAD_USER_INPUT naming each argument
 * path, as any other invalid input (HTTP 400, like every refusal before execution); undefined when all is well.
 */
export function refuseUnsafeArguments(input: OperationInput & { requestId: string }): GraphQLError | undefined {
  const found = findUnsafeStrings(input);
  if (found.length === 0) return undefined;
  const fields = new Map<string, FieldError>();
  for (const { path, message } of found) fields.set(`${path}\n${message}`, { path, message });
  const nodes = [...new Set(found.map((unsafe) => unsafe.node))];
  return toGraphQLError(AppError.badInput([...fields.values()]), { requestId: input.requestId }, nodes);
}

/** Checks the arguments of every HTTP operation once it is resolved, before execution starts. */
export const safeArgumentsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request, contextValue }) {
        if (!operation) return;
        const refusal = refuseUnsafeArguments({
          schema,
          document,
          operation,
          variables: request.variables,
          requestId: contextValue.requestId,
        });
        if (refusal) throw refusal;
      },
    };
  },
};
