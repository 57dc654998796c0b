import { foldedMatcher, foldForMatch } from './text-match';

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

/** Sentence starts: after . ! ? … or a line break; leading emoji and arrows are skipped ("👉 Shop now"). */
function sentenceStarts(text: string): string[] {
  return (
    text
      .split(/[.!?…。！？]+(?=\s|$)|\n+/u)
      // Only the first word matters: fold a short head of each sentence, not all of it.
      .map((sentence) => foldForMatch(sentence.trimStart().slice(0, 64)).split(' ', 1)[0] ?? '')
      .filter((word) => word.length > 0)
  );
}

/** Where the text asks the reader to act: the brief's own call to action, a generic one, or none. */
export type CallToActionMatch = { kind: 'brief'; phrase: string } | { kind: 'generic'; phrase: string } | null;

/** Finds the call to action in a text, preferring the brief's own wording. */
export function findCallToAction(text: string, briefCta?: string | null): CallToActionMatch {
  const contains = foldedMatcher(text);
  if (briefCta?.trim() && contains(briefCta)) return { kind: 'brief', phrase: briefCta.trim() };
  const phrase = CTA_PHRASES.find((candidate) => contains(candidate));
  if (phrase) return { kind: 'generic', phrase };
  const verb = sentenceStarts(text).find((word) => CTA_VERBS.has(word));
  return verb ? { kind: 'generic', phrase: verb } : null;
}
