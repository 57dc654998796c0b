import type { TemplateDefinition, TemplateVariableKind } from './template.types';
import { fillPattern, placeholdersIn, wholePlaceholder } from './template-pattern';
import { listItems, parseIsoDate } from './template-variables';

/** The filled, not yet validated brief, and which variables fed each field (keyed by validation path). */
export interface FilledTemplate {
  name: string;
  brief: Record<string, unknown>;
  sources: Map<string, string[]>;
}

type Render = (name: string) => string | null;

/** Ends a description sentence with a full stop unless it has its own ending, or ends in a link. */
function endSentence(sentence: string): string {
  return /[.!?…。！？:]$|https?:\/\/\S+$/u.test(sentence) ? sentence : `${sentence}.`;
}

function formatDate(value: string, language: string): string {
  const date = parseIsoDate(value);
  if (!date) return value;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    // Not a language Intl knows: the brief validation reports the tag; ISO dates read fine meanwhile.
    return value;
  }
}

function renderer(kinds: Map<string, TemplateVariableKind>, values: Map<string, string | null>, language: string) {
  return (name: string): string | null => {
    const value = values.get(name) ?? null;
    if (value === null) return null;
    if (kinds.get(name) === 'list') return listItems(value).join(', ');
    if (kinds.get(name) === 'date') return formatDate(value, language);
    return value;
  };
}

/** Fills a list field: an entry that is exactly one list variable expands to its items, one item each. */
function fillList(
  patterns: readonly string[],
  context: { field: string; kinds: Map<string, TemplateVariableKind>; values: Map<string, string | null> },
  render: Render,
  sources: Map<string, string[]>,
): string[] {
  const items: string[] = [];
  const add = (item: string, from: string[]) => {
    sources.set(`brief.${context.field}.${items.length}`, from);
    items.push(item);
  };
  for (const pattern of patterns) {
    const whole = wholePlaceholder(pattern);
    const value = whole === null ? null : (context.values.get(whole) ?? null);
    if (whole !== null && context.kinds.get(whole) === 'list') {
      for (const item of value === null ? [] : listItems(value)) add(item, [whole]);
      continue;
    }
    const filled = fillPattern(pattern, render);
    if (filled) add(filled, placeholdersIn(pattern));
  }
  sources.set(`brief.${context.field}`, [...new Set(patterns.flatMap(placeholdersIn))]);
  return items;
}

function fillScalar(pattern: string | null, render: Render, path: string, sources: Map<string, string[]>) {
  if (pattern === null) return null;
  sources.set(path, placeholdersIn(pattern));
  return fillPattern(pattern, render) || null;
}

/** Fills the template's name and brief patterns with resolved values; parts naming an empty variable are left out. */
export function fillTemplate(template: TemplateDefinition, values: Map<string, string | null>): FilledTemplate {
  const kinds = new Map(template.variables.map((variable) => [variable.name, variable.kind]));
  const sources = new Map<string, string[]>();
  const pattern = template.brief;
  const language = fillScalar(pattern.language, renderer(kinds, values, 'en'), 'brief.language', sources);
  const render = renderer(kinds, values, language ?? 'en');
  const context = { kinds, values };
  const sentences = pattern.description
    .map((sentence) => fillPattern(sentence, render))
    .filter((sentence): sentence is string => Boolean(sentence))
    .map(endSentence);
  sources.set('brief.description', [...new Set(pattern.description.flatMap(placeholdersIn))]);
  sources.set('name', placeholdersIn(template.campaignName));
  sources.set('brief.productName', placeholdersIn(pattern.productName));
  const brief = {
    productName: fillPattern(pattern.productName, render) ?? '',
    description: sentences.length > 0 ? sentences.join(' ') : null,
    features: fillList(pattern.features, { ...context, field: 'features' }, render, sources),
    audience: fillScalar(pattern.audience, render, 'brief.audience', sources),
    tone: template.tone,
    platforms: [...template.platforms],
    keywords: fillList(pattern.keywords, { ...context, field: 'keywords' }, render, sources),
    callToAction: fillScalar(pattern.callToAction, render, 'brief.callToAction', sources),
    url: fillScalar(pattern.url, render, 'brief.url', sources),
    language,
  };
  return { name: fillPattern(template.campaignName, render) ?? '', brief, sources };
}
