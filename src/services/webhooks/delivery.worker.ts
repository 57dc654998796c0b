import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../infra/logger';
import { annotateSpan, withSpan } from '../../infra/tracing-api';
import { type DeliveryPolicy, nextDelayMs, parseRetryAfter } from './delivery-policy';
import { signatures } from './webhook-secret';
import type { SendResult, WebhookSender } from './webhook-sender';

interface Claimed {
  id: string;
  event_id: string;
  event: string;
  body: string;
  attempts: number;
  endpoint_id: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | string | null;
  failing_since: Date | string | null;
}

export type DeliveryOutcome = 'succeeded' | 'failed' | 'dead' | 'disabled';

export interface DeliveryWorkerOptions {
  orm: MikroORM;
  sender: WebhookSender;
  policy: DeliveryPolicy;
  logger: Logger;
  concurrency: number;
  onAttempt?: (outcome: DeliveryOutcome, latencyMs: number) => void;
  /** An endpoint was disabled (410 or the failure window): the alert. */
  onDisabled?: (endpoint: { id: string; workspaceId: string; reason: string }) => Promise<void>;
  /** A delivery of one of SETTLED_EVENTS will not be tried again: it was delivered, or it is dead. */
  onSettled?: (delivery: SettledDelivery) => Promise<void>;
  now?: () => number;
}

const BATCH = 20;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}

/** Events whose deliveries, once settled (delivered or dead), are reported to `onSettled`: posts wait on them. */
export const SETTLED_EVENTS: ReadonlySet<string> = new Set(['post.publish']);

export interface SettledDelivery {
  deliveryId: string;
  endpointId: string;
  event: string;
  status: 'SUCCEEDED' | 'DEAD';
  error: string | null;
  postId: string | null;
}

function postIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { data?: { postId?: unknown } }).data?.postId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Sends due deliveries: claims rows (FOR UPDATE SKIP LOCKED + a lease), POSTs, records, schedules retries. */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.policy.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // Cut sends in flight rather than wait up to the timeout: they are recorded as failed and retried.
    this.options.sender.close();
    await this.running;
  }

  /** Looks for due deliveries now (and once more if a pass is already running). */
  kick(): void {
    if (this.stopped || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'webhook delivery pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    let claimed: Claimed[];
    do {
      claimed = await this.claim();
      const queue = [...claimed];
      const lanes = Array.from({ length: Math.min(this.options.concurrency, queue.length) }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) await this.attempt(row);
      });
      await Promise.all(lanes);
    } while (claimed.length === BATCH && !this.stopped);
  }

  private claim(): Promise<Claimed[]> {
    return this.options.orm.em.getConnection().execute<Claimed[]>(
      `with due as (
         select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
         where (e.active or d.event = 'webhook.test') and d.status in ('PENDING', 'FAILED') and d.next_attempt_at <= now()
           and (d.lease_until is null or d.lease_until < now())
         order by d.next_attempt_at limit ${BATCH} for update of d skip locked)
       update webhook_delivery d set lease_until = now() + ? * interval '1 millisecond'
       from due, webhook_endpoint e
       where d.id = due.id and e.id = d.endpoint_id
       returning d.id, d.event_id, d.event, d.body, d.attempts, e.id as endpoint_id, e.url, e.secret,
         e.previous_secret, e.previous_secret_expires_at, e.failing_since`,
      [this.options.policy.leaseMs],
    );
  }

  /** One attempt is one span (a trace of its own, like a job); the host only: a URL's path or query may hold a token. */
  private attempt(row: Claimed): Promise<void> {
    const attributes = {
      'copydesk.webhook.event': row.event,
      'copydesk.webhook.delivery.id': row.id,
      'copydesk.webhook.attempt': row.attempts + 1,
      'server.address': hostOf(row.url),
    };
    return withSpan('webhook.deliver', attributes, () => this.send(row), { root: true });
  }

  private async send(row: Claimed): Promise<void> {
    const now = new Date(this.options.now?.() ?? Date.now());
    const secrets = [row.secret];
    if (row.previous_secret && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > now)
      secrets.push(row.previous_secret);
    const headers = {
      'webhook-id': row.event_id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatures(secrets, row.event_id, now, row.body),
    };
    const result = await this.options.sender.send(row.url, headers, row.body);
    annotateSpan({ 'http.response.status_code': result.status ?? 0, 'copydesk.webhook.latency_ms': result.latencyMs });
    await this.record(row, result, now);
  }

  private async record(row: Claimed, result: SendResult, now: Date): Promise<void> {
    const connection = this.options.orm.em.getConnection();
    const attempts = row.attempts + 1;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const error = ok ? null : (result.error ?? `HTTP ${result.status}`).slice(0, 300);
    const delay = ok
      ? null
      : nextDelayMs(this.options.policy, attempts, parseRetryAfter(result.retryAfter, now.getTime()));
    const gone = result.status === 410;
    const status = ok ? 'SUCCEEDED' : delay === null || gone ? 'DEAD' : 'FAILED';
    await connection.execute(
      `update webhook_delivery set status = ?, attempts = ?, response_code = ?, latency_ms = ?, last_error = ?,
         lease_until = null, next_attempt_at = ?, delivered_at = ? where id = ?`,
      [
        status,
        attempts,
        result.status,
        result.latencyMs,
        error,
        status === 'FAILED' ? new Date(now.getTime() + (delay ?? 0)) : null,
        ok ? now : null,
        row.id,
      ],
    );
    this.options.onAttempt?.(
      status === 'SUCCEEDED' ? 'succeeded' : status === 'DEAD' ? 'dead' : 'failed',
      result.latencyMs,
    );
    // Ids and outcome only: never the URL (its path or query may hold a token), the body or a signature.
    const fields = {
      deliveryId: row.id,
      endpointId: row.endpoint_id,
      event: row.event,
      attempt: attempts,
      responseCode: result.status,
      latencyMs: result.latencyMs,
      status,
    };
    if ((ok || status === 'DEAD') && SETTLED_EVENTS.has(row.event)) {
      await this.options.onSettled?.({
        deliveryId: row.id,
        endpointId: row.endpoint_id,
        event: row.event,
        status: ok ? 'SUCCEEDED' : 'DEAD',
        error,
        postId: postIdOf(row.body),
      });
    }
    if (ok) this.options.logger.debug(fields, 'webhook delivered');
    else if (status === 'DEAD') this.options.logger.warn({ ...fields, error }, 'webhook delivery dead');
    else this.options.logger.info({ ...fields, error, retryInMs: delay }, 'webhook delivery failed');
    if (ok) {
      await connection.execute('update webhook_endpoint set failing_since = null where id = ?', [row.endpoint_id]);
      return;
    }
    const since = row.failing_since ? new Date(row.failing_since) : now;
    const reason = gone
      ? 'the receiver answered 410 Gone'
      : now.getTime() - since.getTime() >= this.options.policy.failureWindowMs
        ? `failing since ${since.toISOString()}`
        : null;
    if (!reason) {
      await connection.execute('update webhook_endpoint set failing_since = coalesce(failing_since, ?) where id = ?', [
        since,
        row.endpoint_id,
      ]);
      return;
    }
    await this.disable(row.endpoint_id, reason);
  }

  private async disable(endpointId: string, reason: string): Promise<void> {
    const rows = await this.options.orm.em
      .getConnection()
      .execute<{ workspace_id: string }[]>(
        `update webhook_endpoint set active = false, disabled_reason = ? where id = ? and active returning workspace_id`,
        [reason, endpointId],
      );
    const [row] = rows;
    if (!row) return;
    this.options.onAttempt?.('disabled', 0);
    this.options.logger.warn({ endpointId, workspaceId: row.workspace_id, reason }, 'webhook endpoint disabled');
    await this.options.onDisabled?.({ id: endpointId, workspaceId: row.workspace_id, reason });
  }
}
