import { DateTime } from 'luxon';
import type { Platform } from '../../entities';

/**
 * When to post, before a workspace has engagement data of its own: windows of the week, in the audience's local time,
 * summarised from published research. They are coarse on purpose — each study measured different accounts over a
 * different year — and every suggestion says that it comes from a benchmark and which one. Once engagement is recorded
 * (the analytics issue), the workspace's own best hours replace them.
 *
 * Sources (each the report's headline windows, local time of the audience):
 * - LinkedIn, X, Facebook, Instagram: Sprout Social, "The best times to post on social media in 2024" (Sprout Social
 *   Insights, 2024; ~2 billion engagements across ~400,000 profiles): mid-week late mornings lead on every network.
 * - Blog: HubSpot, "The best time to publish a blog post" (HubSpot Marketing Blog research): weekday mornings, when
 *   readers start their day and search traffic ramps up.
 * - Email: Mailchimp, "Insights from Mailchimp's send time optimization system" (Mailchimp resources): mid-week
 *   around 10:00 in the recipient's time zone.
 */
export interface BenchmarkWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Local hours [from, to) the window covers. */
  hours: [number, number];
  /** 0–1: how strong the window is relative to the platform's best. */
  score: number;
}

export interface PlatformBenchmark {
  source: string;
  windows: BenchmarkWindow[];
}

const SPROUT = 'Sprout Social, "The best times to post on social media in 2024"';
const TUE_THU = [2, 3, 4];
const WEEKDAYS = [1, 2, 3, 4, 5];

export const POSTING_BENCHMARKS: Record<Platform, PlatformBenchmark> = {
  LINKEDIN: {
    source: SPROUT,
    windows: [
      { weekdays: TUE_THU, hours: [10, 12], score: 1 },
      { weekdays: WEEKDAYS, hours: [9, 13], score: 0.7 },
    ],
  },
  TWITTER: {
    source: SPROUT,
    windows: [
      { weekdays: TUE_THU, hours: [10, 13], score: 1 },
      { weekdays: WEEKDAYS, hours: [9, 15], score: 0.7 },
    ],
  },
  FACEBOOK: {
    source: SPROUT,
    windows: [
      { weekdays: TUE_THU, hours: [9, 12], score: 1 },
      { weekdays: WEEKDAYS, hours: [9, 15], score: 0.7 },
    ],
  },
  INSTAGRAM: {
    source: SPROUT,
    windows: [
      { weekdays: TUE_THU, hours: [10, 15], score: 1 },
      { weekdays: WEEKDAYS, hours: [9, 16], score: 0.7 },
    ],
  },
  BLOG: {
    source: 'HubSpot, "The best time to publish a blog post"',
    windows: [
      { weekdays: WEEKDAYS, hours: [9, 11], score: 1 },
      { weekdays: WEEKDAYS, hours: [11, 14], score: 0.6 },
    ],
  },
  EMAIL: {
    source: 'Mailchimp, "Insights from Mailchimp\'s send time optimization system"',
    windows: [
      { weekdays: TUE_THU, hours: [10, 11], score: 1 },
      { weekdays: WEEKDAYS, hours: [9, 12], score: 0.7 },
    ],
  },
};

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface PostingSlot {
  at: Date;
  localTime: string;
  score: number;
  reason: string;
  source: string;
  /** How many of the workspace's published posts the figure rests on; null for a benchmark. */
  posts: number | null;
}

/** One hour of the day (audience's time zone) of the workspace's own published posts, and how they did. */
export interface OwnHour {
  hour: number;
  /** Interactions per impression of the posts first published in that hour. */
  rate: number;
  posts: number;
}

/** The best benchmark window an instant falls in, if any. */
function windowAt(benchmark: PlatformBenchmark, local: DateTime): BenchmarkWindow | undefined {
  let best: BenchmarkWindow | undefined;
  for (const window of benchmark.windows) {
    if (!window.weekdays.includes(local.weekday)) continue;
    if (local.hour < window.hours[0] || local.hour >= window.hours[1]) continue;
    if (!best || window.score > best.score) best = window;
  }
  return best;
}

export interface SlotSearch {
  platform: Platform;
  timeZone: string;
  /** Suggestions start after this instant. */
  after: Date;
  count: number;
  /** Is this instant free (no other post of the platform too close)? */
  isFree: (at: Date) => boolean;
  /** Only slots at least this good (the top windows by default: 1). */
  minScore?: number;
  /** How far ahead to look, in days (default 28). */
  horizonDays?: number;
}

/**
 * The next free slots on the hour inside the platform's benchmark windows, earliest first: the top windows first
 * (score 1), then, if they are all taken within the horizon, the wider ones.
 */
export function benchmarkSlots(search: SlotSearch): PostingSlot[] {
  const benchmark = POSTING_BENCHMARKS[search.platform];
  const horizon = search.horizonDays ?? 28;
  const start = DateTime.fromJSDate(search.after, { zone: search.timeZone }).plus({ hours: 1 }).startOf('hour');
  const end = start.plus({ days: horizon });
  const found: PostingSlot[] = [];
  const thresholds = [...new Set([search.minScore ?? 1, ...benchmark.windows.map((w) => w.score)])]
    .filter((score) => score <= (search.minScore ?? 1))
    .sort((a, b) => b - a);
  for (const threshold of thresholds) {
    for (let local = start; local < end && found.length < search.count; local = local.plus({ hours: 1 })) {
      const window = windowAt(benchmark, local);
      if (!window || window.score < threshold) continue;
      const at = local.toUTC().toJSDate();
      if (found.some((slot) => slot.at.getTime() === at.getTime()) || !search.isFree(at)) continue;
      found.push({
        at,
        localTime: local.toFormat('HH:mm'),
        score: window.score,
        reason: `${DAY_NAMES[local.weekday]} ${String(window.hours[0]).padStart(2, '0')}:00–${String(window.hours[1]).padStart(2, '0')}:00 is ${window.score === 1 ? 'a top' : 'a good'} window for ${search.platform} in the audience's time zone`,
        source: `benchmark: ${benchmark.source}`,
        posts: null,
      });
    }
    if (found.length >= search.count) break;
  }
  return found.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The next free slots on the hour at the workspace's own best hours (README "Analytics"): the best hour first, then
 * the next best, until `count` are found within the horizon; earliest first. Each says its rate and how many posts
 * it rests on.
 */
export function ownSlots(search: SlotSearch & { hours: readonly OwnHour[] }): PostingSlot[] {
  const ranked = [...search.hours].sort((a, b) => b.rate - a.rate || b.posts - a.posts);
  const best = ranked[0]?.rate ?? 0;
  const horizon = search.horizonDays ?? 28;
  const start = DateTime.fromJSDate(search.after, { zone: search.timeZone }).plus({ hours: 1 }).startOf('hour');
  const end = start.plus({ days: horizon });
  const found: PostingSlot[] = [];
  for (let k = 1; k <= ranked.length && found.length < search.count; k++) {
    const allowed = new Map(ranked.slice(0, k).map((hour) => [hour.hour, hour]));
    for (let local = start; local < end && found.length < search.count; local = local.plus({ hours: 1 })) {
      const own = allowed.get(local.hour);
      if (!own) continue;
      const at = local.toUTC().toJSDate();
      if (found.some((slot) => slot.at.getTime() === at.getTime()) || !search.isFree(at)) continue;
      const hour = `${String(own.hour).padStart(2, '0')}:00`;
      found.push({
        at,
        localTime: local.toFormat('HH:mm'),
        score: best > 0 ? own.rate / best : 1,
        reason: `${hour} is one of the workspace's best hours on ${search.platform}: ${(own.rate * 100).toFixed(2)} % engagement rate over ${own.posts} published post${own.posts === 1 ? '' : 's'}`,
        source: `workspace: ${own.posts} published post${own.posts === 1 ? '' : 's'} at ${hour} with engagement`,
        posts: own.posts,
      });
    }
  }
  return found.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The post of `others` (same platform) closer than `gapMinutes` to `at`, if any: the conflict to name. */
export function conflictingPost<T extends { id: string; scheduledAt: Date }>(
  others: readonly T[],
  at: Date,
  gapMinutes: number,
): T | undefined {
  const gap = gapMinutes * 60_000;
  return others.find((other) => Math.abs(other.scheduledAt.getTime() - at.getTime()) < gap);
}
