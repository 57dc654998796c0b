import type { Finding, RuleContext } from './moderation.types';
import { ACRONYMS, SPAM_TRIGGERS } from './moderation-lists.data';
import { findEmoji, finding, phraseListPattern, quote, spans, type Word, words } from './text-scan.util';

const TRIGGERS = phraseListPattern(SPAM_TRIGGERS);
/** Three or more "!"/"?" in a row, or "$$$": one "!" is emphasis, three is a flood. */
const PUNCTUATION_FLOOD = /[!?¡¿]{3,}|\${3,}/gu;
/** A run of emoji, possibly spaced: four in a row reads as a flood. */
const EMOJI_RUN_MIN = 4;
/** Across the whole text: at least this many emoji and more than one per `EMOJI_DENSITY` characters. */
const EMOJI_TOTAL_MIN = 8;
const EMOJI_DENSITY = 60;
const SHOUT_RUN_MIN = 3;

function isShouted(word: Word): boolean {
  // Most words start with or contain a lower-case letter: answer those cheaply, before the Unicode regex below.
  const first = word.text.charCodeAt(0);
  if ((first >= 97 && first <= 122) || word.text !== word.text.toUpperCase()) return false;
  const letters = word.text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2 || ACRONYMS.has(word.text.toUpperCase())) return false;
  return letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function shouting(text: string, all: Word[]): Finding[] {
  const findings: Finding[] = [];
  let run: Word[] = [];
  const flush = () => {
    if (run.length >= SHOUT_RUN_MIN) {
      const span = { start: run[0]!.start, end: run[run.length - 1]!.end };
      findings.push(
        finding(
          'spam.shouting',
          'WARNING',
          span,
          `Shouting: ${quote(text, span.start, span.end)}`,
          'Use sentence case.',
        ),
      );
    }
    run = [];
  };
  for (const word of all) {
    if (isShouted(word)) run.push(word);
    // Single letters ("I", "A") neither shout nor break a shouted run.
    else if (word.text.length > 1) flush();
  }
  flush();
  return findings;
}

function triggers(context: RuleContext): Finding[] {
  return spans(TRIGGERS, context.folded).map((span) =>
    finding(
      'spam.trigger',
      'WARNING',
      span,
      `Spam-trigger phrase ${quote(context.text, span.start, span.end)}`,
      'Rephrase as a concrete, specific call to action.',
    ),
  );
}

function punctuation(text: string): Finding[] {
  return spans(PUNCTUATION_FLOOD, text).map((span) =>
    finding(
      'spam.punctuation',
      'WARNING',
      span,
      `Punctuation flood ${quote(text, span.start, span.end)}`,
      'Use a single "!" or "?".',
    ),
  );
}

function emojiFlood(text: string): Finding[] {
  const emoji = findEmoji(text);
  const findings: Finding[] = [];
  let runStart = 0;
  for (let i = 1; i <= emoji.length; i += 1) {
    const joined = i < emoji.length && text.slice(emoji[i - 1]!.end, emoji[i]!.start).trim() === '';
    if (joined) continue;
    if (i - runStart >= EMOJI_RUN_MIN) {
      const span = { start: emoji[runStart]!.start, end: emoji[i - 1]!.end };
      findings.push(finding('spam.emoji-flood', 'WARNING', span, `${i - runStart} emoji in a row`, 'Keep one or two.'));
    }
    runStart = i;
  }
  if (findings.length === 0 && emoji.length >= EMOJI_TOTAL_MIN && emoji.length * EMOJI_DENSITY > text.length) {
    findings.push(
      finding('spam.emoji-flood', 'WARNING', null, `${emoji.length} emoji in ${text.length} characters`, 'Use fewer.'),
    );
  }
  return findings;
}

function sameWords(all: string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k += 1) if (all[a + k] !== all[b + k]) return false;
  return true;
}

/** A phrase of 1–4 words said three times in a row ("buy now buy now buy now"), or a 4-word phrase said 3 times. */
function repetition(text: string, folded: string, lettered: Word[]): Finding[] {
  const all = lettered;
  const keys = all.map((word) => folded.slice(word.start, word.end));
  for (let i = 0; i < keys.length; i += 1) {
    for (let n = 1; n <= 4 && i + 3 * n <= keys.length; n += 1) {
      if (sameWords(keys, i, i + n, n) && sameWords(keys, i, i + 2 * n, n)) {
        const span = { start: all[i]!.start, end: all[i + 3 * n - 1]!.end };
        return [repeated(text, span)];
      }
    }
  }
  // Three times is spam in a post; long-form copy (a blog's heading echoed in its section) allows more.
  const limit = Math.max(3, Math.ceil(keys.length / 120));
  const counts = new Map<string, number>();
  for (let i = 0; i + 4 <= keys.length; i += 1) {
    // The folded text between the first and fourth word is the phrase; one slice, no joins.
    const key = folded.slice(all[i]!.start, all[i + 3]!.end);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count === limit) return [repeated(text, { start: all[i]!.start, end: all[i + 3]!.end })];
  }
  return [];
}

function repeated(text: string, span: { start: number; end: number }): Finding {
  return finding(
    'spam.repetition',
    'WARNING',
    span,
    `Repeated phrase ${quote(text, span.start, span.end)}`,
    'Say it once; vary the wording.',
  );
}

/** Spam signals: shouting, punctuation and emoji floods, repeated phrases and spam-trigger phrases. */
export function spamRule(context: RuleContext): Finding[] {
  const all = words(context.text);
  // Digit groups repeat legitimately ("1111 1111", "10 000"); only words with letters count as repetition. A word
  // holds only letters, marks, digits, apostrophes and hyphens, so any other character is a letter or a mark.
  const lettered = all.filter((word) => /[^\d'’-]/.test(word.text));
  return [
    ...shouting(context.text, all),
    ...punctuation(context.text),
    ...emojiFlood(context.text),
    ...repetition(context.text, context.folded, lettered),
    ...triggers(context),
  ];
}
