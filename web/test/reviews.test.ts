import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/errors';
import type { LinkVariant } from '../src/screens/review-link/api';
import {
  approvalWords,
  briefRows,
  checkDecision,
  explainLinkError,
  isOpen,
  linkProblem,
  progressWords,
  variantHeadings,
} from '../src/screens/review-link/logic';
import {
  currentVersionOf,
  decidedNotice,
  deciderWords,
  emptyWords,
  explainDecisionError,
  queueHref,
  STATUS_FILTERS,
  statusFromSearch,
} from '../src/screens/reviews/logic';

function variant(overrides: Partial<LinkVariant> = {}): LinkVariant {
  return {
    id: 'v1',
    platform: 'LINKEDIN',
    status: 'IN_REVIEW',
    versionId: 'r1',
    versionNumber: 1,
    title: null,
    body: 'Text',
    hashtags: [],
    moderation: null,
    quality: null,
    approval: null,
    ...overrides,
  };
}

describe('review queue: the status filter in the URL', () => {
  it('reads the status from the query string, defaulting to PENDING for none or an unknown one', () => {
    expect(statusFromSearch('')).toBe('PENDING');
    expect(statusFromSearch('?status=APPROVED')).toBe('APPROVED');
    expect(statusFromSearch('status=changes_requested')).toBe('CHANGES_REQUESTED');
    expect(statusFromSearch('?status=DELETE')).toBe('PENDING');
  });

  it('gives PENDING the bare path and every other status its query, which reads back the same', () => {
    expect(queueHref('PENDING')).toBe('/reviews');
    for (const { status } of STATUS_FILTERS) {
      expect(statusFromSearch(queueHref(status).split('?')[1] ?? '')).toBe(status);
    }
  });

  it('says what each empty filter means', () => {
    expect(emptyWords('PENDING').title).toBe('Nothing waits for review');
    expect(new Set(STATUS_FILTERS.map((f) => emptyWords(f.status).title)).size).toBe(STATUS_FILTERS.length);
  });
});

describe('review queue: decisions and their errors in words', () => {
  it('names the decision, the platform, the campaign and the version once recorded', () => {
    expect(decidedNotice('APPROVE', { platform: 'TWITTER', campaign: 'Spring', version: 2 })).toBe(
      'Approved the X variant of “Spring” (version 2).',
    );
    expect(decidedNotice('REQUEST_CHANGES', { platform: 'LINKEDIN', campaign: 'Spring', version: 1 })).toBe(
      'Changes requested for the LinkedIn variant of “Spring” (version 1).',
    );
  });

  it('explains a CONFLICT with the newer version the server names, and offers a reload', () => {
    const conflict = new ApiError(
      'That is not the current version: it is 0190-abc (number 3); review that one',
      'CONFLICT',
    );
    expect(currentVersionOf(conflict)).toBe(3);
    const explained = explainDecisionError(conflict, 2);
    expect(explained.reload).toBe(true);
    expect(explained.text).toContain('newer version (version 3)');
    expect(explained.text).toContain('decision on version 2 was not recorded');
    expect(currentVersionOf(new ApiError('other', 'CONFLICT'))).toBeNull();
    expect(explainDecisionError(new ApiError('other', 'CONFLICT'), 1).text).toContain('a newer version of');
  });

  it('tells four-eyes apart from a role that may not review', () => {
    const fourEyes = new ApiError(
      'Four-eyes review: the key that made this version cannot approve it; ask another reviewer',
      'FORBIDDEN',
    );
    expect(explainDecisionError(fourEyes, 1)).toEqual({
      text: expect.stringContaining('someone else has to approve it'),
      reload: false,
    });
    expect(explainDecisionError(new ApiError('Requires EDITOR', 'FORBIDDEN'), 1).text).toBe(
      'Your key may not review content: Requires EDITOR',
    );
  });

  it('explains a blocked text, a vanished variant, field errors and anything else', () => {
    expect(explainDecisionError(new ApiError('Moderation blocked', 'CONTENT_REJECTED'), 1).text).toContain(
      'cannot be approved',
    );
    expect(explainDecisionError(new ApiError('Variant not found', 'NOT_FOUND'), 1).reload).toBe(true);
    const bad = new ApiError('Invalid', 'BAD_USER_INPUT', [
      { path: 'input.comment', message: 'must be at most 2000 characters' },
    ]);
    expect(explainDecisionError(bad, 1).text).toBe('The comment must be at most 2000 characters.');
    expect(explainDecisionError(new TypeError('fetch failed'), 1).text).toContain('could not be reached');
  });

  it('says who decided: a review-link name, you, or a key by the end of its id', () => {
    expect(deciderWords({ reviewerName: 'Dana', decidedBy: 'Dana' }, 'k1')).toBe('Dana (review link)');
    expect(deciderWords({ decidedBy: 'k1' }, 'k1')).toBe('you');
    expect(deciderWords({ decidedBy: '0190aaaa-bbbb-cccc-123456' }, 'k1')).toBe('key …123456');
    expect(deciderWords({})).toBe('a reviewer');
  });
});

describe('review link: a link that does not work', () => {
  it('has a page for an unknown, an expired and a revoked link, none of which offers a retry', () => {
    expect(linkProblem(new ApiError('Review link not found', 'NOT_FOUND'))).toMatchObject({
      title: 'This review link does not work',
      retry: false,
    });
    expect(
      linkProblem(new ApiError('This review link has expired: ask for a new one', 'UNAUTHENTICATED')),
    ).toMatchObject({ title: 'This review link has expired', retry: false });
    expect(
      linkProblem(new ApiError('This review link was revoked: ask for a new one', 'UNAUTHENTICATED')),
    ).toMatchObject({ title: 'This review link was revoked', retry: false });
  });

  it('offers a retry when the server failed or could not be reached', () => {
    expect(linkProblem(new ApiError('Internal server error', 'INTERNAL_SERVER_ERROR')).retry).toBe(true);
    expect(linkProblem(new TypeError('Failed to fetch'))).toMatchObject({ retry: true });
  });
});

describe('review link: a decision', () => {
  it('needs a name, and a comment to request changes', () => {
    expect(checkDecision({ name: ' ', decision: 'APPROVE', comment: '' })).toEqual({
      name: 'Enter your name: it is recorded with your decision.',
    });
    expect(checkDecision({ name: 'Dana', decision: 'APPROVE', comment: '' })).toEqual({});
    expect(checkDecision({ name: 'Dana', decision: 'REQUEST_CHANGES', comment: '  ' })).toEqual({
      comment: 'Say what should change, so the team can fix it.',
    });
    expect(checkDecision({ name: 'x'.repeat(101), decision: 'APPROVE', comment: '' }).name).toContain('100');
  });

  it('explains refusals: a stale version reloads, field errors go to their fields', () => {
    expect(explainLinkError(new ApiError('not current', 'CONFLICT')).reload).toBe(true);
    const bad = explainLinkError(
      new ApiError('Invalid', 'BAD_USER_INPUT', [
        { path: 'reviewerName', message: 'must be your name, 1–100 characters' },
        { path: 'comment', message: 'say what should change' },
      ]),
    );
    expect(bad.fields).toEqual({
      name: 'Your name must be your name, 1–100 characters.',
      comment: 'The comment: say what should change.',
    });
    expect(
      explainLinkError(new ApiError('This review link has expired: ask for a new one', 'UNAUTHENTICATED')).text,
    ).toBe('This review link has expired: your decision was not recorded.');
    expect(explainLinkError(new TypeError('Failed to fetch')).text).toContain('not recorded');
  });

  it('shows the recorded decision and what is still open', () => {
    expect(approvalWords({ status: 'APPROVED', decidedBy: 'Dana', comment: null })).toBe('Approved by Dana.');
    expect(approvalWords({ status: 'CHANGES_REQUESTED', decidedBy: null, comment: 'x' })).toBe('Changes requested.');
    const open = variant({ approval: { status: 'PENDING', decidedBy: null, comment: null } });
    const done = variant({ id: 'v2', approval: { status: 'APPROVED', decidedBy: 'Dana', comment: null } });
    expect([isOpen(variant()), isOpen(open), isOpen(done)]).toEqual([true, true, false]);
    expect(progressWords([open, done, variant({ id: 'v3' })])).toBe('1 of 3 decided · 2 waiting for you.');
    expect(progressWords([done])).toBe('All 1 variant has a decision. Thank you!');
    expect(progressWords([])).toBe('There is nothing to review yet.');
  });

  it('numbers the variants per platform and lists the brief without empty rows', () => {
    expect(variantHeadings([variant(), variant({ platform: 'TWITTER' }), variant({ id: 'v2' })])).toEqual([
      'LinkedIn · variant 1',
      'X · variant 1',
      'LinkedIn · variant 2',
    ]);
    expect(
      briefRows({ productName: 'Rocket', description: '', audience: null, tone: 'FRIENDLY', platforms: ['TWITTER'] }),
    ).toEqual([
      ['Product', 'Rocket'],
      ['Tone', 'Friendly'],
      ['Platforms', 'X'],
    ]);
    expect(briefRows(null)).toEqual([]);
  });
});
