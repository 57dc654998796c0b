import { Platform, Tone } from '../../entities';
import { AppError, type FieldError } from '../../errors';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '../validation';
import { TEMPLATE_LIMITS } from './template.limits';
import type { TemplateDefinition, TemplateVariableDefinition } from './template.types';
import { applyTemplate } from './template-apply';
import { hasMalformedPlaceholder, patternsOf, placeholdersIn } from './template-pattern';
import { kindProblem } from './template-variables';

const KINDS = new Set(['text', 'list', 'url', 'date']);
const PLATFORMS = new Set<string>(Object.values(Platform));
const TONES = new Set<string>(Object.values(Tone));

/** Checks one text field: present (unless optional), within the limit, no control characters. */
function checkText(fields: FieldError[], path: string, value: string | null, max: number, optional = false): void {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') {
    if (!optional) fields.push({ path, message: 'must not be empty' });
  } else if (trimmed.length > max) {
    fields.push({ path, message: `must be at most ${max} characters` });
  } else if (hasControlCharacters(trimmed)) {
    fields.push({ path, message: CONTROL_CHARACTERS_MESSAGE });
  }
}

function checkHeader(input: TemplateDefinition, fields: FieldError[]): void {
  if (!TEMPLATE_LIMITS.key.test(input.key)) {
    fields.push({
      path: 'key',
      message: 'must be 2–63 lowercase letters, digits or hyphens, starting with a letter or digit',
    });
  }
  checkText(fields, 'name', input.name, TEMPLATE_LIMITS.maxNameLength);
  checkText(fields, 'category', input.category, TEMPLATE_LIMITS.maxCategoryLength);
  checkText(fields, 'description', input.description, TEMPLATE_LIMITS.maxDescriptionLength);
  if (!TONES.has(input.tone)) fields.push({ path: 'tone', message: 'must be a Tone' });
  const platforms = input.platforms;
  if (platforms.length === 0) fields.push({ path: 'platforms', message: 'must list at least 1 platform' });
  if (new Set(platforms).size !== platforms.length) {
    fields.push({ path: 'platforms', message: 'must not repeat a platform' });
  }
  platforms.forEach((platform, index) => {
    if (!PLATFORMS.has(platform)) fields.push({ path: `platforms.${index}`, message: 'must be a Platform' });
  });
}

function checkVariable(variable: TemplateVariableDefinition, path: string, fields: FieldError[]): void {
  if (!TEMPLATE_LIMITS.variableName.test(variable.name)) {
    fields.push({
      path: `${path}.name`,
      message: 'must start with a letter and hold at most 40 letters, digits or underscores',
    });
  }
  checkText(fields, `${path}.description`, variable.description, TEMPLATE_LIMITS.maxVariableDescriptionLength);
  if (!KINDS.has(variable.kind)) fields.push({ path: `${path}.kind`, message: 'must be text, list, url or date' });
  const fallback = variable.defaultValue?.trim() || null;
  if (fallback === null) return;
  if (variable.required) {
    fields.push({ path: `${path}.defaultValue`, message: 'must be empty for a required variable' });
  }
  checkText(fields, `${path}.defaultValue`, fallback, TEMPLATE_LIMITS.maxValueLength);
  const problem = KINDS.has(variable.kind) ? kindProblem(variable.kind, fallback) : null;
  if (problem) fields.push({ path: `${path}.defaultValue`, message: problem });
}

function checkVariables(input: TemplateDefinition, used: Set<string>, fields: FieldError[]): void {
  const count = input.variables.length;
  if (count === 0) fields.push({ path: 'variables', message: 'must declare at least 1 variable' });
  if (count > TEMPLATE_LIMITS.maxVariables) {
    fields.push({ path: 'variables', message: `must declare at most ${TEMPLATE_LIMITS.maxVariables} variables` });
  }
  const seen = new Set<string>();
  input.variables.forEach((variable, index) => {
    const path = `variables.${index}`;
    checkVariable(variable, path, fields);
    if (seen.has(variable.name)) {
      fields.push({ path: `${path}.name`, message: `repeats the variable "${variable.name}"` });
    } else if (!used.has(variable.name)) {
      fields.push({ path: `${path}.name`, message: 'is not used in the campaign name or the brief' });
    }
    seen.add(variable.name);
  });
}

/** Checks every pattern and returns the variable names they use. */
function checkPatterns(input: TemplateDefinition, fields: FieldError[]): Set<string> {
  const declared = new Set(input.variables.map((variable) => variable.name));
  const used = new Set<string>();
  for (const { path, pattern } of patternsOf(input.campaignName, input.brief)) {
    checkText(fields, path, pattern, TEMPLATE_LIMITS.maxPatternLength);
    if (hasMalformedPlaceholder(pattern)) {
      fields.push({ path, message: 'has a malformed placeholder; write {{variableName}}' });
    }
    for (const name of placeholdersIn(pattern)) {
      used.add(name);
      if (!declared.has(name)) fields.push({ path, message: `uses {{${name}}}, which is not a declared variable` });
    }
  }
  for (const field of ['description', 'features', 'keywords'] as const) {
    if (input.brief[field].length > TEMPLATE_LIMITS.maxPatternEntries) {
      fields.push({
        path: `brief.${field}`,
        message: `must hold at most ${TEMPLATE_LIMITS.maxPatternEntries} entries`,
      });
    }
  }
  if (input.brief.features.length === 0) fields.push({ path: 'brief.features', message: 'must hold at least 1 entry' });
  return used;
}

function checkGuidance(input: TemplateDefinition, fields: FieldError[]): void {
  for (const [platform, text] of Object.entries(input.guidance)) {
    const path = `guidance.${platform}`;
    if (!input.platforms.includes(platform as Platform)) {
      fields.push({ path, message: 'is for a platform the template does not target' });
    }
    checkText(fields, path, text ?? null, TEMPLATE_LIMITS.maxGuidanceLength);
  }
}

/** The example must fill the template into a valid brief, as users will try it first. */
function checkExample(input: TemplateDefinition, fields: FieldError[]): void {
  const example = input.example;
  if (!example) return;
  if (example.sample) {
    checkText(fields, 'example.sample.text', example.sample.text, TEMPLATE_LIMITS.maxSampleLength);
    if (!input.platforms.includes(example.sample.platform)) {
      fields.push({ path: 'example.sample.platform', message: 'must be one of the template platforms' });
    }
  }
  if (fields.length > 0) return;
  const values = Object.entries(example.variables).map(([name, value]) => ({ name, value }));
  try {
    applyTemplate(input, values);
  } catch (error) {
    if (!(error instanceof AppError) || !error.details.fields) throw error;
    fields.push(...error.details.fields.map((field) => ({ ...field, path: `example.${field.path}` })));
  }
}

/**
 * Every problem of a custom template definition, for createTemplate and updateTemplate: the key format, text
 * limits, at most 30 uniquely named variables, every `{{placeholder}}` declared and every variable used, guidance
 * only for the template's platforms, and an example that applies cleanly. Empty when the definition is valid.
 */
export function validateTemplateDefinition(input: TemplateDefinition): FieldError[] {
  const fields: FieldError[] = [];
  checkHeader(input, fields);
  const used = checkPatterns(input, fields);
  checkVariables(input, used, fields);
  checkGuidance(input, fields);
  checkExample(input, fields);
  return fields;
}
