/** The review queue's decisions, as plain functions (unit-tested in web/test/reviews.test.ts). */
import { ApiError, describeError } from '../../api/errors';
import { platformLabel } from '../../components/labels';

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';
export type Decision = 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT';

/** The queue's filters, in the order they are offered, with words for people. */
export const STATUS_FILTERS: readonly { status: ApprovalStatus; label: string }[] = [
  { status: 'PENDING', label: 'Waiting for review' },
  { status: 'APPROVED', label: 'Approved' },
  { status: 'CHANGES_REQUESTED', label: 'Changes requested' },
  { status: 'REJECTED', label: 'Rejected' },
];

/** How many approvals one page of the queue shows. */
export const QUEUE_PAGE_SIZE = 10;

/** The status the URL asks for (`?status=APPROVED`); anything else is the default, PENDING. */
export function statusFromSearch(search: string): ApprovalStatus {
  const asked = new URLSearchParams(search).get('status')?.toUpperCase();
  return STATUS_FILTERS.find((f) => f.status === asked)?.status ?? 'PENDING';
}

/** The queue's URL for a status: PENDING is the bare path, so the default has one address. */
export function queueHref(status: ApprovalStatus): string {
  return status === 'PENDING' ? '/reviews' : `/reviews?status=${status}`;
}

/** What an empty page of the queue says, by filter. */
export function emptyWords(status: ApprovalStatus): { title: string; text: string } {
  switch (status) {
    case 'PENDING':
      return {
        title: 'Nothing waits for review',
        text: 'When an editor requests review of a variant on its campaign page, it appears here.',
      };
    case 'APPROVED':
      return { title: 'No approved variants', text: 'Variants approved in their current version are listed here.' };
    case 'CHANGES_REQUESTED':
      return { title: 'No change requests', text: 'Variants a reviewer sent back for changes are listed here.' };
    case 'REJECTED':
      return { title: 'No rejected variants', text: 'Variants a reviewer rejected are listed here.' };
  }
}

export const DECISION_LABELS: Record<Decision, string> = {
  APPROVE: 'Approve',
  REQUEST_CHANGES: 'Request changes',
  REJECT: 'Reject',
};

/** The line shown once a decision is recorded: what was decided, on which variant of which campaign. */
export function decidedNotice(decision: Decision, item: { platform: string; campaign: string; version: number }) {
  const done = { APPROVE: 'Approved', REQUEST_CHANGES: 'Changes requested for', REJECT: 'Rejected' }[decision];
  return `${done} the ${platformLabel(item.platform)} variant of “${item.campaign}” (version ${item.version}).`;
}

/** The version number a CONFLICT names ("… (number 3) …"), if it does. */
export function currentVersionOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return null;
  const match = /number (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

/** A failed decision in words, and whether reloading is the way out (the version shown is stale or gone). */
export interface Explained {
  text: string;
  reload: boolean;
}

/** Why the API refused a decision, for the person who made it. */
export function explainDecisionError(error: unknown, shownVersion: number): Explained {
  if (!(error instanceof ApiError)) return { text: describeError(error), reload: false };
  switch (error.code) {
    case 'CONFLICT': {
      const current = currentVersionOf(error);
      return {
        text:
          `Someone saved a newer version${current ? ` (version ${current})` : ''} of this variant after the queue ` +
          `loaded, so your decision on version ${shownVersion} was not recorded. Reload to see what waits for review now.`,
        reload: true,
      };
    }
    case 'FORBIDDEN':
      return /four-eyes/i.test(error.message)
        ? {
            text:
              'Four-eyes review: this version was written with your key, so someone else has to approve it. ' +
              'You can still request changes or reject it.',
            reload: false,
          }
        : { text: `Your key may not review content: ${error.message}`, reload: false };
    case 'CONTENT_REJECTED':
      return {
        text:
          'Moderation blocked this version, so it cannot be approved. Its findings are marked in the text: ' +
          'request changes so an editor fixes them.',
        reload: false,
      };
    case 'NOT_FOUND':
      return {
        text: 'This variant is not there any more (it may have been replaced). Reload the queue.',
        reload: true,
      };
    case 'BAD_USER_INPUT':
      return {
        text: error.fields.map((f) => `${fieldName(f.path)} ${f.message}.`).join(' ') || error.message,
        reload: false,
      };
    default:
      return { text: describeError(error), reload: false };
  }
}

function fieldName(path: string): string {
  const last = path.split('.').at(-1) ?? path;
  return last === 'comment' ? 'The comment' : last;
}

/** Who decided, in words: the name a review-link reviewer gave, "you", or a key by the end of its id. */
export function deciderWords(item: { reviewerName?: string | null; decidedBy?: string | null }, me?: string | null) {
  if (item.reviewerName) return `${item.reviewerName} (review link)`;
  if (!item.decidedBy) return 'a reviewer';
  if (me && item.decidedBy === me) return 'you';
  return `key …${item.decidedBy.slice(-6)}`;
}
