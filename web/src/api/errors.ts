/** One field's complaint in a BAD_USER_INPUT error (`extensions.fields`). */
export interface FieldError {
  path: string;
  message: string;
}

/** A failed request as the dashboard shows it: the API's code and message, and the fields to mark. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldError[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; fields?: unknown; retryAfter?: unknown };
}

/** The first error of a GraphQL answer as an ApiError (with every field error of all of them). */
export function toApiError(errors: readonly GraphQLErrorLike[]): ApiError {
  const first = errors[0] ?? {};
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const fields: FieldError[] = [];
  for (const error of errors) {
    const list = error.extensions?.fields;
    if (!Array.isArray(list)) continue;
    for (const field of list) {
      if (field && typeof field.path === 'string' && typeof field.message === 'string') {
        fields.push({ path: field.path, message: field.message });
      }
    }
  }
  const retryAfter = typeof first.extensions?.retryAfter === 'number' ? first.extensions.retryAfter : undefined;
  const message = typeof first.message === 'string' && first.message ? first.message : 'The request failed';
  return new ApiError(message, code, fields, retryAfter);
}

/**
 * The field errors whose path ends with `name` (e.g. `brief.productName` for `productName`, or `variables.tone`
 * for `tone`), for showing next to that field.
 */
export function fieldError(fields: readonly FieldError[], name: string): string | undefined {
  const hit = fields.find((f) => f.path === name || f.path.endsWith(`.${name}`) || f.path.endsWith(`[${name}]`));
  return hit?.message;
}

/** Field errors that match none of `known` names: shown above the form so none is lost. */
export function otherFieldErrors(fields: readonly FieldError[], known: readonly string[]): FieldError[] {
  return fields.filter((f) => !known.some((name) => f.path === name || f.path.endsWith(`.${name}`)));
}

/** Words for a code, for people rather than programs. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'UNAUTHENTICATED':
        return 'This API key is not valid any more. Sign in again.';
      case 'FORBIDDEN':
        return `Not allowed: ${error.message}`;
      case 'RATE_LIMITED':
      case 'QUOTA_EXCEEDED':
        return error.retryAfter ? `${error.message} Try again in ${error.retryAfter} s.` : error.message;
      default:
        return error.message;
    }
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check that Copydesk is running.';
  return error instanceof Error ? error.message : String(error);
}
