import type { AddressInfo } from 'node:net';
import net from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/infra/config';
import { type ConcurrencyGate, concurrencyGate, httpConcurrencyOf } from '../src/server/concurrency';

/**
 * The gate in front of /graphql (COPYDESK_HTTP_CONCURRENCY), on a real HTTP server: each request names itself in
 * its body, the handler records that it started and answers only when the test lets it.
 */
interface Held {
  url: string;
  started: string[];
  gate: ConcurrencyGate;
  /** Answers the request named `name` (which must have started). */
  answer(name: string, body?: string): void;
  close(): Promise<void>;
}

const servers: Held[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function heldServer(limit: number): Promise<Held> {
  const gate = concurrencyGate(limit);
  const started: string[] = [];
  const waiting = new Map<string, (body: string) => void>();
  const app = express();
  app.post('/graphql', express.json(), gate.middleware, (req, res) => {
    const name = (req.body as { name: string }).name;
    started.push(name);
    waiting.set(name, (body) => res.type('application/json').send(body));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const held: Held = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    started,
    gate,
    answer(name, body = JSON.stringify({ data: { name } })) {
      const send = waiting.get(name);
      if (!send) throw new Error(`${name} has not started`);
      waiting.delete(name);
      send(body);
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  servers.push(held);
  return held;
}

function send(url: string, name: string, query = '{ campaigns { totalCount } }', signal?: AbortSignal) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, query }),
    signal,
  }).then((response) => response.json() as Promise<{ data: { name: string } }>);
}

describe('COPYDESK_HTTP_CONCURRENCY: GraphQL operations over HTTP running at once', () => {
  it('runs at most the limit at once; the next starts when one is answered, in arrival order', async () => {
    const server = await heldServer(2);
    const answers = ['a', 'b', 'c', 'd'].map((name) => send(server.url, name));
    await expect.poll(() => server.started).toEqual(['a', 'b']);
    await expect.poll(() => server.gate.state()).toEqual({ running: 2, waiting: 2 });

    server.answer('b');
    expect((await answers[1])?.data.name).toBe('b');
    await expect.poll(() => server.started).toEqual(['a', 'b', 'c']);
    server.answer('a');
    await expect.poll(() => server.started).toEqual(['a', 'b', 'c', 'd']);
    server.answer('c');
    server.answer('d');
    expect((await Promise.all(answers)).map((answer) => answer.data.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.gate.state()).toEqual({ running: 0, waiting: 0 });
  });

  it('lets a waiting mutation go before every waiting query', async () => {
    const server = await heldServer(1);
    const first = send(server.url, 'first');
    await expect.poll(() => server.started).toEqual(['first']);
    const reads = ['read-1', 'read-2'].map((name) => send(server.url, name));
    await expect.poll(() => server.gate.state().waiting).toBe(2);
    const click = send(server.url, 'click', '# a comment first\n mutation Go { generateCampaign { id } }');
    await expect.poll(() => server.gate.state().waiting).toBe(3);

    server.answer('first');
    await expect.poll(() => server.started).toEqual(['first', 'click']);
    server.answer('click');
    await expect.poll(() => server.started).toEqual(['first', 'click', 'read-1']);
    server.answer('read-1');
    await expect.poll(() => server.started).toEqual(['first', 'click', 'read-1', 'read-2']);
    server.answer('read-2');
    await Promise.all([first, click, ...reads]);
  });

  it('never runs a request whose client hung up while it waited, and gives its turn to the next', async () => {
    const server = await heldServer(1);
    const first = send(server.url, 'first');
    await expect.poll(() => server.started).toEqual(['first']);
    const abort = new AbortController();
    const gone = send(server.url, 'gone', undefined, abort.signal).catch((error: Error) => error.name);
    const next = send(server.url, 'next');
    await expect.poll(() => server.gate.state().waiting).toBe(2);

    abort.abort();
    expect(await gone).toBe('AbortError');
    // It left the line as soon as its connection closed, before any turn came.
    await expect.poll(() => server.gate.state().waiting).toBe(1);
    server.answer('first');
    await expect.poll(() => server.started).toEqual(['first', 'next']);
    server.answer('next');
    expect((await next).data.name).toBe('next');
    await first;
    expect(server.started).not.toContain('gone');
  });

  it('frees the place when the answer is complete, even for a client that never reads it', async () => {
    const server = await heldServer(1);
    const { port } = new URL(server.url);
    // A raw client that sends a request and never reads: the 8 MB answer cannot all reach it.
    const body = JSON.stringify({ name: 'stalled', query: '{ a }' });
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.pause();
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    await expect.poll(() => server.started).toEqual(['stalled']);
    const next = send(server.url, 'next');
    await expect.poll(() => server.gate.state().waiting).toBe(1);

    server.answer('stalled', JSON.stringify({ data: { big: 'x'.repeat(8 * 1024 * 1024) } }));
    await expect.poll(() => server.started).toEqual(['stalled', 'next']);
    server.answer('next');
    expect((await next).data.name).toBe('next');
    socket.destroy();
  });

  it('is one at a time in embedded mode and unbounded on PostgreSQL unless set; 0 turns it off', () => {
    expect(httpConcurrencyOf(parseConfig({}))).toBe(1);
    expect(httpConcurrencyOf(parseConfig({ DATABASE_URL: 'postgres://localhost/x' }))).toBe(0);
    expect(httpConcurrencyOf(parseConfig({ COPYDESK_HTTP_CONCURRENCY: '8' }))).toBe(8);
    expect(httpConcurrencyOf(parseConfig({ COPYDESK_HTTP_CONCURRENCY: '0' }))).toBe(0);
    expect(
      httpConcurrencyOf(parseConfig({ DATABASE_URL: 'postgres://localhost/x', COPYDESK_HTTP_CONCURRENCY: '4' })),
    ).toBe(4);
    expect(() => parseConfig({ COPYDESK_HTTP_CONCURRENCY: '-1' })).toThrow(/COPYDESK_HTTP_CONCURRENCY/);
  });
});
