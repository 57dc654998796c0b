import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useQuery } from '../api/hooks';
import { Pager, usePager } from '../components/pager';
import { Empty, ErrorNotice, Loading } from '../components/states';
import { useCan } from '../session';
import './reviews.css';
import {
  type ApprovalStatus,
  emptyWords,
  QUEUE_PAGE_SIZE,
  queueHref,
  STATUS_FILTERS,
  statusFromSearch,
} from './reviews/logic';
import { ReviewQueueQuery } from './reviews/queries';
import { ReviewItem } from './reviews/review-item';

/** The review queue: what waits for review (or was decided), each version with its findings, quality and preview. */
export function ReviewsScreen() {
  const status = statusFromSearch(useSearch());
  const can = useCan();
  return (
    <div className="reviews-page">
      <header className="page-header">
        <h1>Review queue</h1>
      </header>
      <p className="muted reviews-intro">
        {can.edit
          ? 'Each item is one exact version of a variant. Approve it, request changes or reject it; a comment tells the editor why.'
          : 'Each item is one exact version of a variant. Your key reads the queue; reviewing needs an EDITOR or ADMIN key.'}
      </p>
      <nav className="review-filter" aria-label="Review status">
        <ul>
          {STATUS_FILTERS.map((filter) => (
            <li key={filter.status}>
              <Link
                href={queueHref(filter.status)}
                className={filter.status === status ? 'filter-link active' : 'filter-link'}
                aria-current={filter.status === status ? 'page' : undefined}
              >
                {filter.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* A new filter starts again from its first page. */}
      <QueueList key={status} status={status} canDecide={can.edit} />
    </div>
  );
}

function QueueList({ status, canDecide }: { status: ApprovalStatus; canDecide: boolean }) {
  const pager = usePager();
  const state = useQuery(ReviewQueueQuery, { status, first: QUEUE_PAGE_SIZE, after: pager.after });
  const [notice, setNotice] = useState<string | null>(null);
  // Decided items leave the list at once; the refetch then brings the page as the server has it.
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const label = STATUS_FILTERS.find((f) => f.status === status)?.label ?? status;
  if (state.data === undefined) {
    if (state.error) return <ErrorNotice error={state.error} retry={state.refetch} />;
    return <Loading label="Loading the review queue…" />;
  }
  const page = state.data.reviewQueue;
  const items = page.edges.map((e) => e.node).filter((item) => !decided.has(item.id));
  const empty = emptyWords(status);
  return (
    <section aria-label={label} className="queue">
      {notice ? (
        <p className="review-notice" role="status">
          {notice}
        </p>
      ) : null}
      {state.error ? <ErrorNotice error={state.error} retry={state.refetch} /> : null}
      {items.length === 0 ? (
        <Empty title={pager.hasPrevious ? 'Nothing more on this page' : empty.title}>
          <p>
            {pager.hasPrevious ? 'Go back a page to see the rest.' : empty.text}{' '}
            {status === 'PENDING' && !pager.hasPrevious ? <Link href="/campaigns">Go to the campaigns.</Link> : null}
          </p>
        </Empty>
      ) : (
        items.map((item) => (
          <ReviewItem
            key={item.id}
            item={item}
            canDecide={canDecide}
            onDecided={(text) => {
              setNotice(text);
              setDecided((set) => new Set(set).add(item.id));
              state.refetch();
            }}
            onReload={() => {
              setNotice(null);
              state.refetch();
            }}
          />
        ))
      )}
      <Pager
        pager={pager}
        hasNextPage={page.pageInfo.hasNextPage}
        endCursor={page.pageInfo.endCursor}
        label={`${label}: pages`}
      />
    </section>
  );
}
