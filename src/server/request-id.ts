import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTED = /^[\w.:-]{1,128}$/;

/** Accepts a caller's `x-request-id` when it is a sane token, otherwise makes one; echoes it on the response. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const requestId = given && ACCEPTED.test(given) ? given : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('x-request-id', requestId);
  next();
}

export function requestIdOf(res: Response): string {
  return String(res.locals.requestId);
}

/**
 * Names the request id in the errors of an answer that has none (Apollo's errors from before any operation: CSRF
 * refusal, batching, a body without a query, an unsupported method, which never reach the operation's hooks).
 * Only an error answer (status 400 and up) without one is rewritten; an operation's answers already carry it.
 */
export function withRequestIdInErrors(body: string, status: number, requestId: string): string {
  if (status < 400 || !body.includes('"errors"') || body.includes('"requestId"')) return body;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}
