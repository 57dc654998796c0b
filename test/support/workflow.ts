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
