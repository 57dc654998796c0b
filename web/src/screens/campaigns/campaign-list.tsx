import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useQuery } from '../../api/hooks';
import { StatusBadge } from '../../components/badge';
import { SelectField, TextField } from '../../components/form';
import { formatDateTime, platformLabel } from '../../components/labels';
import { Pager, usePager } from '../../components/pager';
import { Empty, ErrorNotice, Loading } from '../../components/states';
import {
  type CampaignsQueryState,
  campaignsHref,
  emptyTitle,
  hasFilters,
  PAGE_SIZE,
  resultSummary,
  STATUS_LABELS,
  STATUSES,
} from './logic';
import { type CampaignRow, type CampaignStatus, CampaignsQuery } from './queries';

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  ...STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
];

/** The search box and the status filter; both live in the address (`go` navigates). */
function Filters({
  query,
  go,
  error,
}: {
  query: CampaignsQueryState;
  go(next: Partial<CampaignsQueryState>): void;
  error: unknown;
}) {
  const [text, setText] = useState(query.q);
  // Back, forward and links change the address: the box follows it.
  useEffect(() => setText(query.q), [query.q]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ q: text.trim() });
  };
  return (
    <search aria-label="Filter the campaigns">
      <form className="card campaigns-filters" onSubmit={submit}>
        <div className="campaigns-search">
          <TextField
            label="Search"
            name="search"
            type="search"
            maxLength={200}
            placeholder="Campaign or product name"
            value={text}
            onChange={setText}
            error={error}
          />
          <button type="submit" className="button">
            Search
          </button>
        </div>
        <SelectField
          label="Status"
          name="status"
          value={query.status ?? ''}
          onChange={(value) => go({ status: (value || null) as CampaignStatus | null })}
          options={STATUS_OPTIONS}
          error={error}
        />
        {hasFilters(query) ? (
          <Link href="/campaigns" className="button button-quiet campaigns-clear">
            Clear filters
          </Link>
        ) : null}
      </form>
    </search>
  );
}

function CampaignTable({ rows, busy }: { rows: readonly CampaignRow[]; busy: boolean }) {
  return (
    <div className="table-wrap card campaigns-table-card">
      <table className="campaigns-table" aria-busy={busy || undefined}>
        <caption className="sr-only">Campaigns, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Platforms</th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="campaigns-name">
                <Link href={`/campaigns/${row.id}`}>{row.name}</Link>
                <span className="muted campaigns-product">{row.brief.productName}</span>
              </td>
              <td className="campaigns-platforms">
                <span className="sr-only">Platforms: </span>
                {row.brief.platforms.map(platformLabel).join(', ')}
              </td>
              <td className="campaigns-status">
                <StatusBadge status={row.status} label={STATUS_LABELS[row.status]} />
              </td>
              <td className="campaigns-updated">
                <span className="sr-only">Updated </span>
                <time dateTime={row.updatedAt}>{formatDateTime(row.updatedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NoCampaigns({ query, canEdit }: { query: CampaignsQueryState; canEdit: boolean }) {
  if (hasFilters(query)) {
    return (
      <div className="card">
        <Empty title={emptyTitle(query)}>
          <p>Try other words or another status.</p>
          <Link href="/campaigns" className="button">
            Clear filters
          </Link>
        </Empty>
      </div>
    );
  }
  return (
    <div className="card">
      <Empty title={emptyTitle(query)}>
        {canEdit ? (
          <>
            <p>A campaign holds a brief; Copydesk writes its copy for every platform from it.</p>
            <div className="actions campaigns-empty-actions">
              <Link href={campaignsHref({ mode: 'brief' })} className="button button-primary">
                Create a campaign
              </Link>
              <Link href={campaignsHref({ mode: 'template' })} className="button">
                Start from a template
              </Link>
            </div>
          </>
        ) : (
          <p>Campaigns that editors create will be listed here.</p>
        )}
      </Empty>
    </div>
  );
}

/**
 * The workspace's campaigns as the address asks (search, status), a page at a time. The pager belongs to one
 * filter: when the filter changes it starts again from the first page.
 */
export function CampaignList({
  query,
  go,
  canEdit,
}: {
  query: CampaignsQueryState;
  go(next: Partial<CampaignsQueryState>): void;
  canEdit: boolean;
}) {
  const pager = usePager();
  const filter = `${query.q}\u0000${query.status ?? ''}`;
  const [pagedFilter, setPagedFilter] = useState(filter);
  if (pagedFilter !== filter) {
    setPagedFilter(filter);
    pager.reset();
  }
  const after = pagedFilter === filter ? pager.after : null;
  const state = useQuery(CampaignsQuery, {
    first: PAGE_SIZE,
    after,
    status: query.status,
    search: query.q || null,
  });
  const page = state.data?.campaigns;
  // An empty workspace has nothing to search: the empty state alone says what to do.
  const nothingYet = page !== undefined && page.totalCount === 0 && !hasFilters(query);
  return (
    <>
      {nothingYet ? null : <Filters query={query} go={go} error={state.error} />}
      {page === undefined ? (
        state.error ? (
          <ErrorNotice error={state.error} retry={state.refetch} />
        ) : (
          <Loading label="Loading the campaigns…" />
        )
      ) : (
        <>
          {state.error ? <ErrorNotice error={state.error} retry={state.refetch} /> : null}
          <p className={page.edges.length === 0 ? 'sr-only' : 'muted campaigns-summary'} role="status">
            {state.loading ? 'Updating…' : resultSummary(query, pager.page, page.edges.length, page.totalCount)}
          </p>
          {page.edges.length === 0 ? (
            state.loading ? (
              <Loading label="Loading the campaigns…" />
            ) : (
              <NoCampaigns query={query} canEdit={canEdit} />
            )
          ) : (
            <CampaignTable rows={page.edges.map((edge) => edge.node)} busy={state.loading} />
          )}
          <Pager
            pager={pager}
            hasNextPage={page.pageInfo.hasNextPage}
            endCursor={page.pageInfo.endCursor}
            label="Campaign pages"
          />
        </>
      )}
    </>
  );
}
