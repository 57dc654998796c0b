import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { UsagePeriod } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { DomainEvents } from '../events/domain-events';
import type { GenerationBudget, HeldBudget } from '../generation/generation.service';
import type { Scope, Viewer } from '../viewer';
import { RequestMeter } from './request-meter';
import { UsageLedger } from './usage-ledger';
import { type LimitValues, type UsageLimitsInput, UsageLimitsService } from './usage-limits.service';
import type { Clock } from './usage-period';
import { type UsageReport, UsageReportService } from './usage-report.service';

export interface UsageServiceOptions {
  orm: MikroORM;
  events: DomainEvents;
  clock: Clock;
  logger: Logger;
  /** COPYDESK_USAGE_LIMITS === 'on'. */
  enforce: boolean;
  flushMs: number;
  limitsCacheMs: number;
}

/** Usage metering and limits: what resolvers call, and the parts the composition root wires into generation. */
export class UsageService {
  readonly ledger: UsageLedger;
  readonly limits: UsageLimitsService;
  readonly meter: RequestMeter;
  private readonly reports: UsageReportService;

  constructor(private readonly options: UsageServiceOptions) {
    this.limits = new UsageLimitsService({ events: options.events, cacheMs: options.limitsCacheMs });
    this.ledger = new UsageLedger({
      limits: this.limits,
      events: options.events,
      clock: options.clock,
      enforce: options.enforce,
    });
    this.meter = new RequestMeter({
      orm: options.orm,
      limits: this.limits,
      events: options.events,
      clock: options.clock,
      logger: options.logger,
      enforce: options.enforce,
      flushMs: options.flushMs,
    });
    this.reports = new UsageReportService(this.meter, options.clock);
  }

  /** What the workspace, or one key, used this UTC day or month (ADMIN). */
  report(scope: Scope, period: UsagePeriod, apiKeyId?: string | null): Promise<UsageReport> {
    return this.reports.report(scope, period, apiKeyId);
  }

  /** The workspace's limits, or one key's. */
  getLimits(scope: Scope, apiKeyId?: string | null): Promise<LimitValues & { apiKeyId: string | null }> {
    return this.limits.get(scope, apiKeyId);
  }

  /** Sets limits; a field left out keeps its value, null clears it. */
  setLimits(scope: Scope, input: UsageLimitsInput): Promise<LimitValues & { apiKeyId: string | null }> {
    return this.limits.set(scope, input);
  }

  /** Counts one request of the caller; QUOTA_EXCEEDED when its requests-per-day limit is used up. */
  countRequest(viewer: Viewer): Promise<void> {
    return this.meter.count(viewer);
  }

  /** Generation's budget port: reserve in the job's transaction, release a job that never ran. */
  budget(): GenerationBudget {
    return {
      reserve: (tx: EntityManager, props): Promise<HeldBudget | null> => this.ledger.reserve(tx, props),
      release: (jobId) => this.options.orm.em.fork().transactional((tx) => this.ledger.release(tx, jobId)),
    };
  }

  /** Writes the request counts still in memory (shutdown). */
  flush(): Promise<void> {
    return this.meter.flush();
  }
}
