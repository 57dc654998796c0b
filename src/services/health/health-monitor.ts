import { Repeater } from '@graphql-yoga/subscription';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../infra/logger';
import type { EventBus } from '../../infra/pubsub';
import type { EventHub } from '../events/domain-events';
import {
  type HealthAlertData,
  type HealthCheck,
  type HealthCheckResult,
  type HealthReportData,
  type HealthState,
  worst,
} from './health.types';

export type HealthTopics = { healthAlerts: [HealthAlertData] };

export interface HealthMonitorOptions {
  orm: MikroORM;
  events: EventHub;
  /** Opens the alert bus on first use (a CLI command builds the services but never starts the monitor). */
  openBus: () => EventBus<Record<string, [string, unknown]>>;
  checks: HealthCheck[];
  instance: string;
  /** Redis channel prefix (COPYDESK_QUEUE_PREFIX): installations sharing one Redis stay apart. */
  prefix: string;
  intervalMs: number;
  timeoutMs: number;
  logger: Logger;
  /** Runs before each round (the worker's heartbeat). */
  beforeRound?: () => Promise<void>;
}

const CHANNEL = 'all';
const MAX_PENDING = 1_000;

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthCheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const outcome = await Promise.race([
      check.run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: check.name, ...outcome, latencyMs: latency() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: check.name, status: 'DOWN', latencyMs: latency(), message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check periodically in this process, keeps the latest report, and turns each status change into a
 * live alert (pub/sub, at once, to every instance) and a durable `health.changed` event (kept in memory while the
 * database cannot take it, flushed after each later round). Alerts are per instance: each carries `instance`.
 */
export class HealthMonitor {
  private latest?: HealthReportData;
  private round?: Promise<HealthReportData>;
  private timer?: NodeJS.Timeout;
  private readonly pending: HealthAlertData[] = [];
  private readonly log: Logger;
  /** This process's subscribers: fed at once by local changes (even while Redis is away) and by other instances. */
  private readonly listeners = new Set<(alert: HealthAlertData) => unknown>();
  private relay?: Repeater<unknown>;

  private openedBus?: EventBus<Record<string, [string, unknown]>>;

  private get bus(): EventBus<Record<string, [string, unknown]>> {
    this.openedBus ??= this.options.openBus();
    return this.openedBus;
  }

  private get topic(): string {
    return `${this.options.prefix}:health-alerts`;
  }

  constructor(private readonly options: HealthMonitorOptions) {
    this.log = options.logger;
  }

  /** Starts the periodic rounds (the first one at once) and listens to other instances' alerts. */
  start(): void {
    if (this.timer) return;
    this.listen();
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the rounds and the relay, and closes the alert bus if it was opened. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.relay?.return();
    await this.openedBus?.close();
  }

  /** Other instances' alerts (through Redis when configured) reach this process's subscribers; our own are skipped. */
  private listen(): void {
    const relay = this.bus.pubsub.subscribe(this.topic, CHANNEL) as unknown as Repeater<HealthAlertData>;
    this.relay = relay;
    void (async () => {
      for await (const alert of relay) if (alert.instance !== this.options.instance) this.deliver(alert);
    })().catch((error) => this.log.warn({ err: error }, 'health alert relay ended'));
  }

  /** The latest report, if a round ran (metrics read it without running checks). */
  get latestReport(): HealthReportData | undefined {
    return this.latest;
  }

  /** The latest report, or a fresh one when none ran yet. */
  async report(): Promise<HealthReportData> {
    return this.latest ?? this.check();
  }

  /** Runs a round now (or joins the one running) and answers its report. */
  check(): Promise<HealthReportData> {
    this.round ??= this.runRound().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Runs the named checks now, outside the periodic round (no alert, no report). */
  runLive(names: string[]): Promise<HealthCheckResult[]> {
    const chosen = this.options.checks.filter((check) => names.includes(check.name));
    return Promise.all(chosen.map((check) => runCheck(check, this.options.timeoutMs)));
  }

  /** Every alert from every instance, live. */
  alerts(): Repeater<HealthAlertData> {
    return new Repeater<HealthAlertData>(async (push, stop) => {
      this.listeners.add(push);
      await stop;
      this.listeners.delete(push);
    });
  }

  /** Live `healthAlerts` subscribers of this process (tests wait for theirs before causing a change). */
  get subscribers(): number {
    return this.listeners.size;
  }

  private deliver(alert: HealthAlertData): void {
    for (const push of this.listeners) void push(alert);
  }

  private async runRound(): Promise<HealthReportData> {
    const { checks, timeoutMs, instance } = this.options;
    await this.options.beforeRound?.().catch((error) => this.log.debug({ err: error }, 'heartbeat failed'));
    const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
    let status: HealthState = 'OK';
    results.forEach((result, i) => {
      const counted = checks[i]?.degradeOnly && result.status === 'DOWN' ? 'DEGRADED' : result.status;
      status = worst(status, counted);
    });
    const report: HealthReportData = { status, instance, checks: results, checkedAt: new Date().toISOString() };
    const previous = this.latest;
    this.latest = report;
    if (previous) this.compare(previous, report);
    await this.flush();
    return report;
  }

  private compare(previous: HealthReportData, report: HealthReportData): void {
    for (const result of report.checks) {
      const before = previous.checks.find((check) => check.name === result.name);
      if (!before || before.status === result.status) continue;
      const alert: HealthAlertData = {
        check: result.name,
        from: before.status,
        to: result.status,
        message: result.message,
        instance: report.instance,
        at: report.checkedAt,
      };
      this.log.warn(alert, 'health check changed');
      this.deliver(alert);
      this.bus.pubsub.publish(this.topic, CHANNEL, alert);
      this.pending.push(alert);
      // A long outage with a flapping check must not grow memory without bound: the oldest are dropped.
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    }
  }

  /** Writes pending `health.changed` events to the outbox; on failure they wait for the next round. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = [...this.pending];
    try {
      await this.options.events.transaction(this.options.orm.em.fork(), async (_tx, emit) => {
        for (const alert of batch) emit('health.changed', null, alert);
      });
      this.pending.splice(0, batch.length);
    } catch (error) {
      this.log.debug(
        { err: error, pending: this.pending.length },
        'health.changed kept in memory until the database answers',
      );
    }
  }
}
