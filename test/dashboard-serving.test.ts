import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, DASHBOARD_PATHS, dashboardRoutes, EXPLORER_CSP, findWebDir } from '../src/server/web';
import { useTestApp } from './support/app';

describe('dashboard routes on a checkout that was never built', () => {
  let server: ReturnType<express.Express['listen']>;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(dashboardRoutes(undefined));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers 503 with the command that builds it, at / and /explorer', async () => {
    for (const path of ['/', '/campaigns', '/explorer']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    }
  });
});

describe('dashboard routes of the built checkout', () => {
  const t = useTestApp({ workspace: 'none' });

  it('finds dist/web (built by npm ci), never the sources in web/', () => {
    expect(findWebDir()).toMatch(/dist\/web$/);
  });

  it('serves the explorer with its own policy: inline styles for the editor, scripts still same-origin', async () => {
    const res = await fetch(`${t.url}/explorer`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBe(EXPLORER_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps the API routes: /graphql, /review/<token>/content and unknown paths answer as before', async () => {
    const root = await fetch(`${t.url}/`);
    expect(root.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const review = await fetch(`${t.url}/review/${'a'.repeat(43)}/content`);
    expect(review.headers.get('content-type')).toContain('application/json');
    const unknown = await fetch(`${t.url}/nope`);
    expect(unknown.status).toBe(404);
    expect(DASHBOARD_PATHS).toContain('/review/:token');
  });
});
