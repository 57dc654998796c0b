import { formatNumber, platformLabel } from '../../components/labels';

/** A rate (0–1) as a percentage in words: 0.0412 → "4.1 %". */
export function percent(rate: number, digits = 1): string {
  return `${formatNumber(rate * 100, digits)} %`;
}

/** What an experiment's metric is called in a sentence. */
export function metricName(metric: string): string {
  switch (metric) {
    case 'CLICK_RATE':
      return 'CTR';
    case 'CONVERSION_RATE':
      return 'conversion rate';
    case 'ENGAGEMENT_RATE':
      return 'engagement rate';
    default:
      return metric.toLowerCase().replace(/_/g, ' ');
  }
}

export const METRICS = [
  { value: 'CLICK_RATE', label: 'Click rate (clicks per impression)' },
  { value: 'CONVERSION_RATE', label: 'Conversion rate (conversions per impression)' },
  { value: 'ENGAGEMENT_RATE', label: 'Engagement rate (interactions per impression)' },
] as const;

/** The variants of a campaign as people name them: "LinkedIn A", "LinkedIn B", "X A"… in the campaign's order. */
export function variantLabels(
  contents: readonly { platform: string; variants: readonly { id: string }[] }[],
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const content of contents) {
    content.variants.forEach((variant, index) => {
      labels.set(variant.id, `${platformLabel(content.platform)} ${letter(index)}`);
    });
  }
  return labels;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function letter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

export interface ArmLike {
  variant: { id: string };
  isControl: boolean;
  impressions: number;
  successes: number;
  rate: number;
  ciLow: number;
  ciHigh: number;
}

export interface ExperimentLike {
  status: string;
  metric: string;
  alpha: number;
  requiredImpressionsPerArm: number;
  decidedAt?: string | null;
  arms: readonly ArmLike[];
  winner?: { variant: { id: string } } | null;
}

/** A day in words, e.g. "12 Mar 2027" (UTC unless told otherwise). */
export function formatDay(iso: string, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(
    new Date(iso),
  );
}

/** How many impressions the smallest arm has, and how far that is toward the horizon (0–1). */
export function experimentProgress(experiment: Pick<ExperimentLike, 'arms' | 'requiredImpressionsPerArm'>): {
  least: number;
  required: number;
  ratio: number;
} {
  const least = experiment.arms.length > 0 ? Math.min(...experiment.arms.map((arm) => arm.impressions)) : 0;
  const required = experiment.requiredImpressionsPerArm;
  return { least, required, ratio: required > 0 ? Math.min(1, least / required) : 1 };
}

/**
 * The experiment's decision in one sentence:
 * "Variant B wins: CTR 4.1 % vs 3.2 %, 95 % sure; decided on 12 Mar 2027." /
 * "Collecting: 1,240 of 3,100 impressions per arm (40 %)." / "No winner: stopped on 12 Mar 2027."
 */
export function decisionInWords(
  experiment: ExperimentLike,
  label: (variantId: string) => string,
  formatDate: (iso: string) => string = formatDay,
): string {
  const metric = metricName(experiment.metric);
  const sure = `${formatNumber((1 - experiment.alpha) * 100, experiment.alpha * 100 < 1 ? 1 : 0)} % sure`;
  const on = experiment.decidedAt ? `; decided on ${formatDate(experiment.decidedAt)}` : '';
  switch (experiment.status) {
    case 'COLLECTING': {
      const { least, required, ratio } = experiment.arms.length
        ? experimentProgress(experiment)
        : { least: 0, required: experiment.requiredImpressionsPerArm, ratio: 0 };
      return `Collecting: ${formatNumber(least)} of ${formatNumber(required)} impressions per arm (${formatNumber(ratio * 100)} %).`;
    }
    case 'DECIDED': {
      const winner = experiment.arms.find((arm) => arm.variant.id === experiment.winner?.variant.id);
      if (!winner) return `Decided${on}.`;
      const control = experiment.arms.find((arm) => arm.isControl);
      // The winner against the control, or (when the control wins) against the best of the others.
      const others = experiment.arms.filter((arm) => arm !== winner);
      const rival =
        control && control !== winner
          ? control
          : others.reduce<ArmLike | undefined>((best, arm) => (!best || arm.rate > best.rate ? arm : best), undefined);
      const versus = rival
        ? ` vs ${percent(rival.rate)}${others.length > 1 ? ` (${label(rival.variant.id)})` : ''}`
        : '';
      return `${label(winner.variant.id)} wins: ${metric} ${percent(winner.rate)}${versus}, ${sure}${on}.`;
    }
    case 'INCONCLUSIVE': {
      const rates = experiment.arms.map((arm) => percent(arm.rate)).join(' vs ');
      return `No winner: ${metric} ${rates} could not be told apart from noise at ${sure.replace(' sure', '')}${on}.`;
    }
    case 'STOPPED':
      return `No winner: stopped${experiment.decidedAt ? ` on ${formatDate(experiment.decidedAt)}` : ''}.`;
    default:
      return `${experiment.status.charAt(0)}${experiment.status.slice(1).toLowerCase()}${on}.`;
  }
}

/** Where the arms' intervals are drawn: 0 to a round-ish top above the highest interval end. */
export function intervalScale(arms: readonly Pick<ArmLike, 'ciHigh' | 'rate'>[]): number {
  const top = Math.max(0, ...arms.map((arm) => Math.max(arm.ciHigh, arm.rate)));
  if (top <= 0) return 0.01;
  const step = 10 ** Math.floor(Math.log10(top));
  return Math.min(1, Math.ceil((top * 1.1) / step) * step);
}

/** A position on that scale as a CSS percentage (clamped to 0–100). */
export function scalePercent(value: number, max: number): number {
  if (max <= 0) return 0;
  return Math.max(0, Math.min(100, (value / max) * 100));
}

export interface EngagementRow {
  impressions: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  conversions: number;
  revenueUsd: number;
  engagementRate: number;
}

export const INTERACTIONS = [
  { key: 'clicks', label: 'Clicks' },
  { key: 'reactions', label: 'Reactions' },
  { key: 'comments', label: 'Comments' },
  { key: 'shares', label: 'Shares' },
] as const;

/** A stacked bar chart's data: one bar per row (platform or variant), one stack per kind of interaction. */
export function interactionChart<T extends EngagementRow>(
  rows: readonly T[],
  labelOf: (row: T) => string,
): { labels: string[]; datasets: { label: string; data: number[] }[] } {
  return {
    labels: rows.map(labelOf),
    datasets: INTERACTIONS.map((kind) => ({ label: kind.label, data: rows.map((row) => row[kind.key]) })),
  };
}

/** Clicks per impression, 0 without impressions. */
export function clickRate(row: { clicks: number; impressions: number }): number {
  return row.impressions > 0 ? row.clicks / row.impressions : 0;
}

/** ROI as words: 2.5 → "+250 %", null → "—" (generation cost nothing). */
export function formatRoi(roi: number | null | undefined): string {
  if (roi === null || roi === undefined) return '—';
  return `${roi > 0 ? '+' : ''}${formatNumber(roi * 100, 0)} %`;
}

/** An inclusive day range (YYYY-MM-DD, either may be empty) as the API's [from, to) instants in UTC. */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) range.from = `${from}T00:00:00.000Z`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    range.to = next.toISOString();
  }
  return range;
}

/** Today as YYYY-MM-DD in UTC (the API's days are UTC dates). */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The CSV header the import expects (EngagementInput's field names). */
export const CSV_HEADER = 'variantId,date,impressions,clicks,reactions,comments,shares,conversions,revenueUsd';

/** A form's number field: empty → the default, else a number (NaN when it is not one). */
export function numberField(value: string, fallback = 0): number {
  const trimmed = value.trim();
  if (trimmed === '') return fallback;
  return Number(trimmed);
}
