import type { DurableSubscriber } from '../events/outbox-dispatcher';
import type { UsageLedger } from './usage-ledger';

/** Gives back a finished job's unused reservation, once, in the transaction of the subscriber's receipt. */
export function usageReleaseSubscriber(ledger: UsageLedger): DurableSubscriber {
  return {
    name: 'usage-release',
    events: ['generation.completed', 'generation.failed', 'generation.cancelled'],
    async handle(event, tx) {
      if ('jobId' in event.payload) await ledger.release(tx, event.payload.jobId);
    },
  };
}
