import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, with whether each secret it was told about verified it. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  verified: boolean[];
}

/** How the receiver answers the next requests: a status, headers, or hold the answer (a timeout). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  hold?: boolean;
}

/** A real local webhook receiver that verifies every request with the standardwebhooks package. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  secrets: string[] = [];
  private answers: Answer[] = [];
  private readonly held: http.ServerResponse[] = [];
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      const verified = this.secrets.map((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      this.received.push({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        verified,
      });
      const answer = this.answers.shift() ?? { status: 204 };
      if (answer.hold) {
        this.held.push(response);
        return;
      }
      response.writeHead(answer.status, answer.headers).end();
    });
  });

  /** Answers the next requests in this order, then 204. */
  answerWith(...answers: Answer[]): void {
    this.answers = answers;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://localhost:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
