import { type PubSub, Repeater } from '@graphql-yoga/subscription';
import { GenerationJob, JobStatus } from '../../entities';
import type { Scope } from '../viewer';
import { eventFromJob, FINAL_EVENTS } from './generation-events';
import type { StreamTopics as EventTopics, GenerationEventMessage } from './generation-stream.types';

const FINAL_TYPE: Partial<Record<JobStatus, GenerationEventMessage['type']>> = {
  [JobStatus.SUCCEEDED]: 'COMPLETED',
  [JobStatus.FAILED]: 'FAILED',
  [JobStatus.CANCELLED]: 'CANCELLED',
};

/**
 * The job's stream as a Repeater: when the client leaves, `stop` ends the live feed at once, even while it waits
 * for the next event (an async generator would hold its listener until that event came).
 */
export function followJob(
  pubsub: PubSub<EventTopics>,
  scope: Scope,
  jobId: string,
): AsyncIterableIterator<GenerationEventMessage> {
  return new Repeater<GenerationEventMessage>(async (push, stop) => {
    const live = pubsub.subscribe('generation', jobId);
    void stop.then(() => live.return());
    try {
      // A Repeater listens only from its first next(): ask for the first live event before reading the
      // snapshot, so no event falls between them (one published meanwhile is buffered, not lost).
      const firstLive = live.next();
      const job = await scope.em.findOneOrFail(GenerationJob, { id: jobId }, { refresh: true });
      for await (const event of stream(job, firstLive, live)) await push(event);
    } finally {
      stop();
      await live.return();
    }
  });
}

async function* stream(
  job: GenerationJob,
  firstLive: Promise<IteratorResult<GenerationEventMessage>>,
  live: AsyncIterator<GenerationEventMessage>,
): AsyncGenerator<GenerationEventMessage> {
  yield eventFromJob(job, 'SNAPSHOT');
  const final = FINAL_TYPE[job.status];
  if (final) {
    yield eventFromJob(job, final);
    return;
  }
  let progress = job.progress;
  for (let next = await firstLive; !next.done; next = await live.next()) {
    const event = next.value;
    // Events published before the snapshot was read are older than it; progress never goes back.
    if (event.progress < progress) continue;
    progress = event.progress;
    yield event;
    if (FINAL_EVENTS.has(event.type)) return;
  }
}
