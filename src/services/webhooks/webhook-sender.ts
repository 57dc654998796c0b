import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPublicAddress, literalAddress } from './ssrf-guard';

/** The outcome of one POST: a status (any, 3xx included: redirects are never followed) or an error. */
export interface SendResult {
  status: number | null;
  retryAfter: string | null;
  error: string | null;
  latencyMs: number;
}

/** POSTs signed webhook requests through agents whose DNS lookup refuses private addresses. */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: { allowPrivate: boolean; timeoutMs: number }) {
    const lookup = guardedLookup(options.allowPrivate);
    this.httpAgent = new http.Agent({ keepAlive: true, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, lookup });
  }

  /** One attempt; never throws. */
  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const done = (status: number | null, retryAfter: string | null, error: string | null): SendResult => ({
      status,
      retryAfter,
      error,
      latencyMs: performance.now() - started,
    });
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return resolve(done(null, null, 'invalid URL'));
      }
      // An IP literal never reaches the agent's lookup: check it here too (it was checked when the endpoint was
      // saved, but the policy may have changed since, e.g. COPYDESK_WEBHOOK_ALLOW_PRIVATE turned off).
      const literal = literalAddress(target.hostname);
      if (literal && !this.options.allowPrivate && !isPublicAddress(literal)) {
        return resolve(done(null, null, `${literal} is a private or reserved address`));
      }
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { 'content-type': 'application/json', 'user-agent': 'Copydesk-Webhooks/1', ...headers },
        timeout: this.options.timeoutMs,
      });
      request.on('response', (response) => {
        const retryAfter = response.headers['retry-after'] ?? null;
        response.resume();
        response.on('end', () => resolve(done(response.statusCode ?? null, retryAfter, null)));
        response.on('error', (error) => resolve(done(response.statusCode ?? null, retryAfter, error.message)));
      });
      request.on('timeout', () => request.destroy(new Error(`timed out after ${this.options.timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve(done(null, null, (error.code === 'EPRIVATEADDRESS' ? error.message : error.message).slice(0, 300))),
      );
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
