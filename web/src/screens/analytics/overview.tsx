import { ChartFigure } from '../../components/chart';
import { formatNumber, formatUsd, platformLabel } from '../../components/labels';
import { Empty } from '../../components/states';
import type { ResultOf } from '../../graphql';
import { clickRate, formatRoi, INTERACTIONS, interactionChart, percent } from './logic';
import type { CampaignAnalyticsQuery } from './queries';

type Analytics = ResultOf<typeof CampaignAnalyticsQuery>['campaignAnalytics'];

const COLUMNS = [
  { label: 'Impressions', numeric: true },
  ...INTERACTIONS.map((kind) => ({ label: kind.label, numeric: true })),
  { label: 'CTR', numeric: true },
  { label: 'Engagement rate', numeric: true },
  { label: 'Conversions', numeric: true },
  { label: 'Revenue', numeric: true },
];

type Row = Analytics['byPlatform'][number];

function figures(row: Row) {
  return [
    formatNumber(row.impressions),
    ...INTERACTIONS.map((kind) => formatNumber(row[kind.key])),
    percent(clickRate(row)),
    percent(row.engagementRate),
    formatNumber(row.conversions),
    formatUsd(row.revenueUsd),
  ];
}

const STACKED = {
  scales: {
    x: { stacked: true },
    y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Interactions' } },
  },
  plugins: { legend: { position: 'bottom' as const } },
};

/** Headline figures, then engagement by platform and by variant as stacked bar charts with their data tables. */
export function AnalyticsOverview({ data, labelOf }: { data: Analytics; labelOf: (variantId: string) => string }) {
  const headline = [
    { label: 'Impressions', value: formatNumber(data.impressions) },
    { label: 'Clicks', value: formatNumber(data.clicks) },
    { label: 'CTR', value: percent(clickRate(data)) },
    { label: 'Engagement rate', value: percent(data.engagementRate) },
    { label: 'Conversions', value: formatNumber(data.conversions) },
    { label: 'Revenue', value: formatUsd(data.revenueUsd) },
    { label: 'Generation cost', value: formatUsd(data.generationCostUsd) },
    { label: 'ROI', value: formatRoi(data.roi), hint: data.roi === null ? 'Generation cost nothing' : undefined },
  ];
  const platforms = data.byPlatform.filter((row) => row.impressions > 0);
  const variants = data.byVariant.filter((row) => row.impressions > 0);
  const noData = <Empty title="No engagement recorded yet">Record a day below or import a CSV file.</Empty>;
  return (
    <>
      <section className="card" aria-labelledby="headline-title">
        <h2 id="headline-title">Headline figures</h2>
        <dl className="stats">
          {headline.map((item) => (
            <div key={item.label} className="stat">
              <dt>{item.label}</dt>
              <dd>
                {item.value}
                {item.hint ? <span className="muted stat-hint">{item.hint}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="engagement-title">
        <h2 id="engagement-title">Engagement</h2>
        <div className="chart-grid">
          <ChartFigure
            title="Engagement by platform"
            description="Clicks, reactions, comments and shares per platform."
            type="bar"
            data={interactionChart(platforms, (row) => platformLabel(row.platform))}
            options={STACKED}
            columns={[{ label: 'Platform' }, ...COLUMNS]}
            rows={platforms.map((row) => [platformLabel(row.platform), ...figures(row)])}
            empty={noData}
          />
          <ChartFigure
            title="Engagement by variant"
            description="The same per variant, most impressions first."
            type="bar"
            data={interactionChart(variants, (row) => labelOf(row.variant.id))}
            options={STACKED}
            columns={[{ label: 'Variant' }, ...COLUMNS]}
            rows={variants.map((row) => [labelOf(row.variant.id), ...figures(row)])}
            empty={noData}
          />
        </div>
      </section>
    </>
  );
}
