import type { GraphQLError } from 'graphql';
import { classifyError, type ErrorCode } from '../errors';
import type { Logger } from '../infra/logger';

/**
 * Security events: refusals an operator (or a SIEM) wants to see on their own, apart from ordinary errors. Each is
 * one warn line with `event: 'security'` and `securityEvent` naming the kind, so `jq 'select(.event=="security")'`
 * or a log pipeline's filter finds them. The line never carries the key, the Authorization header or a secret:
 * only the refusal's own message (fixed texts), the key's id when it is known, the IP and the request id.
 */
export type SecurityEventKind = 'authentication_failed' | 'forbidden' | 'rate_limited' | 'quota_exceeded';

const KIND_OF_CODE: Partial<Record<ErrorCode, SecurityEventKind>> = {
  UNAUTHENTICATED: 'authentication_failed',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'rate_limited',
  QUOTA_EXCEEDED: 'quota_exceeded',
};

/** The security event an error code stands for, if any. */
export function securityEventOf(code: string | undefined): SecurityEventKind | undefined {
  return code === undefined ? undefined : KIND_OF_CODE[code as ErrorCode];
}

/** Where the refusal happened and about whom; all optional except the transport. */
export interface SecurityFields {
  transport: 'http' | 'ws';
  requestId?: string;
  ip?: string;
  apiKeyId?: string;
  workspaceId?: string;
  operationName?: string;
  /** The field refused (FORBIDDEN on one field of a larger query). */
  path?: readonly (string | number)[];
}

/** Logs one security event for a refusal of this code; other codes log nothing. */
export function logSecurityEvent(logger: Logger, code: string, reason: string, fields: SecurityFields): void {
  const kind = securityEventOf(code);
  if (!kind) return;
  logger.warn(
    { event: 'security', securityEvent: kind, code, reason, ...fields, path: fields.path?.join('.') },
    `security: ${kind}`,
  );
}

/** Logs a security event for each refusal among an operation's errors (FORBIDDEN fields, limits, quotas). */
export function logSecurityErrors(
  logger: Logger,
  errors: readonly GraphQLError[],
  fields: Omit<SecurityFields, 'path'>,
): void {
  for (const error of errors) {
    const classified = classifyError(error);
    if (classified.kind === 'internal') continue;
    const code = classified.kind === 'app' ? classified.error.code : classified.code;
    const reason = classified.kind === 'app' ? classified.error.message : error.message;
    logSecurityEvent(logger, code, reason, { ...fields, path: error.path });
  }
}
