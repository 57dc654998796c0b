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

const DONE: IteratorResult<never> = Object.freeze({ value: undefined, done: true }) as IteratorResult<never>;

/**
 * graphql-js's mapping of a source stream to a response stream: `return()` reaches the source at once. One promise
 * per event when `map` answers at once (a shared execution does, unless a resolver is asynchronous): this runs for
 * every subscriber on every event, so no `async` function or `await` sits on its way.
 */
function mapStream<T, U>(source: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const fail = (error: unknown): Promise<never> =>
    Promise.resolve(iterator.return?.())
      .catch(() => undefined)
      .then(() => Promise.reject(error));
  const mapResult = (result: IteratorResult<T>): IteratorResult<U> | Promise<IteratorResult<U>> => {
    if (result.done) return DONE;
    let mapped: U | Promise<U>;
    try {
      mapped = map(result.value);
    } catch (error) {
      return fail(error);
    }
    if (mapped instanceof Promise) return mapped.then((value) => ({ value, done: false }), fail);
    return { value: mapped, done: false };
  };
  return {
    next: () => iterator.next().then(mapResult),
    return: () => (iterator.return ? iterator.return().then(mapResult) : Promise.resolve(DONE)),
    throw: (error: unknown) => (iterator.throw ? iterator.throw(error).then(mapResult) : fail(error)),
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
