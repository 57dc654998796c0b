import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { marked } from 'marked';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CSV_COLUMNS } from '../src/services/export/campaign-export';
import { useTestApp } from './support/app';
import { buildBrief, createTestWorkspace } from './support/factories';
import { gql } from './support/graphql';
import { approveVariants } from './support/workflow';

/** Export of a generated campaign through `exportCampaign` and `GET /export/campaigns/<id>.<ext>`. */

const t = useTestApp({
  env: { COPYDESK_WORKER: 'on', COPYDESK_OFFLINE_DELAY_MS: '0' },
  scratchDatabase: true,
  workspace: 'per-file',
});

const EXPORT = `query($id: ID!, $format: ExportFormat!) {
  exportCampaign(id: $id, format: $format) { filename contentType content }
}`;
const NAME = 'Spring launch <b>2027</b>';

interface Variant {
  id: string;
  platform: string;
  title: string | null;
  body: string;
  status: string;
  quality: { score: number } | null;
  moderation: { verdict: string } | null;
}
let campaignId = '';
let variants: Variant[] = [];

beforeAll(async () => {
  const created = await gql<{ createCampaign: { id: string } }>(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    {
      key: t.ws.admin,
      variables: { input: { name: NAME, brief: buildBrief({ platforms: ['LINKEDIN', 'TWITTER'] }) } },
    },
  );
  campaignId = String(created.data?.createCampaign.id);
  const started = await gql(
    t.graphqlUrl,
    'mutation($id: ID!) { generateCampaign(input: { campaignId: $id }) { id } }',
    {
      key: t.ws.admin,
      variables: { id: campaignId },
    },
  );
  expect(started.errors).toBeUndefined();
  await vi.waitFor(
    async () => {
      const res = await gql<{ campaign: { status: string } }>(
        t.graphqlUrl,
        'query($id: ID!) { campaign(id: $id) { status } }',
        {
          key: t.ws.admin,
          variables: { id: campaignId },
        },
      );
      expect(res.data?.campaign.status).toBe('READY');
    },
    { timeout: 30_000, interval: 50 },
  );
  const read = await gql<{ campaign: { contents: { variants: Variant[] }[] } }>(
    t.graphqlUrl,
    `query($id: ID!) { campaign(id: $id) { contents { variants {
      id platform title body status quality { score } moderation { verdict } } } } }`,
    { key: t.ws.admin, variables: { id: campaignId } },
  );
  variants = read.data?.campaign.contents.flatMap((group) => group.variants) ?? [];
  expect(variants.length).toBeGreaterThan(1);
});

type ErrorBody = { errors: { extensions: { code: string } }[] };

async function route(path: string, key?: string) {
  return fetch(`${t.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

describe('exportCampaign', () => {
  it('gives CSV that a CSV parser reads back: one row per variant, the columns documented, the texts exact', async () => {
    const res = await gql<{ exportCampaign: { filename: string; contentType: string; content: string } }>(
      t.graphqlUrl,
      EXPORT,
      { key: t.ws.viewer, variables: { id: campaignId, format: 'CSV' } },
    );
    expect(res.errors).toBeUndefined();
    const file = res.data?.exportCampaign;
    expect(file?.contentType).toBe('text/csv; charset=utf-8');
    expect(file?.filename).toBe(`spring-launch-b2027b-${campaignId.slice(0, 8)}.csv`);
    const rows = parseCsv(file?.content ?? '', { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows.map((row) => row.variant_id)).toEqual(variants.map((variant) => variant.id));
    for (const [index, row] of rows.entries()) {
      const variant = variants[index] as Variant;
      expect(row.body).toBe(variant.body);
      expect(row.platform).toBe(variant.platform);
      expect(row.status).toBe(variant.status);
      expect(row.version).toBe('1');
      expect(row.moderation_verdict).toBe(variant.moderation?.verdict ?? '');
      expect(row.quality_score).toBe(variant.quality ? String(variant.quality.score) : '');
      expect(row.campaign_name).toBe(NAME);
    }
  });

  it('gives JSON with the brief and every variant', async () => {
    const res = await gql<{ exportCampaign: { content: string } }>(t.graphqlUrl, EXPORT, {
      key: t.ws.editor,
      variables: { id: campaignId, format: 'JSON' },
    });
    const snapshot = JSON.parse(res.data?.exportCampaign.content ?? '{}');
    expect(snapshot.id).toBe(campaignId);
    expect(snapshot.brief.platforms).toEqual(['LINKEDIN', 'TWITTER']);
    expect(snapshot.variants.map((variant: { id: string }) => variant.id)).toEqual(variants.map((v) => v.id));
  });

  it("refuses another workspace's campaign, an unknown id and an unknown format", async () => {
    const other = await createTestWorkspace(t.app);
    const foreign = await gql(t.graphqlUrl, EXPORT, { key: other.admin, variables: { id: campaignId, format: 'CSV' } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.data).toBeNull();
    const unknown = await gql(t.graphqlUrl, EXPORT, { key: t.ws.admin, variables: { id: 'nope', format: 'CSV' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const format = await gql(t.graphqlUrl, EXPORT, { key: t.ws.admin, variables: { id: campaignId, format: 'PDF' } });
    expect(format.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('GET /export/campaigns/<id>.<ext>', () => {
  it('downloads Markdown a Markdown renderer turns into the deliverable, user HTML shown as text', async () => {
    const res = await route(`/export/campaigns/${campaignId}.md`, t.ws.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="spring-launch-b2027b-${campaignId.slice(0, 8)}.md"`,
    );
    const html = await marked.parse(await res.text());
    expect(html).toContain('Spring launch &lt;b&gt;2027&lt;/b&gt;');
    expect(html).not.toContain('<b>2027</b>');
    for (const variant of variants)
      expect(html).toContain(variant.body.split('\n')[0]?.slice(0, 40).replaceAll('&', '&amp;'));
  });

  it('answers CSV and JSON by extension, and refuses what is not allowed with a code, never a stack trace', async () => {
    const csv = await route(`/export/campaigns/${campaignId}.csv`, t.ws.admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const json = await route(`/export/campaigns/${campaignId}.json`, t.ws.admin);
    expect(((await json.json()) as { id: string }).id).toBe(campaignId);

    const anonymous = await route(`/export/campaigns/${campaignId}.csv`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await anonymous.json()) as ErrorBody).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');

    const wrongKey = await route(`/export/campaigns/${campaignId}.csv`, 'cdk_not-a-key');
    expect(wrongKey.status).toBe(401);

    const other = await createTestWorkspace(t.app);
    const foreign = await route(`/export/campaigns/${campaignId}.csv`, other.admin);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ErrorBody).errors[0]?.extensions.code).toBe('NOT_FOUND');

    for (const path of [`${campaignId}.pdf`, campaignId, `${'x'.repeat(300)}.csv`]) {
      const bad = await route(`/export/campaigns/${path}`, t.ws.admin);
      expect(bad.status, path).toBe(400);
      const body = (await bad.json()) as ErrorBody;
      expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const nul = await route(`/export/campaigns/${encodeURIComponent('a\u0000b')}.csv`, t.ws.admin);
    expect(nul.status).toBe(404);
  });
});

describe('the schedule in the export', () => {
  it('lists each variant’s posts on the audience’s wall clock with the version they publish, cancelled ones left out', async () => {
    const [first, second] = variants as [Variant, Variant];
    const versions = await approveVariants(t.graphqlUrl, t.ws, [first.id, second.id]);
    const day = DateTime.utc().plus({ days: 10 }).startOf('day');
    const schedule = async (variantId: string, at: DateTime, timeZone: string) => {
      const res = await gql<{ schedulePost: { id: string } }>(
        t.graphqlUrl,
        'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
        { key: t.ws.editor, variables: { input: { variantId, at: at.toISO(), timeZone } } },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.schedulePost.id;
    };
    const berlin = await schedule(first.id, day.set({ hour: 8 }), 'Europe/Berlin');
    const cancelled = await schedule(first.id, day.plus({ days: 2 }).set({ hour: 8 }), 'Europe/Berlin');
    const cancel = await gql(t.graphqlUrl, 'mutation($id: ID!) { cancelPost(id: $id) { id } }', {
      key: t.ws.editor,
      variables: { id: cancelled },
    });
    expect(cancel.errors).toBeUndefined();
    const newYork = await schedule(second.id, day.plus({ days: 1 }).set({ hour: 14 }), 'America/New_York');
    // An edit after scheduling: the post keeps version 1 and waits for the new one to be approved.
    const edited = await gql(
      t.graphqlUrl,
      'mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) { id } }',
      { key: t.ws.editor, variables: { id: first.id, input: { baseVersionId: versions[first.id], body: 'Edited.' } } },
    );
    expect(edited.errors).toBeUndefined();

    const local = (at: DateTime, zone: string) => at.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
    const exported = async (format: string) =>
      (
        await gql<{ exportCampaign: { content: string } }>(t.graphqlUrl, EXPORT, {
          key: t.ws.viewer,
          variables: { id: campaignId, format },
        })
      ).data!.exportCampaign.content;
    const postsOf = async () => {
      const snapshot = JSON.parse(await exported('JSON')) as {
        variants: { id: string; version: number; posts: Record<string, unknown>[] }[];
      };
      return new Map(snapshot.variants.map((variant) => [variant.id, variant]));
    };
    await expect.poll(async () => (await postsOf()).get(first.id)?.posts[0]?.held, { timeout: 10_000 }).toBe(true);
    const json = await postsOf();
    expect(json.get(first.id)?.version).toBe(2);
    expect(json.get(first.id)?.posts).toEqual([
      expect.objectContaining({
        id: berlin,
        scheduledAt: day.set({ hour: 8 }).toISO({ suppressMilliseconds: false }),
        timeZone: 'Europe/Berlin',
        localTime: local(day.set({ hour: 8 }), 'Europe/Berlin'),
        status: 'SCHEDULED',
        version: 1,
        held: true,
      }),
    ]);
    expect(json.get(second.id)?.posts).toEqual([
      expect.objectContaining({ id: newYork, timeZone: 'America/New_York', version: 1, held: false }),
    ]);
    expect(json.get(variants[2]?.id ?? '')?.posts ?? []).toEqual([]);

    const rows = parseCsv(await exported('CSV'), { columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    const secondRow = rows.find((row) => row.variant_id === second.id);
    const newYorkAt = day.plus({ days: 1 }).set({ hour: 14 });
    expect(secondRow?.scheduled_at).toBe(
      `${newYorkAt.toISO({ suppressMilliseconds: false })} America/New_York SCHEDULED`,
    );
    expect(secondRow?.scheduled_local).toBe(`${local(newYorkAt, 'America/New_York')} America/New_York`);
    expect(secondRow?.status).toBe('SCHEDULED');

    const html = await marked.parse(await exported('MARKDOWN'));
    expect(html).toContain(
      `${local(day.set({ hour: 8 }), 'Europe/Berlin')} Europe/Berlin (scheduled, waiting for approval of a new version, version 1)`,
    );
    expect(html).toContain(`${local(newYorkAt, 'America/New_York')} America/New_York (scheduled, version 1)`);
    expect(html).not.toContain(local(day.plus({ days: 2 }).set({ hour: 8 }), 'Europe/Berlin'));
  });
});
