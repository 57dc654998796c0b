import { parse } from 'node:url';
import { type ApolloServer, type BaseContext, type ContextFunction, HeaderMap } from '@apollo/server';
import type { Request, Response } from 'express';
import { requestIdOf, withRequestIdInErrors } from './request-id';

/**
 * Apollo Server on an Express route: `@as-integrations/express5`'s middleware, except that a complete answer is
 * written as the string it is (`res.end(body)`, its length from `Buffer.byteLength`). Express's `res.send` first
 * copies the string into a Buffer: for a 160 KB campaigns page that copy and its garbage were about 5 % of the read
 * path's CPU (bench:read, BENCH_CPU_PROFILE). Streamed answers (@defer, @stream) are written chunk by chunk, as
 * the integration does. It needs `req.body` parsed (express.json before it) and the request id set
 * (requestIdMiddleware): an error answer from before any operation gets it here.
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: ContextFunction<[{ req: Request; res: Response }], TContext>,
) {
  server.assertStarted('apolloHandler()');
  return async (req: Request, res: Response): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: parse(req.url).search ?? '',
        body: req.body,
      },
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = withRequestIdInErrors(response.body.string, res.statusCode, requestIdOf(res));
      res.setHeader('content-length', Buffer.byteLength(body));
      res.end(body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
