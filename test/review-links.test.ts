import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { seedCampaign } from './support/workflow';

/** Review links: a client without an API key reads one campaign and approves or asks for changes by name. */

const t = useTestApp({ workspace: 'per-test' });

const CREATE = `mutation($id: ID!, $hours: Int) {
  createReviewLink(campaignId: $id, expiresInHours: $hours) { id url expiresAt createdAt }
}`;

interface LinkView {
  campaign: { id: string; name: string };
  expiresAt: string;
  variants: {
    id: string;
    platform: string;
    status: string;
    versionId: string;
    body: string;
    moderation: {
      verdict: string;
      findings: number;
      details: {
        rule: string;
        severity: string;
        start: number | null;
        end: number | null;
        message: string;
        suggestion: string | null;
      }[];
    } | null;
    quality: number | null;
    qualityDetails: {
      score: number;
      components: { name: string; score: number; reason: string; weight: number }[];
      suggestions: string[];
    } | null;
    preview: { html: string; truncated: boolean; visibleText: string; characterCount: number; limit: number };
    approval: { status: string; decidedBy: string | null; comment: string | null } | null;
  }[];
}

async function createLink(key: string, campaignId: string, hours?: number) {
  return gql<{ createReviewLink: { id: string; url: string; expiresAt: string } }>(t.graphqlUrl, CREATE, {
    key,
    variables: { id: campaignId, hours },
  });
}

async function link(campaignId: string, hours?: number) {
  const res = await createLink(t.ws.editor, campaignId, hours);
  expect(res.errors).toBeUndefined();
  const made = res.data?.createReviewLink as { id: string; url: string; expiresAt: string };
  const token = new URL(made.url).pathname.split('/').at(-1) as string;
  return { ...made, token };
}

async function view(token: string) {
  const res = await fetch(`${t.url}/review/${encodeURIComponent(token)}/content`);
  return { status: res.status, body: (await res.json()) as LinkView & { errors?: { extensions: { code: string } }[] } };
}

async function decide(token: string, body: unknown) {
  const res = await fetch(`${t.url}/review/${encodeURIComponent(token)}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as {
    approval?: { id: string; status: string; reviewerName: string; comment: string | null };
    errors?: { message: string; extensions: { code: string } }[];
  };
  return { status: res.status, body: json, code: json.errors?.[0]?.extensions.code };
}

async function approvals(workspaceId: string) {
  return t.app.orm.em
    .getConnection()
    .execute<{ id: string }[]>('select id from approval where workspace_id = ?', [workspaceId]);
}

describe('review links', () => {
  it('shows the campaign and takes an approval and a change request under the reviewer’s name', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, {
      platforms: ['LINKEDIN', 'TWITTER'] as never,
    });
    const made = await link(campaignId, 24);
    expect(made.url).toMatch(/\/review\/[A-Za-z0-9_-]{43}$/);
    // No COPYDESK_PUBLIC_URL: the link names the address the server really listens at (PORT=0 chose it).
    expect(made.url.startsWith(`${t.url}/review/`)).toBe(true);
    expect(new Date(made.expiresAt).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    const shown = await view(made.token);
    expect(shown.status).toBe(200);
    expect(shown.body.campaign).toMatchObject({ id: campaignId, name: 'Workflow' });
    expect(shown.body.variants.map((v) => [v.id, v.versionId, v.approval])).toEqual(
      expect.arrayContaining(variants.map((v) => [v.id, v.versionId, null])),
    );

    const [li, x] = variants;
    const approved = await decide(made.token, {
      variantId: li!.id,
      versionId: li!.versionId,
      decision: 'APPROVE',
      reviewerName: '  Dana Client ',
      comment: 'Love it',
    });
    expect(approved.status).toBe(201);
    expect(approved.body.approval).toMatchObject({ status: 'APPROVED', reviewerName: 'Dana Client' });
    const changes = await decide(made.token, {
      variantId: x!.id,
      versionId: x!.versionId,
      decision: 'REQUEST_CHANGES',
      reviewerName: 'Dana Client',
      comment: 'Mention the price',
    });
    expect(changes.body.approval?.status).toBe('CHANGES_REQUESTED');

    // The team sees the decisions, recorded with the name and the link.
    const team = await gql<{
      campaign: {
        contents: {
          variants: { id: string; status: string; approval: { decidedBy: string; reviewerName: string } }[];
        }[];
      };
    }>(
      t.graphqlUrl,
      'query($id: ID!) { campaign(id: $id) { contents { variants { id status approval { decidedBy reviewerName } } } } }',
      { key: t.ws.viewer, variables: { id: campaignId } },
    );
    const byId = new Map(team.data?.campaign.contents.flatMap((g) => g.variants).map((v) => [v.id, v]));
    expect(byId.get(li!.id)).toMatchObject({
      status: 'APPROVED',
      approval: { decidedBy: 'Dana Client', reviewerName: 'Dana Client' },
    });
    expect(byId.get(x!.id)?.status).toBe('CHANGES_REQUESTED');
    const after = await view(made.token);
    expect(after.body.variants.find((v) => v.id === li!.id)?.approval).toEqual({
      status: 'APPROVED',
      decidedBy: 'Dana Client',
      comment: 'Love it',
    });
    const events = await t.app.orm.em
      .getConnection()
      .execute<{ payload: { by: string; reviewerName: string } }[]>(
        `select payload from outbox where name = 'content.approved' and workspace_id = ?`,
        [t.ws.workspace.id],
      );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ by: `review-link:${made.id}`, reviewerName: 'Dana Client' }),
    ]);
  });

  it('gives each finding with its offsets, the quality with its components and the preview, as the API does', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const body = 'Acme Rocket folds into a backpack. Questions? Write to jane.doe@example.com today.';
    const edited = await gql<{
      editVariant: {
        currentVersion: { id: string };
        moderation: { verdict: string; findings: Record<string, unknown>[] };
        quality: { score: number; components: Record<string, unknown>[]; suggestions: string[] };
      };
    }>(
      t.graphqlUrl,
      `mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) {
        currentVersion { id }
        moderation { verdict findings { rule severity start end message suggestion } }
        quality { score components { name score reason weight } suggestions }
      } }`,
      { key: t.ws.editor, variables: { id: v!.id, input: { baseVersionId: v!.versionId, body } } },
    );
    expect(edited.errors).toBeUndefined();
    const api = edited.data?.editVariant as NonNullable<typeof edited.data>['editVariant'];
    const made = await link(campaignId);
    const [shown] = (await view(made.token)).body.variants;
    expect(shown?.versionId).toBe(api.currentVersion.id);
    // The fields the page had before stay as they were; `details` and `qualityDetails` are added.
    expect(shown?.moderation).toEqual({
      verdict: api.moderation.verdict,
      findings: api.moderation.findings.length,
      details: api.moderation.findings,
    });
    const email = shown?.moderation?.details.find((f) => f.rule === 'pii.email');
    expect(body.slice(email?.start ?? 0, email?.end ?? 0)).toBe('jane.doe@example.com');
    expect(shown?.quality).toBe(api.quality.score);
    expect(shown?.qualityDetails).toEqual(api.quality);
    expect(shown?.qualityDetails?.components.length).toBeGreaterThan(0);
    const preview = await gql<{ preview: Record<string, unknown> }>(
      t.graphqlUrl,
      'query($input: PreviewInput!) { preview(input: $input) { html truncated visibleText characterCount limit } }',
      { key: t.ws.viewer, variables: { input: { platform: 'LINKEDIN', variantId: v!.id } } },
    );
    expect(shown?.preview).toEqual(preview.data?.preview);
    expect(shown?.preview.html).toContain('jane.doe@example.com');
  });

  it('stores only the hash of the token', async () => {
    const { campaignId } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const made = await link(campaignId);
    const rows = await t.app.orm.em
      .getConnection()
      .execute<Record<string, unknown>[]>('select * from review_link where id = ?', [made.id]);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(made.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(made.token);
  });

  it('stops working when it expires or is revoked', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const decision = { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE', reviewerName: 'Dana' };
    const expiring = await link(campaignId, 1);
    // An hour later, as far as the link is concerned.
    await t.app.orm.em
      .getConnection()
      .execute(`update review_link set expires_at = now() - interval '1 second' where id = ?`, [expiring.id]);
    expect((await view(expiring.token)).status).toBe(401);
    const late = await decide(expiring.token, decision);
    expect([late.status, late.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(late.body.errors?.[0]?.message).toMatch(/expired/);

    const revoked = await link(campaignId);
    expect((await view(revoked.token)).status).toBe(200);
    const revoke = await gql<{ revokeReviewLink: { active: boolean; revokedAt: string } }>(
      t.graphqlUrl,
      'mutation($id: ID!) { revokeReviewLink(id: $id) { active revokedAt } }',
      { key: t.ws.editor, variables: { id: revoked.id } },
    );
    expect(revoke.data?.revokeReviewLink.active).toBe(false);
    const refused = await decide(revoked.token, decision);
    expect([refused.status, refused.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(refused.body.errors?.[0]?.message).toMatch(/revoked/);
    expect(await approvals(t.ws.workspace.id)).toEqual([]);

    const listed = await gql<{ reviewLinks: { id: string; active: boolean }[] }>(
      t.graphqlUrl,
      'query($id: ID!) { reviewLinks(campaignId: $id) { id active } }',
      { key: t.ws.viewer, variables: { id: campaignId } },
    );
    expect(listed.data?.reviewLinks).toEqual([
      { id: revoked.id, active: false },
      { id: expiring.id, active: false },
    ]);
  });

  it("reaches nothing outside its campaign: another campaign's variant, another workspace's", async () => {
    const mine = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const sibling = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const other = await createTestWorkspace(t.app);
    const theirs = await seedCampaign(t.app, t.graphqlUrl, other);
    const made = await link(mine.campaignId);
    for (const target of [sibling.variants[0], theirs.variants[0]]) {
      const answer = await decide(made.token, {
        variantId: target!.id,
        versionId: target!.versionId,
        decision: 'APPROVE',
        reviewerName: 'Mallory',
      });
      expect([answer.status, answer.code]).toEqual([404, 'NOT_FOUND']);
    }
    const shown = await view(made.token);
    expect(shown.body.variants.map((v) => v.id)).toEqual([mine.variants[0]?.id]);
    expect(await approvals(t.ws.workspace.id)).toEqual([]);
    expect(await approvals(other.workspace.id)).toEqual([]);
  });

  it('refuses unknown tokens and bad decisions, writing nothing', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const made = await link(campaignId);
    for (const token of ['nope', 'A'.repeat(43), `${made.token}x`, 'a%00b']) {
      expect((await view(token)).status).toBe(404);
    }
    const base = { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE', reviewerName: 'Dana' };
    const bad: unknown[] = [
      { ...base, reviewerName: '' },
      { ...base, reviewerName: 'x'.repeat(101) },
      { ...base, reviewerName: 'Dana\u0000' },
      { ...base, reviewerName: 42 },
      { ...base, decision: 'REJECT' },
      { ...base, decision: 'DELETE' },
      { ...base, decision: 'REQUEST_CHANGES' },
      { ...base, comment: 'x'.repeat(2_001) },
      { ...base, comment: 'a\u0000b' },
      { ...base, variantId: 'not-an-id' },
      [base],
      'APPROVE',
    ];
    for (const body of bad) {
      const answer = await decide(made.token, body);
      expect([answer.status, answer.code], JSON.stringify(body).slice(0, 80)).toEqual([400, 'BAD_USER_INPUT']);
    }
    const stale = await decide(made.token, { ...base, versionId: '00000000-0000-7000-8000-000000000000' });
    expect([stale.status, stale.code]).toEqual([409, 'CONFLICT']);
    expect(await approvals(t.ws.workspace.id)).toEqual([]);
  });

  it('is made by an EDITOR of the campaign’s workspace, for 1–720 hours', async () => {
    const { campaignId } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    expect(codeOf(await createLink(t.ws.viewer, campaignId))).toBe('FORBIDDEN');
    const other = await createTestWorkspace(t.app);
    expect(codeOf(await createLink(other.admin, campaignId))).toBe('NOT_FOUND');
    for (const hours of [0, -1, 721])
      expect(codeOf(await createLink(t.ws.editor, campaignId, hours))).toBe('BAD_USER_INPUT');
    const made = await link(campaignId);
    const revokeAs = (key: string) =>
      gql(t.graphqlUrl, 'mutation($id: ID!) { revokeReviewLink(id: $id) { id } }', { key, variables: { id: made.id } });
    expect(codeOf(await revokeAs(t.ws.viewer))).toBe('FORBIDDEN');
    expect(codeOf(await revokeAs(other.admin))).toBe('NOT_FOUND');
    expect((await view(made.token)).status).toBe(200);
  });
});
