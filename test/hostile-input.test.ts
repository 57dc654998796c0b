import { afterEach, describe, expect, it } from 'vitest';
import { Campaign } from '../src/entities';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { gql } from './support/graphql';

const CREATE = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';

interface RawResponse {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const t = useTestApp();

afterEach(async () => {
  // Whatever a hostile request did, the server still answers an ordinary one.
  const res = await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.viewer });
  expect(res.status).toBe(200);
  expect(res.data).toEqual({ viewer: { role: 'VIEWER' } });
});

/** POSTs a raw body to /graphql and keeps the response text, to look for leaked internals. */
async function post(body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ws.editor}`, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

function operation(query: string, variables?: Record<string, unknown>): Promise<RawResponse> {
  return post(JSON.stringify({ query, variables }));
}

function countCampaigns(): Promise<number> {
  return t.app.orm.em.fork().count(Campaign, { workspace: t.ws.workspace.id }, { filters: false });
}

/** A refused request: a client error (never 5xx), code BAD_USER_INPUT, and no stack or file path in the body. */
function expectCleanRefusal(res: RawResponse): void {
  expect(res.status).toBeLessThan(500);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.text).not.toMatch(/\bat \S+ \(/);
  expect(res.text).not.toMatch(/\s+at\s+\S+:\d+:\d+/);
  expect(res.text).not.toMatch(/node_modules|\/src\/|\/work\/|\.ts:\d+|\.js:\d+/);
  expect(res.text).not.toContain('stacktrace');
}

describe('hostile GraphQL input', () => {
  it('refuses an unknown enum value sent as a variable', async () => {
    const res = await operation(CREATE, { input: { name: 'Launch', brief: buildBrief({ tone: 'ANGRY' }) } });
    expectCleanRefusal(res);
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses an unknown enum value written inline in the query', async () => {
    const res = await operation(`mutation {
      createCampaign(input: {
        name: "Launch",
        brief: { productName: "Rocket", features: ["Fast"], tone: ANGRY, platforms: [LINKEDIN] }
      }) { id }
    }`);
    expectCleanRefusal(res);
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses an unknown platform inside a list', async () => {
    const res = await operation(CREATE, {
      input: { name: 'Launch', brief: buildBrief({ platforms: ['LINKEDIN', 'MYSPACE'] }) },
    });
    expectCleanRefusal(res);
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses a 100,000-character productName as bad input, not a server error', async () => {
    const res = await operation(CREATE, {
      input: { name: 'Launch', brief: buildBrief({ productName: 'x'.repeat(100_000) }) },
    });
    expectCleanRefusal(res);
    expect(res.text.length).toBeLessThan(10_000);
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses null bytes in brief text and in the name', async () => {
    for (const input of [
      { name: 'Launch', brief: buildBrief({ productName: 'Acme\u0000Rocket' }) },
      { name: 'Launch', brief: buildBrief({ features: ['Fast\u0000'] }) },
      { name: 'Launch', brief: buildBrief({ description: '\u0000' }) },
      { name: 'Laun\u0000ch', brief: buildBrief() },
    ]) {
      expectCleanRefusal(await operation(CREATE, { input }));
    }
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses a null byte in the campaigns search', async () => {
    const res = await operation('query($search: String) { campaigns(search: $search) { totalCount } }', {
      search: 'a\u0000b',
    });
    expectCleanRefusal(res);
  });

  it('refuses empty features and platforms lists, naming both', async () => {
    const res = await operation(CREATE, {
      input: { name: 'Launch', brief: buildBrief({ features: [], platforms: [] }) },
    });
    expectCleanRefusal(res);
    const fields = res.body.errors?.[0]?.extensions?.fields as { path: string }[];
    expect(fields.map((field) => field.path)).toEqual(expect.arrayContaining(['brief.features', 'brief.platforms']));
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses duplicate platforms', async () => {
    const res = await operation(CREATE, {
      input: { name: 'Launch', brief: buildBrief({ platforms: ['BLOG', 'EMAIL', 'BLOG'] }) },
    });
    expectCleanRefusal(res);
    expect(await countCampaigns()).toBe(0);
  });

  it('refuses a query nested deeper than the depth limit', async () => {
    let selection = 'id';
    for (let level = 0; level < 12; level++) {
      selection = level % 2 === 0 ? `campaign { ${selection} }` : `latestJob { ${selection} }`;
    }
    const res = await operation(`{ generationJob(id: "01890000-0000-7000-8000-000000000000") { ${selection} } }`);
    expect(res.status).toBe(400);
    expectCleanRefusal(res);
    expect(res.body.data ?? null).toBeNull();
  });

  it('refuses 1,000 aliases of viewer', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `v${i}: viewer { role }`).join(' ');
    const res = await operation(`{ ${aliases} }`);
    expectCleanRefusal(res);
    expect(res.body.data ?? null).toBeNull();
  });

  it('refuses a handful of aliases over the alias limit', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `v${i}: viewer { role }`).join(' ');
    const res = await operation(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expectCleanRefusal(res);
  });

  it('refuses a syntax error', async () => {
    const res = await operation('{ viewer { role ');
    expectCleanRefusal(res);
  });

  it('refuses a request without a query', async () => {
    const res = await post(JSON.stringify({ variables: {} }));
    expectCleanRefusal(res);
  });
});

describe('hostile HTTP bodies', () => {
  it('answers a body over 1 MB with 413 and a JSON BAD_USER_INPUT error', async () => {
    const body = JSON.stringify({
      query: CREATE,
      variables: { input: { name: 'Launch', brief: buildBrief({ description: 'x'.repeat(1_100_000) }) } },
    });
    const res = await post(body);
    expect(res.status).toBe(413);
    expectCleanRefusal(res);
    expect(await countCampaigns()).toBe(0);
  });

  it('answers a body that is not valid JSON with 400 and a JSON BAD_USER_INPUT error', async () => {
    const res = await post('{"query": "{ viewer { role } }",');
    expect(res.status).toBe(400);
    expectCleanRefusal(res);
  });

  it('answers a JSON body that is not an object with a JSON BAD_USER_INPUT error', async () => {
    const res = await post('"{ viewer { role } }"');
    expect(res.status).toBe(400);
    expectCleanRefusal(res);
  });
});
