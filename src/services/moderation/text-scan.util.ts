import type { Finding, Severity } from './moderation.types';

/** Builds a finding; keeps rule modules to one line per finding. */
export function finding(
  rule: string,
  severity: Severity,
  span: { start: number; end: number } | null,
  message: string,
  suggestion: string | null,
): Finding {
  return { rule, severity, start: span?.start ?? null, end: span?.end ?? null, message, suggestion };
}

const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\t\n\r -~]/g;
/** Folded forms of the non-ASCII code units seen so far; marketing text reuses a small set of accented letters. */
const foldedUnits = new Map<string, string>();

function foldUnit(unit: string): string {
  let folded = foldedUnits.get(unit);
  if (folded === undefined) {
    const stripped = unit.normalize('NFD').replace(MARKS, '');
    // Lone surrogates and letters that fold to two units ("ǅ") stay as they are, to keep offsets.
    folded = stripped.length === 1 ? stripped : unit;
    if (foldedUnits.size < 4096) foldedUnits.set(unit, folded);
  }
  return folded;
}

/**
 * Lower-cases and strips diacritics, keeping the text's length so offsets found in the folded text are offsets
 * into the original. A letter whose lower case has another length ("İ" → "i̇") keeps its original form.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return foldSlowly(text);
  return lower.replace(NON_ASCII, foldUnit);
}

function foldSlowly(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    out += lower.length === char.length ? lower.replace(NON_ASCII, foldUnit) : char;
  }
  return out;
}

/** Folds a search term the same way; its length may change, which is fine because only the text needs offsets. */
export function foldTerm(term: string): string {
  return term.toLowerCase().normalize('NFD').replace(MARKS, '').trim();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD_EDGE_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}_])';
const WORD_EDGE_AFTER = '(?![\\p{L}\\p{N}\\p{M}_])';

function termBody(term: string): string {
  return foldTerm(term).split(/\s+/u).map(escapeRegExp).join('\\s+');
}

/**
 * A regex for a term as a whole word: letters, digits and marks of any script count as word characters, so
 * "ass" never hits "class" and "café" is bounded correctly (JS `\b` only knows ASCII). Whitespace inside a
 * term matches any run of whitespace. Match it against folded text.
 */
export function wholeWordPattern(term: string): RegExp {
  return new RegExp(`${WORD_EDGE_BEFORE}${termBody(term)}${WORD_EDGE_AFTER}`, 'gu');
}

/**
 * One regex for a whole phrase list, so a text is scanned once rather than once per phrase. Longer phrases are
 * tried first, so overlapping phrases report the longer one. `phraseKey(match)` gives back the listed phrase.
 */
export function phraseListPattern(phrases: readonly string[]): RegExp {
  const bodies = phrases.map(termBody).sort((a, b) => b.length - a.length);
  // Every match starts with one of the phrases' first characters: a lookahead on them lets the engine skip most
  // positions before it evaluates the Unicode lookbehind (about twice as fast on a long text; same matches).
  const firsts = new Set(phrases.map((phrase) => String.fromCodePoint(foldTerm(phrase).codePointAt(0) ?? 32)));
  const lead = `(?=[${[...firsts].map((char) => char.replace(/[\\\][^-]/g, '\\$&')).join('')}])`;
  return new RegExp(`${lead}${WORD_EDGE_BEFORE}(?:${bodies.join('|')})${WORD_EDGE_AFTER}`, 'gu');
}

/** The folded phrase a `phraseListPattern` match stands for (whitespace runs read as one space). */
export function phraseKey(match: string): string {
  return match.replace(/\s+/gu, ' ');
}

/** Every span of `pattern` in `text` (the pattern must be global). */
export function spans(pattern: RegExp, text: string): { start: number; end: number; match: RegExpExecArray }[] {
  const found: { start: number; end: number; match: RegExpExecArray }[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    found.push({ start: match.index, end: match.index + match[0].length, match });
  }
  return found;
}

/**
 * One emoji as a reader sees it: a pictograph shown as emoji by default or forced by VS16, with an optional skin
 * tone and ZWJ joins, or a flag (two regional indicators). "©", "®" and "™" are text-style pictographs and are
 * left out so "Acme™" is not an emoji.
 */
const EMOJI_UNIT = '(?:\\p{Emoji_Presentation}|\\p{Extended_Pictographic}\\uFE0F)\\p{Emoji_Modifier}?';
export const EMOJI_PATTERN = new RegExp(
  `${EMOJI_UNIT}(?:\\u200D${EMOJI_UNIT}|\\u200D\\p{Extended_Pictographic})*|\\p{Regional_Indicator}{2}`,
  'gu',
);

/** Every emoji of the text with its span. */
export function findEmoji(text: string): { start: number; end: number }[] {
  return spans(EMOJI_PATTERN, text).map(({ start, end }) => ({ start, end }));
}

/** A word: letters, digits, marks, and inner apostrophes or hyphens. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;

export interface Word {
  text: string;
  start: number;
  end: number;
}

export function words(text: string): Word[] {
  const found: Word[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** Quotes a span of the text for a message, shortened when long. */
export function quote(text: string, start: number, end: number): string {
  const span = text.slice(start, end);
  return span.length > 60 ? `"${span.slice(0, 57)}…"` : `"${span}"`;
}
