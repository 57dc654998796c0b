import type { PubSub } from '@graphql-yoga/subscription';
import type { Topics } from './pubsub';

/**
 * How a topic's events may be folded together for a subscriber that has not read them yet (one that falls behind
 * gets fewer, larger events). A new event is offered to the queued ones from the newest back: `merge` answers the
 * folded event to put in that one's place (`latest`: it is the newest queued), or undefined; `passes` says whether
 * the new event may still be folded into one queued before `queued` (order between them does not matter).
 */
export interface Merge {
  merge(queued: unknown, next: unknown, latest: boolean): unknown;
  passes(queued: unknown, next: unknown): boolean;
}

/** How far back a new event is offered for merging. */
const MERGE_WINDOW = 64;

/** A subscriber that has this many events waiting unread is dropped: it reads far slower than events arrive. */
export const MAX_QUEUED = 10_000;

/** The error a dropped subscriber's stream ends with. */
export class SubscriberTooSlowError extends Error {
  constructor() {
    super(`The subscriber fell ${MAX_QUEUED} events behind and was dropped; subscribe again to resume`);
  }
}

/**
 * One local subscriber of a channel: a queue with at most one reader waiting. Delivering costs no promise unless
 * the reader waits; a value queued while the reader is busy may be merged into the one before it.
 */
class Member<T> implements AsyncIterableIterator<T> {
  private queue: (T | undefined)[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly leave: (member: Member<T>) => void,
    private readonly merge: Merge | undefined,
  ) {}

  deliver(value: T): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value, done: false });
      return;
    }
    if (this.merge) {
      const newest = this.queue.length - 1;
      for (let i = newest; i >= this.head && newest - i < MERGE_WINDOW; i -= 1) {
        const merged = this.merge.merge(this.queue[i], value, i === newest);
        if (merged !== undefined) {
          this.queue[i] = merged as T;
          return;
        }
        if (!this.merge.passes(this.queue[i], value)) break;
      }
    }
    if (this.queue.length - this.head >= MAX_QUEUED) {
      this.fail(new SubscriberTooSlowError());
      return;
    }
    this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > this.head) {
      const value = this.queue[this.head] as T;
      this.queue[this.head] = undefined;
      this.head += 1;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  /** Ends the stream after what is queued; a waiting reader gets `done` at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leave(this);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  private fail(error: Error): void {
    this.queue = [];
    this.head = 0;
    this.failure = error;
    this.close();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * A pub/sub whose subscribers in this process share one subscription per channel (topic and key). A job watched
 * by 5,000 dashboards costs one listener on the underlying pub/sub (one Redis channel, one EventTarget listener)
 * and, per event, one loop over plain queues, instead of an event dispatch and a Repeater per subscriber. Events
 * reach every local subscriber in publication order; `merges` may fold a lagging subscriber's queued events
 * (per topic). Publishing is the underlying pub/sub's.
 */
export function localFanout<T extends Topics>(pubsub: PubSub<T>, merges: Partial<Record<keyof T, Merge>> = {}) {
  const channels = new Map<string, { members: Set<Member<unknown>>; source: AsyncIterator<unknown> }>();

  const open = (topic: string, key: string) => {
    const id = `${topic}\u0000${key}`;
    let channel = channels.get(id);
    if (!channel) {
      // Subscribing calls next() at once, so the underlying pub/sub listens before this returns.
      const source = (pubsub.subscribe as unknown as (topic: string, key: string) => AsyncIterableIterator<unknown>)(
        topic,
        key,
      );
      const members = new Set<Member<unknown>>();
      channel = { members, source };
      channels.set(id, channel);
      void (async () => {
        try {
          for await (const value of source) for (const member of members) member.deliver(value);
        } finally {
          for (const member of members) member.close();
        }
      })();
    }
    const { members, source } = channel;
    const member = new Member<unknown>(
      (left) => {
        members.delete(left);
        if (members.size === 0 && channels.get(id) === channel) {
          channels.delete(id);
          void source.return?.();
        }
      },
      merges[topic as keyof T],
    );
    members.add(member);
    return member;
  };

  return {
    publish: pubsub.publish,
    subscribe: open as unknown as PubSub<T>['subscribe'],
    /** Channels with at least one local subscriber (for tests and metrics). */
    get channels(): number {
      return channels.size;
    },
  };
}
