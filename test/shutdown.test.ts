import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { type CliProcess, killStartedProcesses, startCli } from './support/process';

const VIEWER_QUERY = '{ viewer { role workspace { name } } }';

/** `serve` runs a worker, which dispatches and delivers for its whole database: one of this file's own. */
let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterEach(killStartedProcesses);
afterAll(() => scratch?.drop());

/** A 40-character secret for COPYDESK_ADMIN_KEY, new per server. */
function adminSecret(): string {
  return `cdk_${randomBytes(27).toString('base64url').slice(0, 36)}`;
}

async function startServer(key: string): Promise<{ cli: CliProcess; url: URL }> {
  const cli = startCli(['serve'], {
    DATABASE_URL: scratch.url,
    COPYDESK_ADMIN_KEY: key,
    COPYDESK_DB_POOL_MAX: '2',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  return { cli, url: new URL(await cli.waitForListening()) };
}

interface RawResponse {
  status: number;
  body: string;
}

/**
 * POST /graphql on a connection of its own, sending the headers at once and the body when told. The
 * `expect: 100-continue` header makes the server answer as soon as it has read the headers, so the caller
 * knows the request is in flight before it sends anything else.
 */
function openRequest(url: URL, key: string, body: string) {
  const request = http.request(url, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${key}`,
      expect: '100-continue',
    },
  });
  const inFlight = new Promise<void>((resolve) => request.once('continue', resolve));
  const response = new Promise<RawResponse>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.once('error', reject);
    });
  });
  request.flushHeaders();
  return { request, inFlight, response };
}

/** A GET on a fresh connection; resolves with the status, rejects when the connection fails. */
function getOnNewConnection(url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL('/healthz', url), { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.once('error', reject);
  });
}

function messagesOf(cli: CliProcess): string[] {
  return cli.logs().map((line) => String(line.msg));
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes a request in flight, refuses new connections and exits 0', async () => {
    const key = adminSecret();
    const { cli, url } = await startServer(key);
    const body = Buffer.from(JSON.stringify({ query: VIEWER_QUERY }));
    const half = Math.floor(body.length / 2);

    const { request, inFlight, response } = openRequest(url, key, body.toString());
    await inFlight;
    request.write(body.subarray(0, half));
    cli.signal('SIGTERM');
    await cli.waitForLog('shutting down', 5_000);
    // The server stops listening as it starts draining; from then on a new connection is refused.
    const newConnection = () =>
      getOnNewConnection(url).then(
        (status) => `answered ${status}`,
        () => 'refused',
      );
    await expect.poll(newConnection, { timeout: 5_000 }).toBe('refused');

    request.end(body.subarray(half));
    const answer = await response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { viewer: { role: 'ADMIN', workspace: { name: 'default' } } } });

    expect((await cli.waitForExit(10_000)).code).toBe(0);
    expect(messagesOf(cli)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('closes an open graphql-ws connection and still exits 0', async () => {
    const key = adminSecret();
    const { cli, url } = await startServer(key);
    const wsUrl = new URL(url);
    wsUrl.protocol = 'ws:';

    let onConnected!: () => void;
    let onClosed!: (code: number) => void;
    const connected = new Promise<void>((resolve) => {
      onConnected = resolve;
    });
    const closed = new Promise<number>((resolve) => {
      onClosed = resolve;
    });
    // support/graphql's wsClient is lazy: with no subscription in the schema yet it would close its socket itself.
    // `lazy: false` keeps the socket open with no operation running, as an idle subscriber's would be.
    const client = createClient({
      url: wsUrl.toString(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      on: {
        connected: () => onConnected(),
        closed: (event) => onClosed((event as { code: number }).code),
      },
    });
    onTestFinished(() => client.dispose());
    await connected;

    cli.signal('SIGTERM');
    // 1001 "going away": the server closed it on purpose, not a dropped connection.
    expect(await closed).toBe(1001);
    expect((await cli.waitForExit(10_000)).code).toBe(0);
    expect(messagesOf(cli)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });
});
