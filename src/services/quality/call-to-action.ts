import { foldedMatcher } from './text-match';

/**
 * Imperatives that open a call to action. Matched only at the start of a sentence, where the verb is a command
 * ("Try it free"), not inside one ("we try to help").
 */
const CTA_VERBS = new Set(
  (
    'apply book buy call check claim click comment contact discover download explore follow get grab join learn ' +
    'order pre preorder read register request reserve save see share shop sign start subscribe tap tell try visit watch'
  ).split(' '),
);

/** Phrases that ask for the action wherever they stand. */
const CTA_PHRASES = (
  'link in bio|learn more|find out more|sign up|pre order|order now|shop now|buy now|book a demo|get started|' +
  'read more|dm us|comment below|join us|save your spot|try it'
).split('|');

const SENTENCE_BREAK = /[.!?…。！？]+(?=\s|$)|\n+/u;
const FIRST_WORD = /[\p{L}\p{M}\p{N}]+/u;

/**
 * The first imperative that opens a sentence (after . ! ? … or a line break), lower-cased; leading emoji and
 * arrows are skipped ("👉 Shop now"). Only a short head of each sentence is read.
 */
function openingVerb(text: string): string | undefined {
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const word = FIRST_WORD.exec(sentence.trimStart().slice(0, 64))?.[0].toLowerCase();
    if (word !== undefined && CTA_VERBS.has(word)) return word;
  }
  return undefined;
}

/** Where the text asks the reader to act: the brief's own call to action, a generic one, or none. */
export type CallToActionMatch = { kind: 'brief'; phrase: string } | { kind: 'generic'; phrase: string } | null;

/** Finds the call to action in a text, preferring the brief's own wording. */
export function findCallToAction(text: string, briefCta?: string | null): CallToActionMatch {
  const contains = foldedMatcher(text);
  if (briefCta?.trim() && contains(briefCta)) return { kind: 'brief', phrase: briefCta.trim() };
  const phrase = CTA_PHRASES.find((candidate) => contains(candidate));
  if (phrase) return { kind: 'generic', phrase };
  const verb = openingVerb(text);
  return verb ? { kind: 'generic', phrase: verb } : null;
}
