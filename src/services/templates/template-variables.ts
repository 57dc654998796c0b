import type { FieldError } from '../../errors';
import { TEMPLATE_LIMITS } from './template.limits';
import type {
  TemplateDefinition,
  TemplateVariableDefinition,
  TemplateVariableKind,
  TemplateVariableValue,
} from './template.types';

/** A list value's items: split on newlines or ';', trimmed, blanks dropped. */
export function listItems(value: string): string[] {
  return value
    .split(/[\n;]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A `YYYY-MM-DD` calendar date as a UTC Date, or null when it is not one (2026-02-30 is not). */
export function parseIsoDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return same ? date : null;
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Why a value does not fit its variable's kind, or null when it does. */
export function kindProblem(kind: TemplateVariableKind, value: string): string | null {
  switch (kind) {
    case 'list':
      return listItems(value).length > 0 ? null : 'must list at least one item (one per line or separated by ";")';
    case 'url':
      return isHttpUrl(value) ? null : 'must be an http(s) URL';
    case 'date':
      return parseIsoDate(value) ? null : 'must be a date written YYYY-MM-DD, e.g. 2026-03-14';
    case 'text':
      return null;
  }
}

/** Every variable's value after defaults, and the problems found; a bad value counts as empty. */
export interface VariableResolution {
  values: Map<string, string | null>;
  defaulted: Set<string>;
  fields: FieldError[];
}

/** Indexes the given values by name, reporting unknown, unnamed and repeated names. */
function collectGiven(template: TemplateDefinition, given: readonly TemplateVariableValue[], fields: FieldError[]) {
  const declared = new Set(template.variables.map((variable) => variable.name));
  const expected = template.variables.map((variable) => variable.name).join(', ');
  const byName = new Map<string, string>();
  given.forEach((entry, index) => {
    const name = entry.name.trim();
    if (name === '') {
      fields.push({ path: `variables.${index}.name`, message: 'must not be empty' });
    } else if (!declared.has(name)) {
      fields.push({
        path: `variables.${name}`,
        message: `is not a variable of template "${template.key}"; expected one of: ${expected}`,
      });
    } else if (byName.has(name)) {
      fields.push({ path: `variables.${name}`, message: 'is given more than once' });
    } else {
      byName.set(name, entry.value);
    }
  });
  return byName;
}

function problemOf(variable: TemplateVariableDefinition, value: string | null): string | null {
  if (value === null) return variable.required ? `is required: ${variable.description}` : null;
  if (value.length > TEMPLATE_LIMITS.maxValueLength) {
    return `must be at most ${TEMPLATE_LIMITS.maxValueLength} characters`;
  }
  return kindProblem(variable.kind, value);
}

/** Resolves the given values against the template's variables: trims, fills defaults, checks every rule at once. */
export function resolveVariables(
  template: TemplateDefinition,
  given: readonly TemplateVariableValue[],
): VariableResolution {
  const fields: FieldError[] = [];
  const byName = collectGiven(template, given, fields);
  const values = new Map<string, string | null>();
  const defaulted = new Set<string>();
  for (const variable of template.variables) {
    const own = byName.get(variable.name)?.trim() || null;
    const fallback = variable.defaultValue?.trim() || null;
    const value = own ?? fallback;
    if (own === null && fallback !== null) defaulted.add(variable.name);
    const problem = problemOf(variable, value);
    if (problem) fields.push({ path: `variables.${variable.name}`, message: problem });
    values.set(variable.name, problem ? null : value);
  }
  return { values, defaulted, fields };
}
