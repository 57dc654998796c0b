/**
 * Delays counted in 1 ms buckets up to two minutes (longer ones fall in the last bucket): a few hundred KB however
 * many (subscriber, event) pairs there are, merged across processes by adding the counts.
 */
export const HISTOGRAM_MAX_MS = 120_000;

export type Histogram = Uint32Array;

/** A histogram's non-empty buckets as [ms, count] pairs, small enough to send over IPC. */
export type SparseHistogram = [number, number][];

export function newHistogram(): Histogram {
  return new Uint32Array(HISTOGRAM_MAX_MS + 1);
}

export function record(histogram: Histogram, ms: number): void {
  const bucket = Math.min(HISTOGRAM_MAX_MS, Math.max(0, Math.round(ms)));
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;
}

export function toSparse(histogram: Histogram): SparseHistogram {
  const entries: SparseHistogram = [];
  histogram.forEach((count, ms) => {
    if (count > 0) entries.push([ms, count]);
  });
  return entries;
}

export function addSparse(histogram: Histogram, entries: SparseHistogram): void {
  for (const [ms, count] of entries) histogram[ms] = (histogram[ms] ?? 0) + count;
}

export function countOf(histogram: Histogram): number {
  return histogram.reduce((sum, count) => sum + count, 0);
}

/** The smallest delay that at least `p` (0..1) of the samples do not exceed; NaN when empty. */
export function percentile(histogram: Histogram, p: number): number {
  const total = countOf(histogram);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= rank) return ms;
  }
  return HISTOGRAM_MAX_MS;
}

/** Median of a list of numbers (the upper one of the middle two). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The smallest value that at least `p` (0..1) of the values do not exceed, like `percentile`; NaN when empty. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}
