import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { codeOf, gql } from './support/graphql';

/** Templates and the brand profile shape what generation writes (offline writer, in-process worker). */

const GENERATE = 'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }';
const EMOJI = /\p{Extended_Pictographic}/u;

const t = useTestApp({ env: { COPYDESK_WORKER: 'on', COPYDESK_OFFLINE_DELAY_MS: '0' }, scratchDatabase: true });

async function createCampaign(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await gql(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    {
      key: t.ws.editor,
      variables: { input: { name: 'Spring', brief: buildBrief({ tone: 'PLAYFUL', ...overrides }) } },
    },
  );
  return res.data?.createCampaign.id;
}

/** Waits (bounded) until the job has finished, then returns it with its campaign. */
async function finished(jobId: string) {
  let job: Record<string, any> | undefined;
  const status = async () => {
    const res = await gql(
      t.graphqlUrl,
      `{ generationJob(id: "${jobId}") { status campaign { brief { productName features platforms }
         contents { platform variants { body hashtags } } } } }`,
      { key: t.ws.viewer },
    );
    job = res.data?.generationJob;
    return job?.status;
  };
  await expect.poll(status, { timeout: 20_000 }).toMatch(/^(SUCCEEDED|FAILED|CANCELLED)$/);
  return job as Record<string, any>;
}

describe('generation shaped by templates and the brand profile', () => {
  it('fills a template in, makes it the brief, and generates from it', async () => {
    const campaignId = await createCampaign();
    const example = await gql(
      t.graphqlUrl,
      '{ template(key: "product-launch") { example { variables { name value } } } }',
      {
        key: t.ws.viewer,
      },
    );
    const templateVariables = example.data?.template.example.variables;
    const started = await gql(t.graphqlUrl, GENERATE, {
      key: t.ws.editor,
      variables: { input: { campaignId, templateKey: 'product-launch', templateVariables, variantsPerPlatform: 1 } },
    });
    expect(started.errors).toBeUndefined();
    const job = await finished(started.data?.generateCampaign.id);
    expect(job.status).toBe('SUCCEEDED');
    const product = templateVariables.find((v: { name: string }) => v.name === 'productName')?.value;
    expect(job.campaign.brief.productName).toBe(product);
    expect(job.campaign.contents.length).toBe(job.campaign.brief.platforms.length);
  });

  it('refuses an unknown template, variables without a template, and bad variables, writing nothing', async () => {
    const campaignId = await createCampaign();
    const unknown = await gql(t.graphqlUrl, GENERATE, {
      key: t.ws.editor,
      variables: { input: { campaignId, templateKey: 'no-such-template' } },
    });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const orphan = await gql(t.graphqlUrl, GENERATE, {
      key: t.ws.editor,
      variables: { input: { campaignId, templateVariables: [{ name: 'productName', value: 'x' }] } },
    });
    expect(codeOf(orphan)).toBe('BAD_USER_INPUT');
    const missing = await gql(t.graphqlUrl, GENERATE, {
      key: t.ws.editor,
      variables: {
        input: { campaignId, templateKey: 'product-launch', templateVariables: [{ name: 'x', value: 'y' }] },
      },
    });
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    const campaign = await gql(t.graphqlUrl, `{ campaign(id: "${campaignId}") { status latestJob { id } } }`, {
      key: t.ws.viewer,
    });
    expect(campaign.data?.campaign).toEqual({ status: 'DRAFT', latestJob: null });
  });

  it("writes to the brand's emoji policy and preferred hashtags", async () => {
    await gql(
      t.graphqlUrl,
      'mutation { updateBrandProfile(input: { emojiPolicy: NONE, preferredHashtags: ["AcmeLife"] }) { emojiPolicy } }',
      { key: t.ws.admin },
    );
    const campaignId = await createCampaign({ platforms: ['LINKEDIN', 'INSTAGRAM', 'FACEBOOK'] });
    const started = await gql(t.graphqlUrl, GENERATE, {
      key: t.ws.editor,
      variables: { input: { campaignId, variantsPerPlatform: 2 } },
    });
    const job = await finished(started.data?.generateCampaign.id);
    expect(job.status).toBe('SUCCEEDED');
    for (const content of job.campaign.contents) {
      for (const variant of content.variants) {
        expect(variant.body).not.toMatch(EMOJI);
        expect(variant.hashtags).toContain('#AcmeLife');
      }
    }
  });
});
