import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { App } from '../src/app';
import { Platform, Role, Workspace } from '../src/entities';

export const SEED = { campaigns: 200, variantsPerPlatform: 3, hashtagsPerVariant: 3 } as const;
export const PLATFORMS = Object.values(Platform);

/** Campaigns per multi-row INSERT: 50 campaigns are 900 variant rows, well under PostgreSQL's 65535 parameters. */
const CHUNK = 50;

export interface SeededWorkspace {
  workspaceId: string;
  /** An EDITOR key's secret, for `Authorization: Bearer <key>`. */
  apiKey: string;
}

const PRODUCTS = ['Aurora Desk Lamp', 'Trailblazer Pack', 'Nimbus Kettle', 'Pulse Earbuds', 'Harbor Coffee'];
const AUDIENCES = ['remote workers', 'weekend hikers', 'busy parents', 'commuters', 'small cafés'];
const OPENERS: Record<Platform, string> = {
  LINKEDIN: 'We spent eighteen months listening to {audience} before we shipped a single unit of {product}.',
  TWITTER: '{product} is here, built for {audience} who are done compromising.',
  FACEBOOK: 'Meet {product}: the thing {audience} kept asking us for, finally ready to order.',
  INSTAGRAM: 'Golden hour, fresh start, and {product} doing exactly what {audience} need it to.',
  BLOG: 'Why we built {product}, and what {audience} taught us along the way.',
  EMAIL: 'Hi there, a quick note because you told us you are one of the {audience} we design for.',
};
const MIDDLE =
  ' It is lighter than the last generation, it charges in under an hour, and every part can be repaired' +
  ' with a standard screwdriver. Early testers used it every day for a month and sent us 214 notes; we acted' +
  ' on most of them, from the softer edge on the handle to the quieter fan.';
const CLOSERS = [
  ' Order this week and shipping is on us.',
  ' Tell us what you would change: we read every reply.',
  ' See the full spec sheet and the repair guide on our site.',
];

function body(platform: Platform, campaign: number, position: number): string {
  const product = PRODUCTS[campaign % PRODUCTS.length] ?? 'Product';
  const audience = AUDIENCES[(campaign + position) % AUDIENCES.length] ?? 'people';
  const opener = OPENERS[platform].replace('{product}', product).replace('{audience}', audience);
  // X posts stay short; the other platforms get the longer middle paragraph (a few hundred characters in all).
  const middle = platform === Platform.TWITTER ? ' Lighter, repairable, charges in under an hour.' : MIDDLE;
  return `${opener}${middle}${CLOSERS[position % CLOSERS.length]}`;
}

function hashtags(campaign: number, position: number): string[] {
  const product = (PRODUCTS[campaign % PRODUCTS.length] ?? 'Product').replace(/\s+/g, '');
  return [`#${product}`, `#launch${position + 1}`, '#madewithcare'];
}

/** One multi-row INSERT; jsonb values are passed as JSON text and coerced by PostgreSQL. */
export async function insertRows(db: pg.Pool, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await db.query(
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`,
    params,
  );
}

function briefOf(campaign: number): string {
  return JSON.stringify({
    productName: PRODUCTS[campaign % PRODUCTS.length],
    description: 'A product launch used by the benchmark.',
    features: ['Repairable', 'Charges in under an hour'],
    audience: AUDIENCES[campaign % AUDIENCES.length],
    tone: 'FRIENDLY',
    platforms: PLATFORMS,
    keywords: ['launch', 'repairable'],
    callToAction: 'Order today',
    url: 'https://example.com/launch',
    language: 'en',
  });
}

const CAMPAIGN_COLUMNS = ['id', 'workspace_id', 'name', 'status', 'brief', 'created_at', 'updated_at'];
const JOB_COLUMNS = [
  'id',
  'workspace_id',
  'campaign_id',
  'status',
  'stage',
  'progress',
  'platforms',
  'variants_per_platform',
  'provider',
  'usage',
  'created_at',
  'started_at',
  'finished_at',
];
const VARIANT_COLUMNS = [
  'id',
  'workspace_id',
  'campaign_id',
  'job_id',
  'platform',
  'position',
  'title',
  'body',
  'hashtags',
  'character_count',
  'created_at',
];
const USAGE = JSON.stringify({ promptTokens: 1200, completionTokens: 2400, cachedTokens: 0, costUsd: 0.0018 });

interface CampaignRows {
  campaign: unknown[];
  job: unknown[];
  variants: unknown[][];
}

/** The rows of campaign number `i`: the campaign, its SUCCEEDED job and the job's 6 × 3 variants. */
function campaignRows(workspaceId: string, i: number, createdAt: Date): CampaignRows {
  const finishedAt = new Date(createdAt.getTime() + 20_000);
  const campaignId = uuidv7();
  const jobId = uuidv7();
  const variants = PLATFORMS.flatMap((platform) =>
    Array.from({ length: SEED.variantsPerPlatform }, (_, position) => {
      const text = body(platform, i, position);
      const title = platform === Platform.BLOG || platform === Platform.EMAIL ? `Introducing ${i + 1}` : null;
      const tags = JSON.stringify(hashtags(i, position));
      return [uuidv7(), workspaceId, campaignId, jobId, platform, position, title, text, tags, text.length, finishedAt];
    }),
  );
  return {
    campaign: [campaignId, workspaceId, `Campaign ${i + 1}`, 'READY', briefOf(i), createdAt, finishedAt],
    // biome-ignore format: one row, in the order of JOB_COLUMNS
    job: [jobId, workspaceId, campaignId, 'SUCCEEDED', 'DONE', 1, JSON.stringify(PLATFORMS), SEED.variantsPerPlatform, 'offline', USAGE, createdAt, createdAt, finishedAt],
    variants,
  };
}

async function seedChunk(db: pg.Pool, workspaceId: string, from: number, to: number, base: number): Promise<void> {
  // One minute apart, so the newest-first order is unambiguous.
  const rows = Array.from({ length: to - from }, (_, k) =>
    campaignRows(workspaceId, from + k, new Date(base + (from + k) * 60_000)),
  );
  await insertRows(
    db,
    'campaign',
    CAMPAIGN_COLUMNS,
    rows.map((row) => row.campaign),
  );
  await insertRows(
    db,
    'generation_job',
    JOB_COLUMNS,
    rows.map((row) => row.job),
  );
  await insertRows(
    db,
    'content_variant',
    VARIANT_COLUMNS,
    rows.flatMap((row) => row.variants),
  );
}

/**
 * One workspace with an EDITOR key (made by the app's own ApiKeyService), 200 campaigns with one SUCCEEDED job
 * each and 6 platforms × 3 variants per campaign (inserted with plain SQL, a few multi-row INSERTs).
 */
export async function seed(app: App, db: pg.Pool): Promise<SeededWorkspace> {
  const workspace = await createWorkspace(app, 'bench');
  await seedCampaigns(db, workspace.workspaceId, SEED.campaigns);
  await db.query('analyze');
  return workspace;
}

/** `count` campaigns of the workspace, each with one SUCCEEDED job and 6 platforms × 3 variants, one minute apart. */
export async function seedCampaigns(db: pg.Pool, workspaceId: string, count: number): Promise<void> {
  const base = Date.now() - count * 60_000;
  for (let from = 0; from < count; from += CHUNK) {
    await seedChunk(db, workspaceId, from, Math.min(from + CHUNK, count), base);
  }
}

/** An empty workspace with an EDITOR key, made by the app's own ApiKeyService. */
export async function createWorkspace(app: App, name: string): Promise<SeededWorkspace> {
  const em = app.orm.em.fork();
  const workspace = em.create(Workspace, { name });
  em.persist(workspace);
  const { secret } = await app.services.apiKeys.create({ em, workspace, role: Role.EDITOR, name });
  return { workspaceId: workspace.id, apiKey: secret };
}
