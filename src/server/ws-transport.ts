import type http from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, DEPRECATED_GRAPHQL_WS_PROTOCOL, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../infra/logger';

/** What graphql-ws hands the hooks as `ctx.extra`: the socket and its upgrade request. */
export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: http.IncomingMessage;
}

/** Above this many bytes queued on a socket, its next message waits for the socket to drain. */
export const HIGH_WATER_BYTES = 64 * 1024;

const uncorkNextTick = new WeakSet<Socket>();

/**
 * Holds a connection's writes until the current burst of work ends (process.nextTick runs once the microtasks
 * queued now have run): an event published to many subscribers reaches each socket as one write, whatever number
 * of messages it carries, instead of one system call per message.
 */
function corkForTick(raw: Socket): void {
  if (uncorkNextTick.has(raw)) return;
  uncorkNextTick.add(raw);
  raw.cork();
  process.nextTick(() => {
    uncorkNextTick.delete(raw);
    raw.uncork();
  });
}

/**
 * Serialising once per event. graphql-ws serialises every message it sends; a `next` message's data (of the
 * execution result) is the same object for every subscriber that shares an execution, so its JSON is made once
 * and kept with it, and the message is built around it: the replacer puts a marker where the payload goes and
 * `send`, which graphql-ws calls right after serialising (synchronously), puts the payload's JSON in its place.
 */
const payloadJson = new WeakMap<object, string>();
const PAYLOAD_MARKER = '\u0000copydesk:payload';
const MARKER_TAIL = `${JSON.stringify(PAYLOAD_MARKER)}}`;
let pendingPayload: string | undefined;

function withSharedPayload(this: unknown, key: string, value: unknown): unknown {
  if (key !== 'payload' || (this as { type?: unknown }).type !== 'next') return value;
  // graphql-ws copies the result into a new payload object per message; its `data` is the shared part.
  const data = sharedData(value);
  if (data === undefined) return value;
  let json = payloadJson.get(data);
  if (json === undefined) {
    json = JSON.stringify({ data });
    payloadJson.set(data, json);
  }
  pendingPayload = json;
  return PAYLOAD_MARKER;
}

/** The `data` of a payload that carries nothing else (no errors, no extensions), or undefined. */
function sharedData(payload: unknown): object | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const keys = Object.keys(payload);
  if (keys.length !== 1 || keys[0] !== 'data') return undefined;
  const { data } = payload as { data: unknown };
  return typeof data === 'object' && data !== null ? data : undefined;
}

/** The message as graphql-ws meant it: the marker replaced by the payload's JSON. */
function framed(data: string): string {
  const payload = pendingPayload;
  pendingPayload = undefined;
  if (payload === undefined || !data.endsWith(MARKER_TAIL)) return data;
  return `${data.slice(0, data.length - MARKER_TAIL.length)}${payload}}`;
}

/** Resolves once the socket's queued bytes are written, or it closes. */
function drained(socket: WebSocket, raw: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    socket.on('close', done);
  });
}

/**
 * graphql-ws over `ws`, as graphql-ws's own `useServer` does it (subprotocol, keep-alive pings, close codes), with
 * the send path made for fan-out: an event's payload is serialised once for all who share it, a message is written at once without a callback or a promise (graphql-ws waits
 * for neither), writes are batched per connection per tick, and only a socket with more than HIGH_WATER_BYTES
 * queued makes its next message wait — so a slow reader holds back its own stream (whose TOKEN deltas are then
 * merged) and nobody else's. Errors go to the logger, not the console.
 */
export function serveGraphqlWs<P extends Record<string, unknown>, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, WsExtra & Partial<E>>,
  wsServer: WebSocketServer,
  logger: Logger,
  keepAliveMs = 12_000,
): { dispose(): Promise<void> } {
  const server = makeServer({ ...options, jsonMessageReplacer: withSharedPayload });
  wsServer.options.handleProtocols = handleProtocols;
  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    logger.error({ err: error }, what);
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  wsServer.once('error', (error) => {
    logger.error({ err: error }, 'WebSocket server error');
    for (const client of wsServer.clients) client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wsServer.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    const raw = request.socket;
    socket.once('error', (error) => internalError(socket, error, 'WebSocket connection error'));
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval =
      keepAliveMs > 0 && Number.isFinite(keepAliveMs)
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAliveMs)
        : null;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = framed(data);
          if (socket.readyState !== socket.OPEN) return;
          corkForTick(raw);
          socket.send(message);
          if (socket.bufferedAmount > HIGH_WATER_BYTES) return drained(socket, raw);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (error) {
              internalError(socket, error, 'GraphQL over WebSocket message failed');
            }
          }),
      },
      { socket, request } as WsExtra & Partial<E>,
    );
    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      if (pingInterval) clearInterval(pingInterval);
      if (code === CloseCode.SubprotocolNotAcceptable && socket.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL) {
        logger.warn('a client asked for the retired subscriptions-transport-ws protocol');
      }
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
