import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Request, type Response } from 'express';

/**
 * The dashboard's pages: the API answers each with index.html and the app's router shows the screen. The same
 * paths as web/src/app.tsx; `/review/<token>` is the page behind a review link (its JSON is /review/<token>/content).
 */
export const DASHBOARD_PATHS = [
  '/',
  '/campaigns',
  '/campaigns/:id',
  '/reviews',
  '/calendar',
  '/analytics',
  '/usage',
  '/operations',
  '/review/:token',
];

/**
 * The dashboard's policy: its own scripts, styles, images and fonts only; API calls and the WebSocket to the same
 * origin; no inline script or style, no frames, no plugins. Style attributes of the platform previews are applied
 * through the CSSOM (web/src/components/safe-html.ts), which this allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * GraphiQL's editor (Monaco) writes its styles into <style> elements at run time, its stylesheet carries data: fonts,
 * and its language services run in workers that Vite built as files of their own (same origin, no blob:): the explorer
 * page alone allows inline styles, data: fonts and same-origin workers. Scripts stay same-origin only
 * (test/browser/explorer.test.ts loads it with no CSP violation).
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Where the built dashboard is: dist/web beside the compiled server (dist/src/server → dist/web), or, when the
 * server runs from its sources (tsx, tests), dist/web of the project. A folder counts only when Vite built it (it has assets/), never web/'s sources.
 */
export function findWebDir(): string | undefined {
  const candidates = [resolve(__dirname, '../../web'), resolve(__dirname, '../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')));
}

function pageHeaders(res: Response, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  // The HTML names the hashed assets of this build: it must not outlive a redeploy in a cache.
  res.setHeader('cache-control', 'no-cache');
}

/**
 * GET / (and every dashboard path), /explorer and /assets/*: the dashboard Vite built, as static files. Nothing is
 * read at start-up; a checkout that was never built answers 503 with the command that builds it.
 */
export function dashboardRoutes(webDir: string | undefined): express.Router {
  const router = express.Router();
  const notBuilt = (_req: Request, res: Response) => {
    res
      .status(503)
      .type('text/plain')
      .send('The dashboard is not built. Run `npm run build` (npm ci runs it), then reload. The API is at /graphql.');
  };
  if (!webDir) {
    router.get([...DASHBOARD_PATHS, '/explorer'], notBuilt);
    return router;
  }
  const send = (file: string, csp: string) => (_req: Request, res: Response) => {
    pageHeaders(res, csp);
    res.sendFile(join(webDir, file));
  };
  router.get(DASHBOARD_PATHS, send('index.html', DASHBOARD_CSP));
  router.get('/explorer', send('explorer.html', EXPLORER_CSP));
  router.use(
    '/assets',
    express.static(join(webDir, 'assets'), {
      // Hashed names: a file's content never changes under its name.
      immutable: true,
      maxAge: '365d',
      index: false,
      setHeaders: (res) => {
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('cross-origin-resource-policy', 'same-origin');
      },
    }),
  );
  return router;
}
