/** A finding as the highlighter needs it: where it is (UTF-16 offsets, end exclusive) and what it says. */
export interface Located {
  start?: number | null;
  end?: number | null;
}

/** A run of the text and the findings (by index) that cover all of it; `findings` is empty for plain text. */
export interface Segment {
  text: string;
  start: number;
  end: number;
  findings: number[];
}

/**
 * Cuts `text` into runs so that every finding with offsets covers whole runs: overlapping findings make a run that
 * both cover. Offsets outside the text are clipped; findings without offsets (about the text as a whole) or empty
 * after clipping cover nothing. An offset that falls inside a surrogate pair (an emoji) is widened to the whole
 * character, so no run holds half of one. The runs put back together are the text.
 */
export function segmentText(text: string, findings: readonly Located[]): Segment[] {
  const ranges: { start: number; end: number; index: number }[] = [];
  findings.forEach((finding, index) => {
    if (finding.start == null || finding.end == null) return;
    const start = snap(text, Math.max(0, Math.min(text.length, finding.start)), -1);
    const end = snap(text, Math.max(start, Math.min(text.length, finding.end)), 1);
    if (end > start) ranges.push({ start, end, index });
  });
  const cuts = new Set<number>([0, text.length]);
  for (const range of ranges) {
    cuts.add(range.start);
    cuts.add(range.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    if (end <= start) continue;
    const covering = ranges.filter((r) => r.start <= start && r.end >= end).map((r) => r.index);
    const previous = segments[segments.length - 1];
    if (previous && previous.findings.length === 0 && covering.length === 0) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
      continue;
    }
    segments.push({ text: text.slice(start, end), start, end, findings: covering });
  }
  if (segments.length === 0) segments.push({ text, start: 0, end: text.length, findings: [] });
  return segments;
}

/** `at`, moved back (-1) or on (+1) when it falls between the two halves of a surrogate pair. */
function snap(text: string, at: number, direction: -1 | 1): number {
  if (at <= 0 || at >= text.length) return at;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  const splitsPair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return splitsPair ? at + direction : at;
}
