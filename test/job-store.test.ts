import { describe, expect, it } from 'vitest';
import { ContentVariant, GenerationJob } from '../src/entities';
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

describe('starting a job attempt', () => {
  it('records a first attempt at OUTLINE, keeps a resumed job where it was, and refuses a cancelled job', async () => {
    const created = await gql<{ createCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: t.ws.admin, variables: { input: { name: 'Start', brief: buildBrief({ platforms: ['TWITTER'] }) } } },
    );
    const started = await gql<{ generateCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($id: ID!) { generateCampaign(input: { campaignId: $id, variantsPerPlatform: 1 }) { id } }',
      { key: t.ws.admin, variables: { id: created.data?.createCampaign.id } },
    );
    const jobId = started.data?.generateCampaign.id as string;
    const row = async () => {
      const [job] = await t.app.orm.em
        .getConnection()
        .execute<{ status: string; stage: string; progress: number }[]>(
          'select status, stage, progress from generation_job where id = ?',
          [jobId],
        );
      return job;
    };
    await expect.poll(async () => (await row())?.status, { timeout: 30_000 }).toBe('SUCCEEDED');
    const set = (status: string, stage: string, progress: number) =>
      t.app.orm.em
        .getConnection()
        .execute('update generation_job set status = ?, stage = ?, progress = ? where id = ?', [
          status,
          stage,
          progress,
          jobId,
        ]);
    const start = async () => {
      const em = t.app.orm.em.fork();
      const job = await em.findOneOrFail(GenerationJob, { id: jobId }, { filters: false });
      return new JobStore(em, t.app.events).start(job, 0.02);
    };

    await set('QUEUED', 'QUEUED', 0);
    expect(await start()).toBe(true);
    expect(await row()).toMatchObject({ status: 'RUNNING', stage: 'OUTLINE', progress: 0.02 });

    await set('RUNNING', 'COPY', 0.5);
    expect(await start()).toBe(true);
    expect(await row()).toMatchObject({ status: 'RUNNING', stage: 'COPY', progress: 0.5 });

    await set('CANCELLED', 'COPY', 0.5);
    expect(await start()).toBe(false);
    expect(await row()).toMatchObject({ status: 'CANCELLED', stage: 'COPY', progress: 0.5 });
  });
});
