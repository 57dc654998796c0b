import { describe, expect, it } from 'vitest';
import { segmentText } from '../src/components/highlight';
import { hideStyles } from '../src/components/safe-html';

const joined = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('segmentText: the text cut into runs for the finding highlights', () => {
  it('marks one finding exactly and leaves the rest plain', () => {
    const text = 'Write to jane@example.com today';
    const segments = segmentText(text, [{ start: 9, end: 25 }]);
    expect(segments).toEqual([
      { text: 'Write to ', start: 0, end: 9, findings: [] },
      { text: 'jane@example.com', start: 9, end: 25, findings: [0] },
      { text: ' today', start: 25, end: 31, findings: [] },
    ]);
    expect(joined(segments)).toBe(text);
  });

  it('splits overlapping findings into runs both cover', () => {
    const text = 'abcdefghij';
    const segments = segmentText(text, [
      { start: 2, end: 6 },
      { start: 4, end: 8 },
    ]);
    expect(segments.map((s) => [s.text, s.findings])).toEqual([
      ['ab', []],
      ['cd', [0]],
      ['ef', [0, 1]],
      ['gh', [1]],
      ['ij', []],
    ]);
    expect(joined(segments)).toBe(text);
  });

  it('a finding inside another, and two findings on the same span', () => {
    const segments = segmentText('0123456789', [
      { start: 1, end: 9 },
      { start: 3, end: 5 },
      { start: 3, end: 5 },
    ]);
    expect(segments.map((s) => [s.text, s.findings])).toEqual([
      ['0', []],
      ['12', [0]],
      ['34', [0, 1, 2]],
      ['5678', [0]],
      ['9', []],
    ]);
  });

  it('clips offsets outside the text and drops spans empty after clipping', () => {
    const segments = segmentText('hello', [
      { start: -5, end: 2 },
      { start: 3, end: 50 },
      { start: 10, end: 20 },
      { start: 4, end: 4 },
      { start: 4, end: 2 },
    ]);
    expect(segments.map((s) => [s.text, s.findings])).toEqual([
      ['he', [0]],
      ['l', []],
      ['lo', [1]],
    ]);
  });

  it('findings without offsets cover nothing (they are about the text as a whole)', () => {
    const segments = segmentText('All of it', [{ start: null, end: null }, {}, { start: 2, end: null }]);
    expect(segments).toEqual([{ text: 'All of it', start: 0, end: 9, findings: [] }]);
  });

  it('an empty text is one empty run', () => {
    expect(segmentText('', [{ start: 0, end: 3 }])).toEqual([{ text: '', start: 0, end: 0, findings: [] }]);
  });

  it('counts in UTF-16 units, as the API does: a span over an emoji keeps both halves of its surrogate pair', () => {
    const text = 'Go 🚀 now';
    // "🚀" is two UTF-16 units at 3..5.
    const segments = segmentText(text, [{ start: 3, end: 5 }]);
    expect(segments.map((s) => s.text)).toEqual(['Go ', '🚀', ' now']);
    expect(segments[1]?.findings).toEqual([0]);
    const after = segmentText('🚀🚀 SHOUT', [{ start: 5, end: 10 }]);
    expect(after.map((s) => s.text)).toEqual(['🚀🚀 ', 'SHOUT']);
  });

  it('widens an offset that falls inside a surrogate pair to the whole character', () => {
    const text = 'a🚀b🚀c';
    // 4 is between the halves of the second rocket (at 4..6), 2 between those of the first (1..3).
    const segments = segmentText(text, [{ start: 2, end: 5 }]);
    expect(segments.map((s) => [s.text, s.findings])).toEqual([
      ['a', []],
      ['🚀b🚀', [0]],
      ['c', []],
    ]);
    for (const segment of segments) expect(segment.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });
});

describe('hideStyles: preview markup without parser-visible style attributes (the CSP blocks those)', () => {
  it('renames style attributes inside tags only', () => {
    expect(hideStyles('<div class="a" style="color:red"><span\tSTYLE = "x">style="kept" as text</span></div>')).toBe(
      '<div class="a" data-cd-style="color:red"><span\tdata-cd-style = "x">style="kept" as text</span></div>',
    );
    expect(hideStyles('a &lt;b style="x"&gt; c')).toBe('a &lt;b style="x"&gt; c');
  });
});
