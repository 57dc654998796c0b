import type { BriefData, Platform } from '../../../../entities';

/** A deterministic stream of choices: the offline writer never uses Math.random, so tests and retries agree. */
export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a over UTF-16 code units: tiny, stable across runs and machines, good enough to spread choices. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The brief's fields in a fixed order. Not JSON.stringify: jsonb hands keys back in its own order, and the same
 * brief must give the same copy whether it was just validated or read back from the database.
 */
export function briefKey(brief: BriefData): string {
  return [
    brief.productName,
    brief.description ?? '',
    brief.features.join('\u0001'),
    brief.audience ?? '',
    brief.tone,
    brief.keywords.join('\u0001'),
    brief.callToAction ?? '',
    brief.url ?? '',
    brief.language,
  ].join('\u0000');
}

/** The seed for one (brief, platform, variant) so each variant has its own, repeatable choices. */
export function seedFor(brief: BriefData, platform: Platform | 'outline', index: number): number {
  return hashString(`${briefKey(brief)}\u0000${platform}\u0000${index}`);
}

/** mulberry32: a small seeded generator with a full 32-bit period. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * Math.max(1, n));
  return { int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

/** `items` rotated left by `by`: variants start their lists at different places without losing any item. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const start = ((by % items.length) + items.length) % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
