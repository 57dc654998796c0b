import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief, createTestWorkspace } from './support/factories';
import { gql } from './support/graphql';

/** Versions of a variant: every text it had, edits with optimistic concurrency, restores. */

const t = useTestApp({
  env: { COPYDESK_WORKER: 'on', COPYDESK_OFFLINE_DELAY_MS: '0' },
  scratchDatabase: true,
  workspace: 'per-file',
});

const VERSION = 'id number title body hashtags contentHash source createdBy moderation { verdict } quality { score }';
const VARIANT = `id body status currentVersion { ${VERSION} } versions { ${VERSION} }`;
const EDIT = `mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) { ${VARIANT} } }`;
const RESTORE = `mutation($variantId: ID!, $versionId: ID!) {
  restoreVersion(variantId: $variantId, versionId: $versionId) { ${VARIANT} }
}`;

interface Version {
  id: string;
  number: number;
  title: string | null;
  body: string;
  hashtags: string[];
  contentHash: string;
  source: string;
  createdBy: string | null;
  moderation: { verdict: string } | null;
  quality: { score: number } | null;
}
interface Variant {
  id: string;
  body: string;
  status: string;
  currentVersion: Version;
  versions: Version[];
}

const hashOf = (title: string | null, body: string, hashtags: string[]) =>
  createHash('sha256')
    .update(`${title ?? ''}\u001f${body}\u001f${hashtags.join(' ')}`)
    .digest('hex');

let variants: Variant[] = [];

beforeAll(async () => {
  const created = await gql<{ createCampaign: { id: string } }>(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { key: t.ws.admin, variables: { input: { name: 'Versions', brief: buildBrief({ platforms: ['LINKEDIN'] }) } } },
  );
  const campaignId = created.data?.createCampaign.id;
  await gql(
    t.graphqlUrl,
    'mutation($id: ID!) { generateCampaign(input: { campaignId: $id, variantsPerPlatform: 3 }) { id } }',
    {
      key: t.ws.admin,
      variables: { id: campaignId },
    },
  );
  await vi.waitFor(
    async () => {
      const res = await gql<{ campaign: { status: string; contents: { variants: Variant[] }[] } }>(
        t.graphqlUrl,
        `query($id: ID!) { campaign(id: $id) { status contents { variants { ${VARIANT} } } } }`,
        { key: t.ws.admin, variables: { id: campaignId } },
      );
      expect(res.data?.campaign.status).toBe('READY');
      variants = res.data?.campaign.contents.flatMap((group) => group.variants) ?? [];
    },
    { timeout: 30_000, interval: 50 },
  );
  expect(variants).toHaveLength(3);
});

function edit(key: string, id: string, input: Record<string, unknown>) {
  return gql<{ editVariant: Variant }>(t.graphqlUrl, EDIT, { key, variables: { id, input } });
}

describe('versions', () => {
  it('gives every generated variant version 1, GENERATED, with the text, its hash and its review', () => {
    for (const variant of variants) {
      expect(variant.versions).toHaveLength(1);
      const v1 = variant.currentVersion;
      expect(v1).toMatchObject({ number: 1, source: 'GENERATED', body: variant.body, createdBy: null });
      expect(v1.contentHash).toBe(hashOf(v1.title, v1.body, v1.hashtags));
      expect(v1.moderation?.verdict).toBeDefined();
      expect(v1.quality?.score).toBeGreaterThanOrEqual(0);
    }
  });

  it('lets one of two editors of the same version win; the other gets CONFLICT naming the current version', async () => {
    const variant = variants[0] as Variant;
    const base = variant.currentVersion.id;
    const [a, b] = await Promise.all([
      edit(t.ws.editor, variant.id, { baseVersionId: base, body: 'Acme Rocket folds flat. Order yours today.' }),
      edit(t.ws.admin, variant.id, { baseVersionId: base, body: 'Acme Rocket: the backpack that folds. Shop now.' }),
    ]);
    const winners = [a, b].filter((res) => !res.errors);
    const losers = [a, b].filter((res) => res.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const won = winners[0]?.data?.editVariant as Variant;
    expect(losers[0]?.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(losers[0]?.errors?.[0]?.message).toContain(won.currentVersion.id);
    expect(won.currentVersion).toMatchObject({ number: 2, source: 'EDITED', body: won.body });
    expect(won.versions.map((version) => version.number)).toEqual([1, 2]);
    expect(won.versions[0]?.body).toBe(variant.body);
    expect(won.currentVersion.createdBy).not.toBeNull();

    // The loser edits on top of the new current version and wins this time.
    const again = await edit(t.ws.editor, variant.id, { baseVersionId: won.currentVersion.id, title: 'Fold it' });
    expect(again.errors).toBeUndefined();
    expect(again.data?.editVariant.currentVersion).toMatchObject({ number: 3, title: 'Fold it', body: won.body });
  });

  it("moderates and scores an edit again: a text with a finding is FLAGGED, with that version's verdict", async () => {
    const variant = variants[1] as Variant;
    const res = await edit(t.ws.editor, variant.id, {
      baseVersionId: variant.currentVersion.id,
      body: 'Guaranteed 100% results or your money back! Call +1 415 555 0199 now.',
    });
    expect(res.errors).toBeUndefined();
    const edited = res.data?.editVariant as Variant;
    expect(edited.currentVersion.moderation?.verdict).not.toBe('PASS');
    expect(edited.status).toBe('FLAGGED');
    expect(edited.versions[0]?.moderation?.verdict).toBe(variant.currentVersion.moderation?.verdict);
  });

  it('makes no version for an unchanged text, and restores an old one as a new RESTORED version', async () => {
    const variant = variants[2] as Variant;
    const same = await edit(t.ws.editor, variant.id, { baseVersionId: variant.currentVersion.id, body: variant.body });
    expect(same.data?.editVariant.versions).toHaveLength(1);
    const changed = await edit(t.ws.editor, variant.id, {
      baseVersionId: variant.currentVersion.id,
      hashtags: ['Launch', '#Backpack'],
    });
    expect(changed.data?.editVariant.currentVersion.hashtags).toEqual(['#Launch', '#Backpack']);
    const restored = await gql<{ restoreVersion: Variant }>(t.graphqlUrl, RESTORE, {
      key: t.ws.editor,
      variables: { variantId: variant.id, versionId: variant.currentVersion.id },
    });
    expect(restored.errors).toBeUndefined();
    const current = restored.data?.restoreVersion.currentVersion as Version;
    expect(current).toMatchObject({ number: 3, source: 'RESTORED', body: variant.body });
    expect(current.hashtags).toEqual(variant.currentVersion.hashtags);
    expect(current.contentHash).toBe(variant.currentVersion.contentHash);
  });

  it("refuses bad edits, other variants' versions, other workspaces and VIEWER keys, writing nothing", async () => {
    const variant = variants[2] as Variant;
    const before = await versionCount(variant.id);
    const current = (await currentOf(variant.id)) as Version;
    const cases: [Record<string, unknown>, string][] = [
      [{ baseVersionId: current.id }, 'BAD_USER_INPUT'],
      [{ baseVersionId: current.id, body: '   ' }, 'BAD_USER_INPUT'],
      [{ baseVersionId: current.id, body: 'x'.repeat(20_001) }, 'BAD_USER_INPUT'],
      [{ baseVersionId: current.id, title: 't'.repeat(201) }, 'BAD_USER_INPUT'],
      [{ baseVersionId: current.id, hashtags: ['not a tag'] }, 'BAD_USER_INPUT'],
      [{ baseVersionId: current.id, hashtags: Array.from({ length: 31 }, (_, i) => `#t${i}`) }, 'BAD_USER_INPUT'],
      [{ baseVersionId: 'not-a-version', body: 'New text' }, 'CONFLICT'],
    ];
    for (const [input, code] of cases) {
      const res = await edit(t.ws.editor, variant.id, input);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input).slice(0, 80)).toBe(code);
    }
    const viewer = await edit(t.ws.viewer, variant.id, { baseVersionId: current.id, body: 'By a viewer' });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const other = await createTestWorkspace(t.app);
    const foreign = await edit(other.editor, variant.id, { baseVersionId: current.id, body: 'Not yours' });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignRestore = await gql(t.graphqlUrl, RESTORE, {
      key: other.editor,
      variables: { variantId: variant.id, versionId: current.id },
    });
    expect(foreignRestore.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const otherVariant = variants[0] as Variant;
    const crossed = await gql(t.graphqlUrl, RESTORE, {
      key: t.ws.editor,
      variables: { variantId: variant.id, versionId: otherVariant.versions[0]?.id },
    });
    expect(crossed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await versionCount(variant.id)).toBe(before);
  });

  it('publishes content.version_created for each new version', async () => {
    const rows = await t.app.orm.em
      .getConnection()
      .execute<{ payload: { variantId: string; number: number; source: string } }[]>(
        `select payload from outbox where name = 'content.version_created' order by occurred_at`,
      );
    const events = rows.map((row) => `${row.payload.variantId}:${row.payload.number}:${row.payload.source}`);
    expect(events).toEqual(
      expect.arrayContaining([
        `${variants[0]?.id}:2:EDITED`,
        `${variants[0]?.id}:3:EDITED`,
        `${variants[2]?.id}:3:RESTORED`,
      ]),
    );
  });
});

async function currentOf(variantId: string): Promise<Version | undefined> {
  const res = await gql<{ campaigns: { edges: { node: { contents: { variants: Variant[] }[] } }[] } }>(
    t.graphqlUrl,
    `{ campaigns(first: 10) { edges { node { contents { variants { ${VARIANT} } } } } } }`,
    { key: t.ws.admin },
  );
  return res.data?.campaigns.edges
    .flatMap((edge) => edge.node.contents.flatMap((group) => group.variants))
    .find((variant) => variant.id === variantId)?.currentVersion;
}

async function versionCount(variantId: string): Promise<number> {
  const rows = await t.app.orm.em
    .getConnection()
    .execute<{ n: number }[]>('select count(*)::int as n from content_version where variant_id = ?', [variantId]);
  return rows[0]?.n ?? 0;
}
