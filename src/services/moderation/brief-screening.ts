import type { BriefData } from '../../entities';
import type { FieldError } from '../../errors';
import { INJECTION_PATTERNS } from './injection-patterns.data';
import { foldText } from './text-scan.util';

/** The brief fields a user writes freely; enums, language and platforms are validated elsewhere. */
function textFields(brief: BriefData): { path: string; text: string }[] {
  const fields: { path: string; text: string | null }[] = [
    { path: 'brief.productName', text: brief.productName },
    { path: 'brief.description', text: brief.description },
    { path: 'brief.audience', text: brief.audience },
    { path: 'brief.callToAction', text: brief.callToAction },
    { path: 'brief.url', text: brief.url },
    ...brief.features.map((text, i) => ({ path: `brief.features.${i}`, text })),
    ...brief.keywords.map((text, i) => ({ path: `brief.keywords.${i}`, text })),
  ];
  return fields.filter((field): field is { path: string; text: string } => Boolean(field.text));
}

/** The first injection pattern a text matches, or null. Exported for `validateContent`-style single checks. */
export function injectionIn(text: string): string | null {
  // Folding makes "IGNORE", "Ignorez" and "précédentes" match the plain lower-case patterns.
  const folded = foldText(text);
  return INJECTION_PATTERNS.find(({ pattern }) => pattern.test(folded))?.label ?? null;
}

/**
 * Screens a brief for prompt-injection attempts: one FieldError per field that reads as instructions to the model
 * rather than product information (the caller refuses the brief with BAD_USER_INPUT). Tuned for few false
 * positives: verbs like "ignore" or "forget" count only with an instruction-shaped object.
 */
export function screenBrief(brief: BriefData): FieldError[] {
  const errors: FieldError[] = [];
  for (const { path, text } of textFields(brief)) {
    const label = injectionIn(text);
    if (label) {
      errors.push({ path, message: `reads as an instruction to the AI (${label}); describe the product instead` });
    }
  }
  return errors;
}
