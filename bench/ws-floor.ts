import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Cleanups } from './lifecycle';

/**
 * The floor of one delivery: what it costs this process to write one WebSocket message of `bytes` characters to a
 * socket, with no GraphQL around it. `sockets` plain `ws` connections from another process; `rounds` times, one
 * `send` of the same string to each, every message its own socket write (nothing corked), then the event loop turns
 * so that queued bytes go out. CPU of this process from the first send until every message has arrived, per message:
 * user + system, and system alone (the kernel's part: the write system calls and the loopback's TCP).
 */

export interface WriteFloor {
  messages: number;
  bytes: number;
  cpuMicros: number;
  systemMicros: number;
}

interface FromDrain {
  kind: 'open' | 'received' | 'failed';
  received?: number;
  error?: string;
}

function nextMessage(child: ChildProcess, kind: FromDrain['kind']): Promise<FromDrain> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromDrain) => {
      if (message.kind === 'failed') done(new Error(`ws-drain: ${message.error}`));
      else if (message.kind === kind) done(undefined, message);
    };
    const onExit = (code: number | null) => done(new Error(`ws-drain exited (${code})`));
    const done = (error?: Error, message?: FromDrain) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message) resolve(message);
      else reject(error);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function wsWriteFloor(
  options: { sockets: number; rounds: number; bytes: number },
  cleanups: Cleanups,
): Promise<WriteFloor> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const connected: WebSocket[] = [];
  server.on('connection', (socket) => connected.push(socket));

  const child = fork(path.join(__dirname, 'ws-drain.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ kind: 'close' });
    await exited;
  });
  const messages = options.sockets * options.rounds;
  const opened = nextMessage(child, 'open');
  child.send({ kind: 'open', url: `ws://127.0.0.1:${address.port}`, count: options.sockets, expect: messages });
  await opened;
  while (connected.length < options.sockets) await nextTurn();

  // A message of graphql-ws's shape, as long as the deliveries measured.
  const prefix = '{"id":"00000000-0000-4000-8000-000000000000","type":"next","payload":{"data":"';
  const message = `${prefix}${'x'.repeat(Math.max(0, options.bytes - prefix.length - 4))}"}}`;
  const arrived = nextMessage(child, 'received');
  const before = process.cpuUsage();
  for (let round = 0; round < options.rounds; round += 1) {
    for (const socket of connected) socket.send(message);
    await nextTurn();
  }
  await arrived;
  const cpu = process.cpuUsage(before);
  return {
    messages,
    bytes: message.length,
    cpuMicros: (cpu.user + cpu.system) / messages,
    systemMicros: cpu.system / messages,
  };
}
