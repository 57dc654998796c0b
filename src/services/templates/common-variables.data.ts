import type { BriefPattern, TemplateVariableDefinition, TemplateVariableKind } from './template.types';

/** A variable the user must fill in. */
export function required(name: string, kind: TemplateVariableKind, description: string): TemplateVariableDefinition {
  return { name, description, required: true, defaultValue: null, kind };
}

/** A variable the user may leave empty; then its default, if any, is used. */
export function optional(
  name: string,
  kind: TemplateVariableKind,
  description: string,
  defaultValue: string | null = null,
): TemplateVariableDefinition {
  return { name, description, required: false, defaultValue, kind };
}

/** The product (or organiser, or brand) the copy is about: every template asks for it. */
export function productVariable(description: string): TemplateVariableDefinition {
  return required('productName', 'text', description);
}

/**
 * The variables every template ends with: audience, call to action, link, keywords and language.
 * The audience and call-to-action defaults are the template's sensible fallbacks.
 */
export function closingVariables(defaults: {
  audience: string;
  callToAction: string;
  url: string;
}): TemplateVariableDefinition[] {
  return [
    optional('audience', 'text', 'Who the copy is for: role, company type, what they care about.', defaults.audience),
    optional(
      'callToAction',
      'text',
      'The one action readers should take, as a short imperative ("Book a demo").',
      defaults.callToAction,
    ),
    optional('url', 'url', defaults.url),
    optional(
      'keywords',
      'list',
      'Search keywords or topics to weave in, one per line or separated by ";" (at most 20).',
    ),
    optional('language', 'text', 'Language of the copy as a BCP 47 tag: en, de, fr, pt-BR…', 'en'),
  ];
}

/** The brief fields that `closingVariables` fill, the same in every built-in. */
export const CLOSING_PATTERN: Pick<BriefPattern, 'audience' | 'callToAction' | 'keywords' | 'url' | 'language'> =
  Object.freeze({
    audience: '{{audience}}',
    callToAction: '{{callToAction}}',
    keywords: ['{{keywords}}'],
    url: '{{url}}',
    language: '{{language}}',
  });
