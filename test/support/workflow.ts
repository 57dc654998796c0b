import type { App } from '../../src/app';
import { Campaign, ContentVariant, ContentVersion, Platform } from '../../src/entities';
import { firstVersion } from '../../src/services/versions/version.service';
import { buildBrief, type TestWorkspace } from './factories';
import { gql } from './graphql';

export interface SeededVariant {
  id: string;
  versionId: string;
  platform: Platform;
}

/**
 * A campaign made through the API with variants written directly (as a finished generation would leave them),
 * each with its version 1. `blocked` variants carry a BLOCK verdict.
 */
export async function seedCampaign(
  app: App,
  graphqlUrl: string,
  ws: TestWorkspace,
  options: { platforms?: Platform[]; perPlatform?: number; blocked?: number } = {},
): Promise<{ campaignId: string; variants: SeededVariant[] }> {
  const platforms = options.platforms ?? [Platform.LINKEDIN];
  const res = await gql<{ createCampaign: { id: string } }>(
    graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { key: ws.admin, variables: { input: { name: 'Workflow', brief: buildBrief({ platforms }) } } },
  );
  if (!res.data) throw new Error(`createCampaign failed: ${JSON.stringify(res.errors)}`);
  const campaignId = res.data.createCampaign.id;
  const em = app.orm.em.fork();
  const variants: SeededVariant[] = [];
  let blocked = options.blocked ?? 0;
  for (const platform of platforms) {
    for (let position = 0; position < (options.perPlatform ?? 1); position++) {
      const block = blocked-- > 0;
      const moderation = block
        ? { verdict: 'BLOCK', findings: [{ category: 'PROFANITY', severity: 'BLOCK', message: 'Profanity' }] }
        : { verdict: 'PASS', findings: [] };
      const variant = em.create(ContentVariant, {
        workspace: ws.workspace.id,
        campaign: em.getReference(Campaign, campaignId),
        platform,
        position,
        body: `Acme Rocket folds into a backpack (${platform} ${position}). Pre-order today.`,
        moderation,
        status: block ? 'FLAGGED' : 'DRAFT',
      } as never) as ContentVariant;
      const version = em.create(ContentVersion, { ...firstVersion(variant), workspace: ws.workspace.id });
      variants.push({ id: variant.id, versionId: version.id, platform });
    }
  }
  await em.flush();
  return { campaignId, variants };
}

/**
 * Puts the variants' current versions in review (editor) and approves them (admin: another key, as four-eyes asks).
 * Returns the approved version ids, by variant id.
 */
export async function approveVariants(
  graphqlUrl: string,
  ws: TestWorkspace,
  variantIds: string[],
): Promise<Record<string, string>> {
  const asked = await gql<{ requestReview: { version: { id: string } }[] }>(
    graphqlUrl,
    'mutation($ids: [ID!]!) { requestReview(variantIds: $ids) { version { id } } }',
    { key: ws.editor, variables: { ids: variantIds } },
  );
  if (!asked.data) throw new Error(`requestReview failed: ${JSON.stringify(asked.errors)}`);
  const versions: Record<string, string> = {};
  for (const [index, variantId] of variantIds.entries()) {
    const versionId = asked.data.requestReview[index]?.version.id as string;
    const res = await gql(graphqlUrl, 'mutation($input: ReviewInput!) { reviewContent(input: $input) { status } }', {
      key: ws.admin,
      variables: { input: { variantId, versionId, decision: 'APPROVE' } },
    });
    if (res.errors) throw new Error(`reviewContent failed: ${JSON.stringify(res.errors)}`);
    versions[variantId] = versionId;
  }
  return versions;
}
