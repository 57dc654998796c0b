import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** Per source event: its results by operation key. Weak, so a result lives as long as its event is referenced. */
const shared = new WeakMap<object, Map<string, Result>>();

function executeOnce(args: ExecutionArgs, key: string, event: unknown): Result {
  const run = () => execute({ ...args, rootValue: event });
  if (typeof event !== 'object' || event === null) return run();
  let byKey = shared.get(event);
  if (!byKey) {
    byKey = new Map();
    shared.set(event, byKey);
  }
  let result = byKey.get(key);
  if (!result) {
    result = run();
    byKey.set(key, result);
  }
  return result;
}

/** graphql-js's mapping of a source stream to a response stream: `return()` reaches the source at once. */
function mapStream<T, U>(source: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async () => {
    await iterator.return?.().catch(() => undefined);
  };
  const mapResult = async (result: IteratorResult<T>): Promise<IteratorResult<U>> => {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await map(result.value), done: false };
    } catch (error) {
      await close();
      throw error;
    }
  };
  return {
    next: async () => mapResult(await iterator.next()),
    return: async () => (iterator.return ? mapResult(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error: unknown) => {
      if (iterator.throw) return mapResult(await iterator.throw(error));
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * graphql-js's `subscribe`, with each event executed once for all subscribers that share a `key` (same operation,
 * variables and viewer's workspace and role), instead of once per subscriber: a pub/sub hands every subscriber of a
 * topic the same event object, so a job followed by 5,000 clients costs one execution per event, not 5,000.
 * The subscribe resolver (authorization, NOT_FOUND) still runs per subscriber. Sound while the resolvers below a
 * subscription field depend only on the event, the arguments and the viewer's workspace and role.
 */
export async function subscribeShared(
  args: ExecutionArgs,
  key: string,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  return mapStream(stream, (event: unknown) => executeOnce(args, key, event));
}
