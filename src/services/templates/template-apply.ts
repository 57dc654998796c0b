import type { Platform } from '../../entities';
import { AppError, type FieldError } from '../../errors';
import { validateNewCampaign } from '../campaigns/brief.validation';
import type { AppliedTemplateData, TemplateDefinition, TemplateVariableValue } from './template.types';
import { type FilledTemplate, fillTemplate } from './template-fill';
import { resolveVariables } from './template-variables';
import { BUILT_IN_TEMPLATES } from './templates.data';

const FIELD_LABELS: Record<string, string> = {
  name: 'the campaign name',
  productName: 'the product name',
  description: 'the description',
  features: 'the features',
  audience: 'the audience',
  callToAction: 'the call to action',
  keywords: 'the keywords',
  url: 'the URL',
  language: 'the language',
};
const ITEM_LABELS: Record<string, string> = { features: 'feature', keywords: 'keyword' };

/**
 * Points a brief-rule error at the variables that fed the field, so the user fixes what they typed:
 * `brief.features.2` from `{{highlights}}` becomes `variables.highlights: feature 3 must be at most 200 characters`.
 * Errors from the template's own text (no variable involved) keep their brief path.
 */
function mapBriefError(field: FieldError, filled: FilledTemplate): FieldError[] {
  const [root, key, index] = field.path.split('.');
  const path = root === 'name' ? 'name' : `brief.${key}${index === undefined ? '' : `.${index}`}`;
  const from = filled.sources.get(path) ?? [];
  if (from.length === 0) return [field];
  const label = root === 'name' ? 'name' : (key ?? '');
  const item = ITEM_LABELS[label];
  let message = `${field.message} (used as ${FIELD_LABELS[label] ?? label})`;
  // List rules already name the list ("must list at most 10 features"); item rules need the item's number.
  if (item) message = index === undefined ? field.message : `${item} ${Number(index) + 1} ${field.message}`;
  return from.map((name) => ({ path: `variables.${name}`, message }));
}

function validateFilled(filled: FilledTemplate, known: readonly FieldError[]) {
  try {
    return { result: validateNewCampaign({ name: filled.name, brief: filled.brief }), fields: [] };
  } catch (error) {
    if (!(error instanceof AppError) || !error.details.fields) throw error;
    const reported = new Set(known.map((field) => field.path));
    const seen = new Set<string>();
    const fields = error.details.fields
      .flatMap((field) => mapBriefError(field, filled))
      .filter((field) => !reported.has(field.path))
      .filter((field) => {
        const id = `${field.path}\u0000${field.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    return { result: null, fields };
  }
}

/** The template's guidance for its own platforms. */
function guidanceFor(template: TemplateDefinition): Partial<Record<Platform, string>> {
  const guidance: Partial<Record<Platform, string>> = {};
  for (const platform of template.platforms) {
    const text = template.guidance[platform];
    if (text) guidance[platform] = text;
  }
  return guidance;
}

/**
 * Fills a template with the user's values and returns a campaign name and a brief that passes the brief rules.
 * Values are trimmed; empty ones take the variable's default. Every problem is reported at once as BAD_USER_INPUT
 * with fields at `variables.<name>`: unknown or repeated names, missing required values, values over 2,000
 * characters or of the wrong kind, and brief-rule failures of the filled brief, traced to the variables behind them.
 */
export function applyTemplate(
  template: TemplateDefinition,
  variables: readonly TemplateVariableValue[],
): AppliedTemplateData {
  const resolution = resolveVariables(template, variables);
  const filled = fillTemplate(template, resolution.values);
  const validated = validateFilled(filled, resolution.fields);
  const fields = [...resolution.fields, ...validated.fields];
  if (fields.length > 0 || !validated.result) {
    throw AppError.badInput(fields, `Cannot apply template "${template.key}"`);
  }
  return {
    template,
    name: validated.result.name,
    brief: validated.result.brief,
    guidance: guidanceFor(template),
    variables: template.variables.map((variable) => ({
      name: variable.name,
      value: resolution.values.get(variable.name) ?? null,
      defaulted: resolution.defaulted.has(variable.name),
    })),
  };
}

/** The built-in templates, optionally of one category, in catalogue order. */
export function listBuiltInTemplates(category?: string | null): TemplateDefinition[] {
  return BUILT_IN_TEMPLATES.filter((template) => !category || template.category === category);
}

/** The built-in template with this key, or null. */
export function findBuiltInTemplate(key: string): TemplateDefinition | null {
  return BUILT_IN_TEMPLATES.find((template) => template.key === key) ?? null;
}
