import { diffWords } from 'diff';
import { DateTime } from 'luxon';

/** A run of a word diff: text both versions share, or text only the newer (`added`) or older (`removed`) has. */
export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface VersionText {
  title?: string | null;
  body: string;
  hashtags: readonly string[];
}

/** A version's text as one string for comparing: the title, the body, then the hashtags, a blank line apart. */
export function versionText(version: VersionText): string {
  return [version.title ?? '', version.body, version.hashtags.join(' ')].filter((part) => part !== '').join('\n\n');
}

/** Word-by-word changes from `before` to `after` (jsdiff `diffWords`); put together, the same+added runs are `after`. */
export function diffSegments(before: string, after: string): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const change of diffWords(before, after)) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else if (change.value !== '') segments.push({ kind, text: change.value });
  }
  return segments;
}

/** How many words were added and removed, for a line above the diff. */
export function diffStats(segments: readonly DiffSegment[]): { added: number; removed: number } {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const segment of segments) {
    if (segment.kind === 'added') added += words(segment.text);
    if (segment.kind === 'removed') removed += words(segment.text);
  }
  return { added, removed };
}

/**
 * The version to compare `chosen` with: the one before it ("previous") or the current one ("current"). Null when
 * there is nothing to compare with (version 1 against its previous, the current against itself).
 */
export function comparisonBase<V extends { id: string; number: number }>(
  versions: readonly V[],
  chosenId: string,
  against: 'previous' | 'current',
  currentId: string,
): { older: V; newer: V } | null {
  const chosen = versions.find((v) => v.id === chosenId);
  if (!chosen) return null;
  if (against === 'current') {
    const current = versions.find((v) => v.id === currentId);
    if (!current || current.id === chosen.id) return null;
    return current.number > chosen.number ? { older: chosen, newer: current } : { older: current, newer: chosen };
  }
  const previous = [...versions].filter((v) => v.number < chosen.number).sort((a, b) => b.number - a.number)[0];
  return previous ? { older: previous, newer: chosen } : null;
}

/** Hashtags as a person types them ("#a, b #c") → ["#a", "#b", "#c"]. */
export function parseHashtags(input: string): string[] {
  return input
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter(Boolean)
    .map((tag) => (tag.startsWith('#') ? tag : `#${tag}`));
}

/** A `datetime-local` value (wall clock) in an IANA zone as an ISO instant; null when it is not a time. */
export function wallClockToIso(local: string, zone: string): string | null {
  if (!local) return null;
  const at = DateTime.fromISO(local, { zone });
  return at.isValid ? at.toUTC().toISO() : null;
}

/** The zones to offer: the browser's list, with the browser's own zone (and UTC) surely in it. */
export function timeZoneChoices(supported: readonly string[], own: string): string[] {
  const zones = new Set(supported);
  zones.add(own);
  zones.add('UTC');
  return [...zones].sort((a, b) => a.localeCompare(b));
}
