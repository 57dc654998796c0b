/**
 * Flesch reading ease and Flesch–Kincaid grade for English text.
 *
 * Why no library: the maintained syllable counters (`syllable` 5, and `text-readability` built on it) are ESM-only.
 * This project compiles to CommonJS with `module: Node16`, where TypeScript refuses to import an ES module
 * (TS1479), and Node only loads one with require() from 20.19 while package.json promises Node >= 20. The last
 * CommonJS `syllable` (4.1.0) has been frozen since 2020. The formulas are two lines; the syllable count below is
 * the classic vowel-group heuristic with the usual English corrections, which is within one syllable for almost
 * every common word — well inside the noise of the formulas themselves.
 */

/** URLs, hashtags, mentions and emoji are not prose: they would skew syllables per word. */
const NOT_PROSE = /https?:\/\/\S+|www\.\S+|[#@][\p{L}\p{N}_]+|\p{Extended_Pictographic}/gu;
/**
 * One pass over the prose: a sentence end (. ! ? … before a space or the end, or a line break: feeds read lines as
 * thoughts) in group 1, or an English word.
 */
const TOKEN = /([.!?…]+(?=\s|$)|\n+)|[a-zA-Z][a-zA-Z'’-]*/g;

/** Syllables in one English word, by vowel groups with corrections for silent endings. At least 1. */
/** Copy repeats its words; syllable counts are remembered, up to a bound, so long texts cost one pass. */
const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_LIMIT = 20_000;

export function countSyllables(word: string): number {
  const cached = syllableCache.get(word);
  if (cached !== undefined) return cached;
  const count = syllablesOf(word);
  if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
  syllableCache.set(word, count);
  return count;
}

function syllablesOf(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  // Silent final "e", except a consonant + "le" ending ("table", "little"), which is sounded.
  if (/e$/.test(w) && !/[^aeiouy]le$/.test(w)) w = w.slice(0, -1);
  // "-es" is silent after most consonants ("makes") but sounded after sibilants ("boxes", "places").
  else if (/[^aeiouy]es$/.test(w) && !/(?:[sxzcg]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  // "-ed" is silent except after t or d ("launched" vs "wanted").
  if (/[^aeiouy]ed$/.test(w) && !/[td]ed$/.test(w)) w = w.slice(0, -2);
  // A leading "y" is a consonant ("year", "young").
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]+/g)?.length ?? 0;
  // "ia" is two syllables ("media", "trial") unless softened by c, t, s or g ("social", "initial", "Belgian").
  const hiatus = w.match(/(?<![ctsg])ia/g)?.length ?? 0;
  return Math.max(1, groups + hiatus);
}

/** The counts and scores of a text; null when it is too short or not English enough to measure. */
export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  /** Flesch reading ease: 0–100 for most text, higher is easier (60–70 is plain English). */
  readingEase: number;
  /** Flesch–Kincaid grade: the US school grade needed to follow the text. */
  grade: number;
}

/** Fewer words than this give a meaningless score (one short sentence scores anything). */
const MIN_WORDS = 5;

/**
 * Flesch reading ease and Flesch–Kincaid grade, rounded to one decimal. Null for text with fewer than 5 words or
 * where under 90 % of the letters are basic Latin: the formulas are calibrated for English only.
 */
export function readabilityOf(text: string): Readability | null {
  const prose = text.replace(NOT_PROSE, ' ');
  const { letters, latin } = countLetters(prose);
  if (letters === 0 || latin / letters < 0.9) return null;
  // Counted as the text is read, no arrays: a sentence counts when it holds a word.
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  let wordsInSentence = 0;
  TOKEN.lastIndex = 0;
  for (let token = TOKEN.exec(prose); token !== null; token = TOKEN.exec(prose)) {
    if (token[1] !== undefined) {
      if (wordsInSentence > 0) sentences += 1;
      wordsInSentence = 0;
    } else {
      words += 1;
      wordsInSentence += 1;
      syllables += countSyllables(token[0]);
    }
  }
  if (wordsInSentence > 0) sentences += 1;
  if (words < MIN_WORDS) return null;
  const wordsPerSentence = words / sentences;
  const syllablesPerWord = syllables / words;
  return {
    words,
    sentences,
    syllables,
    readingEase: round1(206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord),
    grade: round1(0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59),
  };
}

const LETTER = /\p{L}/u;

/** Letters, and Latin ones among them, in one pass (no array of every match). */
function countLetters(text: string): { letters: number; latin: number } {
  let letters = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      letters++;
      latin++;
    } else if (code > 127) {
      const point = text.codePointAt(i)!;
      if (point > 0xffff) i += 1;
      if (LETTER.test(String.fromCodePoint(point))) letters++;
    }
  }
  return { letters, latin };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
