import type { GenerationJob } from '../../entities';
import type { LlmProvider } from './providers/llm-provider';

/**
 * Ends a running job between two model calls, with this message as the job's error (a usage limit reached, say).
 * The job fails as any failed job does: its partial variants are removed and the campaign keeps what it had.
 */
export class JobStopped extends Error {
  override readonly name = 'JobStopped';
}

/**
 * Wraps the writer one job uses, for concerns that watch every model call (metering and usage limits). Supplied
 * by the composition root; generation itself knows nothing of usage.
 */
export type ProviderGuard = (job: GenerationJob, provider: LlmProvider) => LlmProvider;
