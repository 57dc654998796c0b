import { type ExecutionResult, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subscribeShared } from '../src/server/shared-subscribe';

/** A source that yields whatever is pushed, and records whether it was closed. */
function source() {
  const waiting: ((result: IteratorResult<object>) => void)[] = [];
  const state = { closed: false };
  const iterator: AsyncIterableIterator<object> = {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    return: async () => {
      state.closed = true;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { iterator, state, push: (event: object) => waiting.shift()?.({ value: event, done: false }) };
}

function schemaCounting(executions: { count: number }, stream: AsyncIterableIterator<object>) {
  const Event = new GraphQLObjectType({
    name: 'Event',
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        resolve: (event: { n: number }) => {
          executions.count++;
          return `event ${event.n}`;
        },
      },
    },
  });
  const Query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } });
  const Subscription = new GraphQLObjectType({
    name: 'Subscription',
    fields: { events: { type: Event, subscribe: () => stream, resolve: (event: object) => event } },
  });
  return new GraphQLSchema({ query: Query, subscription: Subscription });
}

async function subscribe(schema: GraphQLSchema, key: string, query = 'subscription { events { n label } }') {
  const result = await subscribeShared({ schema, document: parse(query) }, key);
  if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify(result));
  return result;
}

describe('subscribeShared', () => {
  it('executes an event once for every subscriber with the same key, and once per other key', async () => {
    const executions = { count: 0 };
    const { iterator, push } = source();
    // Every subscriber reads the same source here, as subscribers of one pub/sub topic get the same event object.
    const schema = schemaCounting(executions, iterator);
    const [a, b, c] = await Promise.all([subscribe(schema, 'k1'), subscribe(schema, 'k1'), subscribe(schema, 'k2')]);
    const event = { n: 1 };
    const next = [a, b, c].map((stream) => stream.next());
    for (let i = 0; i < 3; i++) push(event);
    const results = (await Promise.all(next)).map((r) => r.value as ExecutionResult);
    expect(results.map((r) => r.data)).toEqual(Array(3).fill({ events: { n: 1, label: 'event 1' } }));
    expect(results[0]).toBe(results[1]);
    expect(executions.count).toBe(2);
  });

  it('closes the source as soon as the subscriber stops, even while waiting for an event', async () => {
    const { iterator, state } = source();
    const stream = await subscribe(schemaCounting({ count: 0 }, iterator), 'k');
    const pending = stream.next();
    await stream.return?.();
    expect(state.closed).toBe(true);
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });

  it('answers errors, not a stream, when the operation cannot subscribe', async () => {
    const schema = schemaCounting({ count: 0 }, source().iterator);
    const result = await subscribeShared({ schema, document: parse('subscription { nope }') }, 'k');
    expect(Symbol.asyncIterator in result).toBe(false);
    expect((result as ExecutionResult).errors?.[0]?.message).toMatch(/nope/);
  });

  it('answers events in order when a field resolves asynchronously', async () => {
    const Event = new GraphQLObjectType({
      name: 'Event',
      fields: {
        n: { type: GraphQLInt },
        // The first event resolves last: its answer must still come first.
        late: { type: GraphQLInt, resolve: (event: { n: number }) => sleepless(event.n === 1 ? 3 : 0, event.n) },
      },
    });
    const events = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const stream: AsyncIterableIterator<object> = {
      next: () =>
        Promise.resolve(
          events.length > 0 ? { value: events.shift() as object, done: false } : { value: undefined, done: true },
        ),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: { events: { type: Event, subscribe: () => stream, resolve: (event: object) => event } },
      }),
    });
    const results: unknown[] = [];
    for await (const result of await subscribe(schema, 'k', 'subscription { events { n late } }')) results.push(result);
    expect(results).toEqual([1, 2, 3].map((n) => ({ data: { events: { n, late: n } } })));
  });

  it('ends with the source’s error, which graphql-ws then sends to the client as an error message', async () => {
    const state = { reads: 0 };
    const failing: AsyncIterableIterator<object> = {
      next: () =>
        ++state.reads === 1 ? Promise.resolve({ value: { n: 1 }, done: false }) : Promise.reject(new Error('too slow')),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const stream = await subscribe(schemaCounting({ count: 0 }, failing), 'k');
    await expect(stream.next()).resolves.toMatchObject({ done: false, value: { data: { events: { n: 1 } } } });
    await expect(stream.next()).rejects.toThrow('too slow');
  });
});

/** A value after `turns` microtask turns (a resolver that answers later without a timer). */
async function sleepless<T>(turns: number, value: T): Promise<T> {
  for (let i = 0; i < turns; i += 1) await Promise.resolve();
  return value;
}
