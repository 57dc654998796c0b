import { ApiError, toApiError } from '../../api/errors';
import type { ViewFinding, ViewQuality } from '../../components/variant-view';

/** One variant as GET /review/<token>/content gives it (README "Review links"). */
export interface LinkVariant {
  id: string;
  platform: string;
  status: string;
  versionId: string;
  versionNumber: number;
  title: string | null;
  body: string;
  hashtags: string[];
  moderation: { verdict: string; findings: number; details?: ViewFinding[] } | null;
  quality: number | null;
  qualityDetails?: ViewQuality | null;
  preview?: { html: string; truncated: boolean; visibleText: string; characterCount: number; limit: number };
  approval: { status: string; decidedBy: string | null; comment: string | null } | null;
}

export interface LinkBrief {
  productName?: string;
  description?: string;
  features?: string[];
  audience?: string | null;
  tone?: string;
  platforms?: string[];
  callToAction?: string | null;
  url?: string | null;
}

export interface LinkContent {
  campaign: {
    id: string;
    name: string;
    brief: LinkBrief | null;
    outline: { headline?: string; keyMessages?: string[]; angle?: string | null } | null;
  };
  expiresAt: string;
  variants: LinkVariant[];
}

export interface LinkDecision {
  variantId: string;
  versionId: string;
  decision: 'APPROVE' | 'REQUEST_CHANGES';
  comment: string | null;
  reviewerName: string;
}

function url(token: string, rest: string): string {
  return `${window.location.origin}/review/${encodeURIComponent(token)}/${rest}`;
}

/** The answer's JSON, or its error as an ApiError (the same `errors` body the GraphQL API sends). */
async function read<T>(response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without a body`, 'INTERNAL_SERVER_ERROR');
  }
  const errors = (body as { errors?: unknown }).errors;
  if (!response.ok || Array.isArray(errors)) {
    if (Array.isArray(errors) && errors.length > 0) throw toApiError(errors as never);
    throw new ApiError(`The server answered ${response.status}`, 'INTERNAL_SERVER_ERROR');
  }
  return body as T;
}

/** What the link shows: the campaign and each variant's current version (no API key; the token is the key). */
export async function fetchLinkContent(token: string, signal?: AbortSignal): Promise<LinkContent> {
  return read<LinkContent>(await fetch(url(token, 'content'), { headers: { accept: 'application/json' }, signal }));
}

/** Records a decision under the reviewer's name. */
export async function postLinkDecision(token: string, decision: LinkDecision): Promise<void> {
  await read<unknown>(
    await fetch(url(token, 'decisions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(decision),
    }),
  );
}
