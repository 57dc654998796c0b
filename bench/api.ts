import { setTimeout as delay } from 'node:timers/promises';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { requestHeaders } from './query';
import { PLATFORMS } from './seed';

/** Every field of a generation event, as a client that renders the stream selects them. */
export const PROGRESS_SUBSCRIPTION = `subscription Progress($jobId: ID!) {
  generationProgress(jobId: $jobId) {
    jobId type stage progress platform variantIndex delta reset message at
    variant { id platform title body hashtags characterCount createdAt }
  }
}`;

export interface ProgressEvent {
  type: 'SNAPSHOT' | 'STAGE_STARTED' | 'TOKEN' | 'VARIANT_READY' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  stage: string;
  progress: number;
  platform: string | null;
  variantIndex: number | null;
  delta: string | null;
  reset: boolean | null;
  message: string | null;
  /** Set when the event was published (ISO, millisecond precision). */
  at: string;
  variant: { body: string } | null;
}

export const FINAL_TYPES: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** One GraphQL POST; throws on a non-2xx status or GraphQL errors. */
export async function post<T>(url: string, apiKey: string, query: string, variables: object = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(apiKey),
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
  const json = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (json.errors || !json.data) throw new Error(`${url} answered with errors: ${text.slice(0, 500)}`);
  return json.data;
}

/** A campaign for all six platforms, through the API; resolves to its id. */
export async function createCampaign(url: string, apiKey: string, name: string): Promise<string> {
  const brief = {
    productName: 'Aurora Desk Lamp',
    description: 'A repairable desk lamp with a warm, flicker-free light that follows the time of day.',
    features: ['Charges in under an hour', 'Every part repairable with a standard screwdriver', 'Quiet, fanless'],
    audience: 'Remote workers who spend long evenings at their desks',
    tone: 'FRIENDLY',
    platforms: PLATFORMS,
    keywords: ['remote work', 'desk setup', 'repairable'],
    callToAction: 'Order this week and shipping is on us',
    url: 'https://example.com/aurora',
    language: 'en',
  };
  const data = await post<{ createCampaign: { id: string } }>(
    url,
    apiKey,
    'mutation Create($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { input: { name, brief } },
  );
  return data.createCampaign.id;
}

/** generateCampaign (every platform of the brief unless told); resolves to the QUEUED job's id. */
export async function generate(
  url: string,
  apiKey: string,
  input: { campaignId: string; variantsPerPlatform: number; platforms?: string[] },
): Promise<string> {
  const data = await post<{ generateCampaign: { id: string; status: string } }>(
    url,
    apiKey,
    'mutation Generate($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id status } }',
    { input },
  );
  if (data.generateCampaign.status !== 'QUEUED') throw new Error(`job ${data.generateCampaign.status}, not QUEUED`);
  return data.generateCampaign.id;
}

/** Waits until a server at `baseUrl` answers 200 on /readyz. */
export async function waitUntilReady(baseUrl: string): Promise<void> {
  while (
    !(await fetch(`${baseUrl}/readyz`)
      .then((r) => r.ok)
      .catch(() => false))
  )
    await delay(50);
}

/** The graphql-ws URL of an app's base URL. */
export function wsUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/graphql`;
}

/**
 * A graphql-ws client over `ws` that presents the key in connection_init and never reconnects. Lazy: connects on
 * its first subscription; otherwise it connects at once and stays connected.
 */
export function wsClient(url: string, apiKey: string, lazy = true): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${apiKey}` },
    retryAttempts: 0,
    lazy,
  });
}
