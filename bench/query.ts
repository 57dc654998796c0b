import { deepStrictEqual } from 'node:assert/strict';
import { PLATFORMS, SEED } from './seed';

/** The read the benchmark loads: a page of campaigns with every platform's variants and the latest job. */
export function pageQuery(first: number): string {
  return `{ campaigns(first: ${first}) { edges { node { name contents { platform variants { body hashtags } } latestJob { status } } } } }`;
}

export interface PageData {
  campaigns: {
    edges: {
      node: {
        name: string;
        contents: { platform: string; variants: { body: string; hashtags: string[] }[] }[];
        latestJob: { status: string } | null;
      };
    }[];
  };
}

/** The headers every benchmark request carries. */
export function requestHeaders(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' };
}

/** One POST; throws on a non-2xx status or GraphQL errors. */
export async function postPage(url: string, apiKey: string, first: number): Promise<PageData> {
  const response = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(apiKey),
    body: JSON.stringify({ query: pageQuery(first) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
  const json = JSON.parse(text) as { data?: PageData; errors?: unknown[] };
  if (json.errors || !json.data) throw new Error(`${url} answered with errors: ${text.slice(0, 500)}`);
  return json.data;
}

/** Throws unless the page has `first` campaigns, each with 6 platforms × 3 variants × 3 hashtags and a job. */
export function verifyPage(data: PageData, first: number): void {
  const { edges } = data.campaigns;
  deepStrictEqual(edges.length, first, 'campaigns on the page');
  for (const { node } of edges) {
    deepStrictEqual(
      node.contents.map((content) => content.platform),
      PLATFORMS,
      `platforms of ${node.name}`,
    );
    for (const content of node.contents) {
      deepStrictEqual(
        content.variants.length,
        SEED.variantsPerPlatform,
        `${content.platform} variants of ${node.name}`,
      );
      for (const variant of content.variants) {
        if (variant.body.length < 100) throw new Error(`short body in ${node.name}: ${variant.body}`);
        deepStrictEqual(variant.hashtags.length, SEED.hashtagsPerVariant, `hashtags in ${node.name}`);
      }
    }
    deepStrictEqual(node.latestJob?.status, 'SUCCEEDED', `latest job of ${node.name}`);
  }
}
