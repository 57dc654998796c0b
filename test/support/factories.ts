import { randomBytes } from 'node:crypto';
import type { App } from '../../src/app';
import { ApiKey, type BriefData, Campaign, CampaignStatus, Platform, Role, Tone, Workspace } from '../../src/entities';

export interface TestWorkspace {
  workspace: Workspace;
  admin: string;
  editor: string;
  viewer: string;
}

/** A brief that passes validation; override any field. */
export function buildBrief(overrides: Partial<Record<keyof BriefData, unknown>> = {}): Record<string, unknown> {
  return {
    productName: 'Acme Rocket',
    description: 'A rocket-powered skateboard for commuters.',
    features: ['0–60 in 3 seconds', 'Folds into a backpack'],
    audience: 'Urban commuters',
    tone: 'PLAYFUL',
    platforms: ['LINKEDIN', 'TWITTER'],
    keywords: ['commute', 'rocket'],
    callToAction: 'Pre-order today',
    url: 'https://acme.example/rocket',
    language: 'en',
    ...overrides,
  };
}

/** A custom template definition (TemplateInput) that passes validation. */
export function buildTemplateInput(key = 'webinar-recap') {
  return {
    key,
    name: 'Webinar recap',
    category: 'events',
    description: 'Sum up a webinar for people who missed it.',
    platforms: ['LINKEDIN', 'EMAIL'],
    tone: 'INFORMATIVE',
    variables: [
      { name: 'topic', description: 'What the webinar was about', required: true },
      { name: 'takeaways', description: 'One takeaway a line', required: true, kind: 'list' },
    ],
    campaignName: '{{topic}} recap',
    brief: { productName: '{{topic}}', features: ['{{takeaways}}'] },
    guidance: [{ platform: 'LINKEDIN', text: 'Lead with the most surprising takeaway.' }],
    example: [
      { name: 'topic', value: 'Scaling Postgres' },
      { name: 'takeaways', value: 'Index what you filter\nBatch your writes' },
    ],
  };
}

/** A workspace of its own for one test, with a key of each role. */
export async function createTestWorkspace(
  app: App,
  name = `ws-${randomBytes(5).toString('hex')}`,
): Promise<TestWorkspace> {
  const em = app.orm.em.fork();
  const workspace = em.create(Workspace, { name });
  em.persist(workspace);
  const keys: Record<string, string> = {};
  for (const role of [Role.ADMIN, Role.EDITOR, Role.VIEWER]) {
    const { secret } = await app.services.apiKeys.create({ em, workspace, role, name: role.toLowerCase() });
    keys[role] = secret;
  }
  return { workspace, admin: keys.ADMIN!, editor: keys.EDITOR!, viewer: keys.VIEWER! };
}

/** Inserts campaigns directly (fast), newest last, each `createdAt` 1 ms apart unless told otherwise. */
export async function insertCampaigns(
  app: App,
  workspace: Workspace,
  count: number,
  overrides: Partial<Pick<Campaign, 'status' | 'name' | 'createdAt'>> & { productName?: string } = {},
): Promise<Campaign[]> {
  const em = app.orm.em.fork();
  const base = Date.now() - count;
  const campaigns = Array.from({ length: count }, (_, i) =>
    em.create(Campaign, {
      workspace,
      name: overrides.name ?? `Campaign ${i}`,
      status: overrides.status ?? CampaignStatus.DRAFT,
      brief: {
        ...(buildBrief({ productName: overrides.productName ?? `Product ${i}` }) as unknown as BriefData),
        tone: Tone.FRIENDLY,
        platforms: [Platform.LINKEDIN],
      },
      createdAt: overrides.createdAt ?? new Date(base + i),
    }),
  );
  await em.flush();
  return campaigns;
}

export { ApiKey };
