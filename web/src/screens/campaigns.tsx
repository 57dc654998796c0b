import { useMemo } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useCan } from '../session';
import './campaigns.css';
import { CampaignList } from './campaigns/campaign-list';
import { type CampaignsQueryState, campaignsHref, readCampaignsQuery } from './campaigns/logic';
import { NewCampaign } from './campaigns/new-campaign';

/**
 * /campaigns: the workspace's campaigns with search, status filter and pages; `?new=brief|template` shows the
 * "New campaign" form instead (editors and admins only: a VIEWER always sees the list). Everything the page shows
 * is in its address, so reload and back keep it.
 */
export function CampaignsScreen() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const can = useCan();
  const query = useMemo(() => readCampaignsQuery(search), [search]);
  const go = (next: Partial<CampaignsQueryState>, replace = false) => {
    const href = campaignsHref({ ...query, ...next });
    // Searching again for the same words adds no step to the history.
    if (href !== campaignsHref(query)) navigate(href, { replace });
  };
  const list = campaignsHref({ q: query.q, status: query.status });

  if (can.edit && query.mode) {
    return (
      <div className="campaigns campaigns-new">
        <p className="breadcrumb campaigns-breadcrumb">
          <Link href={list}>Campaigns</Link> /
        </p>
        <div className="page-header">
          <h1>New campaign</h1>
          <div className="actions">
            <Link href={list} className="button">
              Cancel
            </Link>
          </div>
        </div>
        <NewCampaign
          mode={query.mode}
          template={query.template}
          onMode={(mode) => go({ mode }, true)}
          onTemplate={(template) => go({ template }, true)}
        />
      </div>
    );
  }
  return (
    <div className="campaigns">
      <div className="page-header">
        <h1>Campaigns</h1>
        {can.edit ? (
          <div className="actions">
            <Link href={campaignsHref({ ...query, mode: 'brief' })} className="button button-primary">
              New campaign
            </Link>
          </div>
        ) : null}
      </div>
      <CampaignList query={query} go={(next) => go({ ...next, mode: null })} canEdit={can.edit} />
    </div>
  );
}
