/** Small text helpers for the offline writer. Lengths are in graphemes so emoji and accents are never split. */

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of a text (an emoji with modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (part) => part.segment);
}

/** Whitespace collapsed to single spaces and trimmed: briefs may carry line breaks that would break layouts. */
export function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/gu, ' ').trim();
}

/** Without trailing sentence punctuation, so the writer can add the tone's own. */
export function stripEnd(text: string): string {
  return text.replace(/[\s.!?…;:,。！？、]+$/u, '');
}

const CJK_END = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]$/u;

/**
 * Ends the text with `end` unless it already ends a sentence. Text ending in Chinese or Japanese gets the
 * full-width mark, as a native writer would put it.
 */
export function sentence(text: string, end = '.'): string {
  const trimmed = text.trim().replace(/[\s;:,、]+$/u, '');
  if (trimmed.length === 0) return '';
  if (/[.!?…。！？]$/u.test(trimmed)) return trimmed;
  if (CJK_END.test(trimmed)) return `${trimmed}${end === '!' ? '！' : end === '?' ? '？' : '。'}`;
  return `${trimmed}${end}`;
}

/** Capitalises the first letter (headings, bullets). */
export function upperFirst(text: string): string {
  const [first = '', ...rest] = graphemes(text);
  return first.toLocaleUpperCase() + rest.join('');
}

/**
 * Lower-cases an initial capital only when the first word looks like an ordinary word ("Urban commuters"),
 * so acronyms and brand names ("AI teams", "iPhone users") keep their spelling mid-sentence.
 */
export function lowerFirst(text: string): string {
  const firstWord = text.split(/\s/u, 1)[0] ?? '';
  return /^\p{Lu}\p{Ll}*$/u.test(firstWord) ? text.charAt(0).toLocaleLowerCase() + text.slice(1) : text;
}

/**
 * At most `max` graphemes, cut at a word boundary when one is near (CJK has none, so it is cut hard), without
 * dangling separators. Used for names and titles, where an ellipsis would look like a typo.
 */
export function clipChars(text: string, max: number): string {
  const parts = graphemes(text);
  if (parts.length <= max) return text;
  const head = parts.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  const cut = space > head.length / 2 ? head.slice(0, space) : head;
  return cut.replace(/[\s,;:–—\-/&(]+$/u, '');
}

/** At most `max` words, with an ellipsis when cut: long features still read as a list item. */
export function clipWords(text: string, max: number): string {
  const words = text.split(' ');
  if (words.length <= max) return text;
  return `${stripEnd(words.slice(0, max).join(' '))}…`;
}

/** The sentences of a text: . ! ? … end one only before a space (so URLs stay whole); 。！？ always do. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|(?<=[。！？])\s*/u)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The first `count` sentences. */
export function firstSentences(text: string, count: number): string {
  return sentencesOf(text).slice(0, count).join(' ');
}

/** Replaces `{name}` placeholders; an unknown name stays visible so a template bug shows in tests. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  // A clipped value ends in "…"; a template's own full stop after it would read as a typo.
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) => vars[name] ?? whole).replace(/…\./gu, '…');
}

/** Non-empty blocks joined as paragraphs. */
export function paragraphs(blocks: readonly string[]): string {
  return blocks.filter((block) => block.trim().length > 0).join('\n\n');
}

/** At most `max` graphemes including an ellipsis when cut: for features and descriptions quoted in short copy. */
export function abridge(text: string, max: number): string {
  if (graphemes(text).length <= max) return text;
  return `${stripEnd(clipChars(text, max - 1))}…`;
}
