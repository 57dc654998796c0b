import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import {
  buildBrief,
  buildTemplateInput,
  createTestWorkspace,
  insertCampaigns,
  type TestWorkspace,
} from './support/factories';
import { type GraphQLResponse, gql } from './support/graphql';

let t: TestApp;
let ws: TestWorkspace;
let campaignId: string;

beforeAll(async () => {
  t = await startTestApp();
  ws = await createTestWorkspace(t.app);
  campaignId = (await insertCampaigns(t.app, ws.workspace, 1))[0]!.id;
});
afterAll(() => t.close());

const ALL_PLATFORMS = ['LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL'];
const GENERATE = 'mutation ($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }';
const PREVIEWS = 'query ($input: MultiPreviewInput!) { previews(input: $input) { platform } }';
const CONTROL = 'must not contain control characters';

/** The refusal as a client reads it: code, message and fields. */
function refusal(res: GraphQLResponse) {
  const [error] = res.errors ?? [];
  return { code: error?.extensions?.code, message: error?.message, fields: error?.extensions?.fields };
}

describe('the platform list and variant count of generateCampaign', () => {
  it.each([
    ['no platform', { platforms: [] }, [{ path: 'platforms', message: 'must list at least 1 platform' }]],
    [
      'a repeated platform',
      { platforms: ['LINKEDIN', 'LINKEDIN'] },
      [{ path: 'platforms', message: 'must not repeat a platform' }],
    ],
    [
      'seven platforms',
      { platforms: [...ALL_PLATFORMS, 'BLOG'] },
      // The repeat is not reported on top: a list over the limit is not checked further.
      [{ path: 'platforms', message: 'must list at most 6 platforms' }],
    ],
    ['0 variants', { variantsPerPlatform: 0 }, [{ path: 'variantsPerPlatform', message: 'must be between 1 and 5' }]],
    ['6 variants', { variantsPerPlatform: 6 }, [{ path: 'variantsPerPlatform', message: 'must be between 1 and 5' }]],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_label, input, fields) => {
    const res = await gql(t.graphqlUrl, GENERATE, { key: ws.editor, variables: { input: { campaignId, ...input } } });
    const message = `Invalid input: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`;
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message, fields });
  });
});

describe('the platform list of previews', () => {
  it.each([
    ['no platform', []],
    ['seven platforms', [...ALL_PLATFORMS, 'BLOG']],
  ])('refuses %s', async (_label, platforms) => {
    const res = await gql(t.graphqlUrl, PREVIEWS, { key: ws.viewer, variables: { input: { platforms, text: 'Hi' } } });
    expect(refusal(res)).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Invalid input: platforms must list 1 to 6 platforms',
      fields: [{ path: 'platforms', message: 'must list 1 to 6 platforms' }],
    });
  });
});

describe('the control-character rule', () => {
  it('refuses a brief field with a control character, at its path', async () => {
    const res = await gql(
      t.graphqlUrl,
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key: ws.editor,
        variables: { input: { name: 'Launch', brief: buildBrief({ productName: 'Acme\u0007' }) } },
      },
    );
    expect(refusal(res)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'brief.productName', message: CONTROL }],
    });
  });

  it('refuses a brand profile term with a control character, at its path', async () => {
    const res = await gql(
      t.graphqlUrl,
      'mutation ($input: BrandProfileInput!) { updateBrandProfile(input: $input) { voice } }',
      { key: ws.admin, variables: { input: { voice: 'Warm', bannedTerms: ['fine', 'bad\u001b'] } } },
    );
    expect(refusal(res)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'bannedTerms.1', message: CONTROL }],
    });
  });

  it('refuses a template text with a control character, at its path', async () => {
    const res = await gql(t.graphqlUrl, 'mutation ($input: TemplateInput!) { createTemplate(input: $input) { key } }', {
      key: ws.editor,
      variables: { input: { ...buildTemplateInput('control-chars'), name: 'Webinar\u0001recap' } },
    });
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'name', message: CONTROL }] });
  });

  it('lets tabs and newlines through', async () => {
    const res = await gql(
      t.graphqlUrl,
      'mutation ($input: BrandProfileInput!) { updateBrandProfile(input: $input) { voice } }',
      { key: ws.admin, variables: { input: { voice: 'Warm\tand\nplain' } } },
    );
    expect(res.errors).toBeUndefined();
  });
});
