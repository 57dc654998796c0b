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
});
