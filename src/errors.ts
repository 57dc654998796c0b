import { type ASTNode, GraphQLError } from 'graphql';
import { type Dependency, OUTAGE_RETRY_AFTER_S, unavailableDependency } from './infra/outage';

/** The error codes of the public contract (API.md). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'CONTENT_REJECTED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid input field: `path` is dotted from the argument, e.g. `brief.features.2`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorDetails {
  fields?: FieldError[];
  retryAfter?: number;
}

/** The one error type services throw; its code is what clients see. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(fields: FieldError[], message = 'Invalid input'): AppError {
    return new AppError('BAD_USER_INPUT', `${message}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, {
      fields,
    });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}

/** The HTTP status an error of this code carries when it ends a request before execution. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'BAD_USER_INPUT':
      return 400;
    case 'CONFLICT':
      return 409;
    case 'RATE_LIMITED':
    case 'QUOTA_EXCEEDED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'CONTENT_REJECTED':
      return 422;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

/** Extensions of an AppError as clients see them. */
export function appErrorExtensions(error: AppError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.details.fields) extensions.fields = error.details.fields;
  if (error.details.retryAfter !== undefined) extensions.retryAfter = error.details.retryAfter;
  return extensions;
}

/** A GraphQLError for failures outside resolvers (context creation, WebSocket init, argument checks). */
export function toGraphQLError(
  error: AppError,
  extra: Record<string, unknown> = {},
  nodes?: readonly ASTNode[],
): GraphQLError {
  return new GraphQLError(error.message, {
    nodes,
    originalError: error,
    extensions: { ...appErrorExtensions(error), ...extra, http: { status: httpStatusFor(error.code) } },
  });
}

/** Codes Apollo and graphql-js give to a client's malformed operation; all are the client's fault. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** What kind of failure an error is: ours to explain, the client's malformed request, or an internal fault. */
export type ErrorKind = { kind: 'app'; error: AppError } | { kind: 'client'; code: ErrorCode } | { kind: 'internal' };

export function classifyError(error: unknown): ErrorKind {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof AppError) return { kind: 'app', error: original };
  if (original instanceof GraphQLError && !original.originalError) {
    const code = original.extensions?.code;
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') return { kind: 'client', code };
    if (code === undefined || (typeof code === 'string' && CLIENT_ERROR_CODES.has(code))) {
      // A GraphQLError with no cause is graphql-js or Apollo rejecting the operation itself.
      return { kind: 'client', code: 'BAD_USER_INPUT' };
    }
  }
  // A dependency that is down is not a bug: the client may retry shortly.
  const dependency = unavailableDependency(original);
  if (dependency) return { kind: 'app', error: outageError(dependency) };
  return { kind: 'internal' };
}

/** SERVICE_UNAVAILABLE (HTTP 503) naming the dependency, with the seconds to wait before retrying. */
export function outageError(dependency: Dependency): AppError {
  const what = dependency === 'database' ? 'The database' : 'Redis';
  return new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable; try again shortly`, {
    retryAfter: OUTAGE_RETRY_AFTER_S,
  });
}

export interface FormattedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** The one mapping from any error to what a client sees: a contract code, and no internals. */
export function formatError(formatted: FormattedError, error: unknown): FormattedError {
  const classified = classifyError(error);
  const requestId = formatted.extensions?.requestId;
  const base = { locations: formatted.locations, path: formatted.path };
  const keep = requestId === undefined ? {} : { requestId };
  switch (classified.kind) {
    case 'app':
      return {
        ...base,
        message: classified.error.message,
        extensions: { ...appErrorExtensions(classified.error), ...keep },
      };
    case 'client':
      return { ...base, message: formatted.message, extensions: { code: classified.code, ...keep } };
    case 'internal':
      return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', ...keep } };
    default:
      return assertUnreachable(classified);
  }
}
