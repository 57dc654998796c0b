import WebSocket from 'ws';

/**
 * The reading side of bench/ws-floor.ts, in a process of its own: opens `count` plain WebSocket connections, reports
 * `open` when all are open, and counts the messages that arrive; reports `received` once `expect` of them have.
 */

const sockets: WebSocket[] = [];
let received = 0;

process.on('message', (message: { kind: 'open'; url: string; count: number; expect: number } | { kind: 'close' }) => {
  if (message.kind === 'open') {
    let open = 0;
    for (let i = 0; i < message.count; i += 1) {
      const socket = new WebSocket(message.url);
      socket.on('message', () => {
        received += 1;
        if (received === message.expect) process.send?.({ kind: 'received', received });
      });
      socket.once('open', () => {
        open += 1;
        if (open === message.count) process.send?.({ kind: 'open' });
      });
      socket.once('error', (error) => process.send?.({ kind: 'failed', error: error.message }));
      sockets.push(socket);
    }
  } else {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});

process.once('disconnect', () => process.exit(1));
