import { useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useQuery } from '../api/hooks';
import { SelectField, TextField } from '../components/form';
import { Empty, QueryView } from '../components/states';
import { useCan } from '../session';
import { CreateExperimentForm, ExperimentList } from './analytics/experiments';
import { dayRange, variantLabels } from './analytics/logic';
import { AnalyticsOverview } from './analytics/overview';
import {
  AnalyticsCampaignQuery,
  AnalyticsCampaignsQuery,
  CampaignAnalyticsQuery,
  ExperimentsQuery,
} from './analytics/queries';
import { ImportCsvForm, RecordEngagementForm } from './analytics/record';
import './analytics.css';

/** /analytics[?campaign=<id>]: a campaign's engagement by platform and variant, its experiments, and ingestion. */
export function AnalyticsScreen() {
  const campaigns = useQuery(AnalyticsCampaignsQuery);
  const search = useSearch();
  const [, navigate] = useLocation();
  const fromUrl = new URLSearchParams(search).get('campaign') ?? '';
  const list = campaigns.data?.campaigns.edges.map((edge) => edge.node) ?? [];
  const campaignId = fromUrl || list[0]?.id || '';

  return (
    <>
      <div className="page-header">
        <h1>Analytics</h1>
      </div>
      <QueryView state={campaigns} loadingLabel="Loading campaigns…">
        {() =>
          list.length === 0 && !fromUrl ? (
            <Empty title="No campaigns yet">Create a campaign first; its engagement and experiments show here.</Empty>
          ) : (
            <CampaignAnalytics
              campaignId={campaignId}
              campaigns={list}
              more={campaigns.data?.campaigns.pageInfo.hasNextPage ?? false}
              onPick={(id) => navigate(`/analytics?campaign=${encodeURIComponent(id)}`)}
            />
          )
        }
      </QueryView>
    </>
  );
}

/** The start of a variant's text, for telling variants apart in a list. */
function excerpt(body: string, length = 48): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function CampaignAnalytics({
  campaignId,
  campaigns,
  more,
  onPick,
}: {
  campaignId: string;
  campaigns: readonly { id: string; name: string }[];
  more: boolean;
  onPick(id: string): void;
}) {
  const can = useCan();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const range = dayRange(from, to);
  const campaign = useQuery(AnalyticsCampaignQuery, { id: campaignId });
  const analytics = useQuery(CampaignAnalyticsQuery, { id: campaignId, ...range });
  const experiments = useQuery(ExperimentsQuery, { campaignId });
  const contents = campaign.data?.campaign?.contents ?? [];
  const labels = useMemo(() => variantLabels(contents), [contents]);
  const labelOf = (id: string) => labels.get(id) ?? `Variant ${id.slice(0, 8)}`;
  const options = campaigns.some((c) => c.id === campaignId)
    ? campaigns
    : [{ id: campaignId, name: campaign.data?.campaign?.name ?? 'This campaign' }, ...campaigns];
  const variants = contents.flatMap((content) =>
    content.variants.map((v) => ({ id: v.id, label: `${labelOf(v.id)} — ${excerpt(v.body)}` })),
  );
  const refresh = () => {
    analytics.refetch();
    experiments.refetch();
  };

  return (
    <>
      <section className="card analytics-filters" aria-label="What to show">
        <div className="row">
          <SelectField
            label="Campaign"
            name="campaign"
            value={campaignId}
            onChange={onPick}
            options={options.map((c) => ({ value: c.id, label: c.name }))}
            hint={more ? 'The 100 newest campaigns; open an older one from its page.' : undefined}
          />
          <TextField
            label="From (UTC day)"
            name="from"
            type="date"
            value={from}
            onChange={setFrom}
            max={to || undefined}
          />
          <TextField
            label="To (UTC day, included)"
            name="to"
            type="date"
            value={to}
            onChange={setTo}
            min={from || undefined}
          />
          {from || to ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setFrom('');
                setTo('');
              }}
            >
              All days
            </button>
          ) : null}
        </div>
      </section>
      <QueryView state={campaign} loadingLabel="Loading the campaign…">
        {(data) =>
          data.campaign ? (
            <>
              <QueryView state={analytics} loadingLabel="Loading engagement…">
                {(result) => <AnalyticsOverview data={result.campaignAnalytics} labelOf={labelOf} />}
              </QueryView>
              {can.edit ? (
                <section className="card" aria-labelledby="ingest-title">
                  <h2 id="ingest-title">Record engagement</h2>
                  {variants.length === 0 ? (
                    <p className="muted">This campaign has no variants yet: generate its content first.</p>
                  ) : (
                    <div className="ingest">
                      <RecordEngagementForm key={campaignId} variants={variants} onRecorded={refresh} />
                      <ImportCsvForm onImported={refresh} exampleVariantId={variants[0]?.id} />
                    </div>
                  )}
                </section>
              ) : null}
              <section className="card" aria-labelledby="experiments-title">
                <h2 id="experiments-title">Experiments</h2>
                <QueryView state={experiments} loadingLabel="Loading experiments…">
                  {(result) => (
                    <ExperimentList
                      experiments={result.experiments}
                      labelOf={labelOf}
                      canEdit={can.edit}
                      onChanged={experiments.refetch}
                    />
                  )}
                </QueryView>
                {can.edit ? (
                  <CreateExperimentForm
                    key={campaignId}
                    campaignId={campaignId}
                    contents={contents}
                    labelOf={labelOf}
                    onCreated={experiments.refetch}
                  />
                ) : null}
              </section>
            </>
          ) : (
            <Empty title="Campaign not found">It may have been deleted, or it belongs to another workspace.</Empty>
          )
        }
      </QueryView>
    </>
  );
}
