/** The review-link page's decisions, as plain functions (unit-tested in web/test/reviews.test.ts). */
import { ApiError, fieldError } from '../../api/errors';
import { humanize, platformLabel } from '../../components/labels';
import type { LinkBrief, LinkVariant } from './api';

/** The longest name the API takes (ReviewLinkService.MAX_REVIEWER_NAME). */
export const MAX_NAME = 100;
/** Where the page remembers the reviewer's name: this tab only, like the dashboard's key. */
export const NAME_STORAGE = 'copydesk.reviewerName';

/** The page a link that does not work shows instead of the campaign. */
export interface LinkProblem {
  title: string;
  text: string;
  /** True when trying again may help (the server could not be reached, or failed). */
  retry: boolean;
}

/** Why the link shows nothing, in words: unknown, expired, revoked, or the server could not answer. */
export function linkProblem(error: unknown): LinkProblem {
  const ask = 'Ask the person who sent it for a new link.';
  if (error instanceof ApiError) {
    if (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') {
      return {
        title: 'This review link does not work',
        text: `There is no review behind this address: it may be incomplete or mistyped. Check that you copied the whole link. ${ask}`,
        retry: false,
      };
    }
    if (error.code === 'UNAUTHENTICATED') {
      if (/revoked/i.test(error.message)) {
        return { title: 'This review link was revoked', text: `It was switched off by the team. ${ask}`, retry: false };
      }
      return {
        title: 'This review link has expired',
        text: `Review links work for a limited time, and this one is over. ${ask}`,
        retry: false,
      };
    }
    if (error.code === 'RATE_LIMITED') {
      return { title: 'Too many requests', text: 'Wait a moment, then try again.', retry: true };
    }
    return {
      title: 'The review could not be loaded',
      text: 'The server had a problem. Try again in a moment.',
      retry: true,
    };
  }
  return {
    title: 'The review could not be loaded',
    text: 'The server could not be reached. Check your connection and try again.',
    retry: true,
  };
}

/** What is wrong with a decision before it is sent: the name is required, and a change request says what. */
export function checkDecision(input: { name: string; decision: 'APPROVE' | 'REQUEST_CHANGES'; comment: string }): {
  name?: string;
  comment?: string;
} {
  const problems: { name?: string; comment?: string } = {};
  const name = input.name.trim();
  if (!name) problems.name = 'Enter your name: it is recorded with your decision.';
  else if (name.length > MAX_NAME) problems.name = `Use at most ${MAX_NAME} characters.`;
  if (input.decision === 'REQUEST_CHANGES' && !input.comment.trim()) {
    problems.comment = 'Say what should change, so the team can fix it.';
  }
  return problems;
}

/** A refused decision in words; `reload` when the version shown is stale, `fields` for the form. */
export function explainLinkError(error: unknown): {
  text: string;
  reload: boolean;
  fields: { name?: string; comment?: string };
} {
  if (!(error instanceof ApiError)) {
    return {
      text: 'The server could not be reached: your decision was not recorded. Try again.',
      reload: false,
      fields: {},
    };
  }
  switch (error.code) {
    case 'CONFLICT':
      return {
        text: 'The team changed this text after you opened the page, so your decision was not recorded. Reload to see the latest version, then decide again.',
        reload: true,
        fields: {},
      };
    case 'CONTENT_REJECTED':
      return {
        text: 'This text has a problem moderation will not let through, so it cannot be approved. Request changes instead.',
        reload: false,
        fields: {},
      };
    case 'NOT_FOUND':
      return { text: 'This variant is not part of the review any more. Reload the page.', reload: true, fields: {} };
    case 'UNAUTHENTICATED':
      return { text: `${linkProblem(error).title}: your decision was not recorded.`, reload: true, fields: {} };
    case 'BAD_USER_INPUT': {
      const name = fieldError(error.fields, 'reviewerName');
      const comment = fieldError(error.fields, 'comment');
      return {
        text: 'Please check the marked fields.',
        reload: false,
        fields: {
          name: name ? `Your name ${name}.` : undefined,
          comment: comment ? `The comment: ${comment}.` : undefined,
        },
      };
    }
    default:
      return { text: `Your decision was not recorded: ${error.message}`, reload: false, fields: {} };
  }
}

/** The recorded decision in words. */
export function approvalWords(approval: NonNullable<LinkVariant['approval']>): string {
  const who = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
  switch (approval.status) {
    case 'PENDING':
      return 'Waiting for a decision.';
    case 'APPROVED':
      return `Approved${who}.`;
    case 'CHANGES_REQUESTED':
      return `Changes requested${who}.`;
    case 'REJECTED':
      return `Rejected${who}.`;
    default:
      return `${humanize(approval.status)}${who}.`;
  }
}

/** A decision can be made while the current version has no decision yet. */
export function isOpen(variant: LinkVariant): boolean {
  return !variant.approval || variant.approval.status === 'PENDING';
}

/** "2 of 5 decided", for the summary above the variants. */
export function progressWords(variants: readonly LinkVariant[]): string {
  const open = variants.filter(isOpen).length;
  if (variants.length === 0) return 'There is nothing to review yet.';
  if (open === 0)
    return `All ${variants.length} ${variants.length === 1 ? 'variant has' : 'variants have'} a decision. Thank you!`;
  return `${variants.length - open} of ${variants.length} decided · ${open} waiting for you.`;
}

/** Each variant's heading: its platform and its place among that platform's variants ("LinkedIn · variant 2"). */
export function variantHeadings(variants: readonly LinkVariant[]): string[] {
  const seen = new Map<string, number>();
  return variants.map((variant) => {
    const n = (seen.get(variant.platform) ?? 0) + 1;
    seen.set(variant.platform, n);
    return `${platformLabel(variant.platform)} · variant ${n}`;
  });
}

/** The brief as label/value rows, without the empty ones. */
export function briefRows(brief: LinkBrief | null): [string, string][] {
  if (!brief) return [];
  const rows: [string, string | null | undefined][] = [
    ['Product', brief.productName],
    ['About', brief.description],
    ['Audience', brief.audience],
    ['Tone', brief.tone ? humanize(brief.tone) : null],
    ['Platforms', brief.platforms?.map(platformLabel).join(', ')],
    ['Call to action', brief.callToAction],
  ];
  return rows.filter((row): row is [string, string] => typeof row[1] === 'string' && row[1].trim() !== '');
}
