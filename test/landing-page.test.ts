import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';

const t = useTestApp({ workspace: 'none' });

/** The landing page a browser gets at GET /graphql, and the configuration it hands to Apollo's Sandbox. */
async function landingPage(): Promise<{ status: number; type: string | null; html: string; config: unknown }> {
  const response = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
  const html = await response.text();
  const config = /var embeddedSandboxConfig = (\{.*?\});\n/s.exec(html)?.[1];
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    html,
    config: config === undefined ? undefined : JSON.parse(config),
  };
}

describe('Apollo Sandbox landing page (GET /graphql in a browser)', () => {
  it('serves Sandbox with its telemetry to Apollo turned off', async () => {
    const page = await landingPage();
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.config).toMatchObject({ runTelemetry: false });
  });

  it('pre-fills the Authorization header with a placeholder, never a real key', async () => {
    const page = await landingPage();
    expect(page.config).toMatchObject({
      initialState: { sharedHeaders: { Authorization: 'Bearer <your API key>' }, includeCookies: false },
    });
  });

  it("loads Sandbox from Apollo's CDN, as the README says (no internet, no Sandbox)", async () => {
    const page = await landingPage();
    expect(page.html).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
  });
});
