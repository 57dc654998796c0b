import type { BriefPattern } from './template.types';

/** `{{name}}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/;

/** The variable names a pattern references, in order of first use. */
export function placeholdersIn(pattern: string): string[] {
  return [...new Set(Array.from(pattern.matchAll(PLACEHOLDER), (match) => match[1] as string))];
}

/** Whether braces are left over once the well-formed placeholders are removed, e.g. `{{ product name }}`. */
export function hasMalformedPlaceholder(pattern: string): boolean {
  const rest = pattern.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}

/** The variable a pattern consists of entirely (`"{{features}}"`), else null. */
export function wholePlaceholder(pattern: string): string | null {
  return WHOLE_PLACEHOLDER.exec(pattern.trim())?.[1] ?? null;
}

/**
 * Fills a pattern. `render` gives a variable's text, or null when it was left empty; then the whole part is
 * omitted (null), so an optional variable never leaves a dangling "Available from ." behind.
 */
export function fillPattern(pattern: string, render: (name: string) => string | null): string | null {
  let omitted = false;
  const filled = pattern.replace(PLACEHOLDER, (_match, name: string) => {
    const value = render(name);
    if (value === null) omitted = true;
    return value ?? '';
  });
  return omitted ? null : filled.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Every pattern of a template with the dotted path it is validated under. */
export function patternsOf(campaignName: string, brief: BriefPattern): { path: string; pattern: string }[] {
  const list = (field: 'description' | 'features' | 'keywords') =>
    brief[field].map((pattern, index) => ({ path: `brief.${field}.${index}`, pattern }));
  const scalar = (field: 'audience' | 'callToAction' | 'url' | 'language') =>
    brief[field] === null ? [] : [{ path: `brief.${field}`, pattern: brief[field] }];
  return [
    { path: 'campaignName', pattern: campaignName },
    { path: 'brief.productName', pattern: brief.productName },
    ...list('description'),
    ...list('features'),
    ...scalar('audience'),
    ...scalar('callToAction'),
    ...list('keywords'),
    ...scalar('url'),
    ...scalar('language'),
  ];
}
