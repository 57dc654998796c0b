import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

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

const current = new AsyncLocalStorage<string>();

/**
 * Runs a handler with the request's id in scope. Apollo formats the errors it raises before any operation (CSRF
 * refusal, batching, a body without a query, an unsupported method) with no context at hand; `currentRequestId`
 * finds the id for them. Wrap the handler after the body parser: its stream callbacks would lose the scope.
 */
export function withRequestIdScope(handler: RequestHandler): RequestHandler {
  return (req, res, next) => current.run(requestIdOf(res), () => handler(req, res, next));
}

/** The id of the HTTP request being handled, inside `withRequestIdScope`; otherwise undefined. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}
