import { describe, expect, it } from 'vitest';
import { ContentVariant } from '../src/entities';
import { JobStore } from '../src/services/generation/job-store';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { gql } from './support/graphql';

const t = useTestApp({
  env: { COPYDESK_WORKER: 'on', COPYDESK_OFFLINE_DELAY_MS: '0' },
  scratchDatabase: true,
  workspace: 'per-file',
});

describe('a job attempt that stops after another attempt finished the job', () => {
  it("keeps the finished job's variants, and discards a cancelled job's", async () => {
    const created = await gql<{ createCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key: t.ws.admin,
        variables: { input: { name: 'Two attempts', brief: buildBrief({ platforms: ['LINKEDIN'] }) } },
      },
    );
    const started = await gql<{ generateCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($id: ID!) { generateCampaign(input: { campaignId: $id, variantsPerPlatform: 2 }) { id } }',
      { key: t.ws.admin, variables: { id: created.data?.createCampaign.id } },
    );
    const jobId = started.data?.generateCampaign.id as string;
    const status = async () =>
      (
        await gql<{ generationJob: { status: string } }>(
          t.graphqlUrl,
          'query($id: ID!) { generationJob(id: $id) { status } }',
          {
            key: t.ws.admin,
            variables: { id: jobId },
          },
        )
      ).data?.generationJob.status;
    await expect.poll(status, { timeout: 30_000 }).toBe('SUCCEEDED');
    const variants = () => t.app.orm.em.fork().count(ContentVariant, { job: jobId }, { filters: false });
    expect(await variants()).toBe(2);

    // The other attempt gives up (JobLeftRunning) and discards what it would have left behind: not the content.
    const store = new JobStore(t.app.orm.em.fork(), t.app.events);
    await store.discardVariants(jobId);
    expect(await variants()).toBe(2);

    await t.app.orm.em.getConnection().execute(`update generation_job set status = 'CANCELLED' where id = ?`, [jobId]);
    await store.discardVariants(jobId);
    expect(await variants()).toBe(0);
  });
});
