import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenerationJob, OutlineData } from '../../entities';
import { JobStopped } from '../generation/job-guard';
import type {
  LlmProvider,
  LlmUsage,
  OutlineRequest,
  ShortenRequest,
  VariantsRequest,
} from '../generation/providers/llm-provider';
import type { VariantDraft } from '../platforms/platform-rules';
import type { CallRecord, UsageLedger } from './usage-ledger';

export interface MeteredProviderOptions {
  job: GenerationJob;
  provider: LlmProvider;
  ledger: UsageLedger;
  em: EntityManager;
  /** USD for one call's usage (the job's price table). */
  price: (usage: LlmUsage) => number;
  /** Told of every model call (process metrics). */
  onCall?: (call: MeteredCall) => void;
}

/** One model call as metered. */
export type MeteredCall = Omit<CallRecord, 'jobId' | 'workspaceId' | 'apiKeyId'>;

/**
 * The writer of one job, metered: every model call is recorded and settled against the usage limits as it ends.
 * The settlement (a transaction of its own) runs while the job goes on with the call's answer; the job waits for it
 * before its next model call, before it announces a variant (`settled()`) and before it succeeds. Once a limit is
 * used up, that wait and every later call throw JobStopped, so the job fails cleanly and nothing written from the
 * call that used the limit up is ever shown (calls already in flight finish and are counted).
 * The offline writer's calls are free and not recorded.
 */
export class MeteredProvider implements LlmProvider {
  readonly name: string;
  private stopped: string | null = null;
  /** The settlements not yet awaited; they never reject (a failure is kept in `failure`). */
  private settling: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly options: MeteredProviderOptions) {
    this.name = options.provider.name;
  }

  outline(request: OutlineRequest): Promise<{ outline: OutlineData; usage: LlmUsage }> {
    return this.metered('outline', () => this.options.provider.outline(request));
  }

  variants(request: VariantsRequest): Promise<{ variants: VariantDraft[]; usage: LlmUsage }> {
    return this.metered(request.feedback ? 'rewrite' : 'variants', () => this.options.provider.variants(request));
  }

  shorten(request: ShortenRequest): Promise<{ variant: VariantDraft; usage: LlmUsage }> {
    return this.metered('shorten', () => this.options.provider.shorten(request));
  }

  /** Every call so far settled; throws JobStopped when one used a limit up, or what a settlement failed with. */
  async settled(): Promise<void> {
    await this.settling;
    if (this.failure !== undefined) throw this.failure;
    if (this.stopped) throw new JobStopped(this.stopped);
  }

  private async metered<T extends { usage: LlmUsage }>(operation: string, send: () => Promise<T>): Promise<T> {
    await this.settled();
    const started = performance.now();
    const result = await send();
    const latencyMs = performance.now() - started;
    const { usage } = result;
    const cacheHit = (usage as LlmUsage & { cacheHit?: boolean }).cacheHit === true;
    if (usage.model === 'offline' && !cacheHit) return result;
    const { job } = this.options;
    const call: MeteredCall = {
      operation,
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      cachedTokens: usage.cachedTokens,
      costUsd: this.options.price(usage),
      latencyMs,
      cacheHit,
    };
    this.options.onCall?.(call);
    const settlement = this.options.ledger
      .settle(this.options.em.fork(), {
        ...call,
        jobId: job.id,
        workspaceId: job.workspace.id,
        apiKeyId: job.apiKeyId ?? null,
      })
      .then(
        // The call that used the limit up is paid for, but the job stops at its next wait rather than finish over
        // the limit.
        (stop) => {
          this.stopped ??= stop;
        },
        (error: unknown) => {
          this.failure ??= error;
        },
      );
    this.settling = Promise.all([this.settling, settlement]).then(() => undefined);
    return result;
  }
}
