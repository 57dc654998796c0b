import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ viewer { rol } }';

describe('in production (NODE_ENV=production)', () => {
  const t = useTestApp({ env: { NODE_ENV: 'production' }, workspace: 'per-file' });

  it('refuses introspection over HTTP and WebSocket', async () => {
    const http = await gql(t.graphqlUrl, INTROSPECTION, { key: t.ws.viewer });
    expect(codeOf(http)).toBe('BAD_USER_INPUT');
    expect(http.errors?.[0]?.message).toMatch(/introspection/i);
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.viewer}` });
    const ws = await wsExecute(client, INTROSPECTION);
    await client.dispose();
    expect(ws.result?.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('names no other fields in validation errors', async () => {
    const http = await gql(t.graphqlUrl, TYPO, { key: t.ws.viewer });
    expect(codeOf(http)).toBe('BAD_USER_INPUT');
    expect(http.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.viewer}` });
    const ws = await wsExecute(client, TYPO);
    await client.dispose();
    expect(ws.result?.errors?.[0]?.message).toBe('Cannot query field "rol" on type "Viewer".');
  });

  it('serves no Sandbox page', async () => {
    const page = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toContain('embeddable-sandbox');
    expect(page.status).toBeGreaterThanOrEqual(400);
  });

  it('still answers ordinary operations', async () => {
    const res = await gql<{ viewer: { role: string } }>(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.viewer });
    expect(res.data?.viewer.role).toBe('VIEWER');
  });
});

describe('in production with COPYDESK_INTROSPECTION=on', () => {
  const t = useTestApp({ env: { NODE_ENV: 'production', COPYDESK_INTROSPECTION: 'on' }, workspace: 'per-file' });

  it('allows introspection and suggests fields', async () => {
    const res = await gql<{ __schema: { queryType: { name: string } } }>(t.graphqlUrl, INTROSPECTION, {
      key: t.ws.viewer,
    });
    expect(res.data?.__schema.queryType.name).toBe('Query');
    const typo = await gql(t.graphqlUrl, TYPO, { key: t.ws.viewer });
    expect(typo.errors?.[0]?.message).toMatch(/Did you mean "role"\?/);
  });
});

describe('outside production (the default)', () => {
  const t = useTestApp({ workspace: 'per-file' });

  it('allows introspection, for Sandbox and generated clients', async () => {
    const res = await gql<{ __schema: { queryType: { name: string } } }>(t.graphqlUrl, INTROSPECTION, {
      key: t.ws.viewer,
    });
    expect(res.data?.__schema.queryType.name).toBe('Query');
  });

  it('refuses mutations over GET and text/plain POSTs (CSRF prevention)', async () => {
    const get = await fetch(
      `${t.graphqlUrl}?query=${encodeURIComponent('mutation { archiveCampaign(id: "x") { id } }')}`,
      {
        headers: { authorization: `Bearer ${t.ws.admin}`, 'apollo-require-preflight': 'true' },
      },
    );
    expect(get.status).toBe(405);
    const plain = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.ws.admin}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(plain.status).toBe(400);
  });
});

describe('a client that never finishes its request', () => {
  const t = useTestApp({ env: { COPYDESK_REQUEST_TIMEOUT_MS: '1000' }, workspace: 'none' });

  it('gets 408 once COPYDESK_REQUEST_TIMEOUT_MS has passed, and the connection is closed', async () => {
    const { port, hostname } = new URL(t.url);
    const socket = connect(Number(port), hostname);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
    });
    // Headers promise 100 bytes; only 10 come.
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
    );
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
