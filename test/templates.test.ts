import { describe, expect, it } from 'vitest';
import { Platform, Tone } from '../src/entities';
import { AppError, type FieldError } from '../src/errors';
import { validateNewCampaign } from '../src/services/campaigns/brief.validation';
import { checkVariant, hookFits } from '../src/services/platforms/platform-rules';
import type { TemplateDefinition, TemplateVariableValue } from '../src/services/templates/template.types';
import { validateTemplateDefinition } from '../src/services/templates/template.validation';
import { applyTemplate, findBuiltInTemplate, listBuiltInTemplates } from '../src/services/templates/template-apply';
import { BUILT_IN_TEMPLATES } from '../src/services/templates/templates.data';

function builtIn(key: string): TemplateDefinition {
  const template = findBuiltInTemplate(key);
  if (!template) throw new Error(`no built-in template ${key}`);
  return template;
}

function values(record: Record<string, string>): TemplateVariableValue[] {
  return Object.entries(record).map(([name, value]) => ({ name, value }));
}

function exampleOf(template: TemplateDefinition): Record<string, string> {
  if (!template.example) throw new Error(`${template.key} has no example`);
  return template.example.variables;
}

/** The fields of the BAD_USER_INPUT that applying throws. */
function applyErrors(template: TemplateDefinition, given: TemplateVariableValue[]): FieldError[] {
  try {
    applyTemplate(template, given);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    return (error as AppError).details.fields ?? [];
  }
  throw new Error('expected applyTemplate to refuse the input');
}

/** A small valid custom template; tests override one thing each. */
function buildTemplate(overrides: Partial<TemplateDefinition> = {}): TemplateDefinition {
  return {
    key: 'webinar-recap',
    name: 'Webinar recap',
    category: 'custom',
    description: 'Recap a webinar for people who missed it.',
    platforms: [Platform.LINKEDIN, Platform.EMAIL],
    tone: Tone.INFORMATIVE,
    variables: [
      { name: 'productName', description: 'The product.', required: true, defaultValue: null, kind: 'text' },
      { name: 'lessons', description: 'Key lessons, one per line.', required: true, defaultValue: null, kind: 'list' },
      { name: 'replayUrl', description: 'The replay.', required: false, defaultValue: null, kind: 'url' },
    ],
    campaignName: '{{productName}} webinar recap',
    brief: {
      productName: '{{productName}}',
      description: ['A recap of the {{productName}} webinar'],
      features: ['{{lessons}}'],
      audience: null,
      callToAction: 'Watch the replay',
      keywords: [],
      url: '{{replayUrl}}',
      language: null,
    },
    guidance: { [Platform.LINKEDIN]: 'Lead with the best lesson.' },
    example: { variables: { productName: 'Ledgerly', lessons: 'Send reminders early' }, sample: null },
    ...overrides,
  };
}

describe('built-in templates', () => {
  it('offers the ten catalogue templates under unique keys', () => {
    const keys = BUILT_IN_TEMPLATES.map((template) => template.key);
    expect(new Set(keys)).toEqual(
      new Set([
        'product-launch',
        'feature-update',
        'case-study',
        'thought-leadership',
        'event-promotion',
        'customer-testimonial',
        'how-to-guide',
        'industry-news',
        'seasonal-promotion',
        'behind-the-scenes',
      ]),
    );
    expect(keys).toHaveLength(10);
  });

  it('lists templates by category and finds one by key', () => {
    expect(listBuiltInTemplates('social-proof').map((template) => template.key)).toEqual([
      'case-study',
      'customer-testimonial',
    ]);
    expect(listBuiltInTemplates()).toHaveLength(10);
    expect(findBuiltInTemplate('case-study')?.name).toBe('Case study');
    expect(findBuiltInTemplate('no-such-template')).toBeNull();
  });

  describe.each(BUILT_IN_TEMPLATES.map((template) => [template.key, template] as const))('%s', (_key, template) => {
    it('applies its own example to a brief that passes the brief rules', () => {
      const applied = applyTemplate(template, values(exampleOf(template)));
      expect(validateNewCampaign({ name: applied.name, brief: applied.brief })).toEqual({
        name: applied.name,
        brief: applied.brief,
      });
      expect(applied.brief.platforms).toEqual(template.platforms);
      expect(applied.brief.tone).toBe(template.tone);
      expect(applied.brief.features.length).toBeGreaterThan(0);
      expect(applied.brief.description).not.toMatch(/\{\{|\}\}/);
      expect(applied.name).not.toMatch(/\{\{|\}\}/);
    });

    it('declares a required variable and guidance for each of its platforms', () => {
      expect(template.variables.some((variable) => variable.required)).toBe(true);
      expect(Object.keys(template.guidance).sort()).toEqual([...template.platforms].sort());
      for (const platform of template.platforms) expect(template.guidance[platform]?.length).toBeGreaterThan(40);
    });

    it('passes the custom-template definition check', () => {
      expect(validateTemplateDefinition(template)).toEqual([]);
    });

    it('ships a sample post within its platform length and fold', () => {
      const sample = template.example?.sample;
      if (!sample) throw new Error(`${template.key} has no sample`);
      expect(template.platforms).toContain(sample.platform);
      const violations = checkVariant(sample.platform, { title: 'Sample', body: sample.text, hashtags: [] });
      expect(violations.filter((violation) => violation.rule === 'length')).toEqual([]);
      expect(hookFits(sample.platform, sample.text)).toBe(true);
    });
  });

  it('cannot be changed by a caller, as every workspace shares them', () => {
    const template = builtIn('product-launch');
    expect(() => template.platforms.push(Platform.BLOG)).toThrow(TypeError);
    expect(Object.isFrozen(template.brief.keywords)).toBe(true);
  });
});

describe('applyTemplate', () => {
  it('lists every missing required variable and every unknown name in one BAD_USER_INPUT', () => {
    const fields = applyErrors(
      builtIn('product-launch'),
      values({ productName: 'Ledgerly', colour: 'teal', size: 'L' }),
    );
    expect(fields.map((field) => field.path).sort()).toEqual(
      ['variables.colour', 'variables.features', 'variables.pitch', 'variables.size'].sort(),
    );
    expect(fields.find((field) => field.path === 'variables.pitch')?.message).toMatch(/^is required/);
    expect(fields.find((field) => field.path === 'variables.colour')?.message).toMatch(
      /is not a variable of template "product-launch"; expected one of: productName, pitch/,
    );
  });

  it('refuses a variable given twice', () => {
    const given = [...values(exampleOf(builtIn('case-study'))), { name: 'quote', value: 'Another quote' }];
    expect(applyErrors(builtIn('case-study'), given)).toEqual([
      { path: 'variables.quote', message: 'is given more than once' },
    ]);
  });

  it('fills optional variables from their defaults and says which were defaulted', () => {
    const applied = applyTemplate(
      builtIn('feature-update'),
      values({
        productName: 'Trackwise',
        featureName: 'Scheduled reports',
        whatChanged: 'Dashboards can now be emailed on a schedule.',
        benefits: 'No manual exports',
      }),
    );
    expect(applied.brief.description).toContain('Available today on every plan.');
    expect(applied.brief.audience).toBe('Existing customers and people trying the product');
    expect(applied.brief.callToAction).toBe('See what is new');
    expect(applied.brief.language).toBe('en');
    expect(applied.brief.url).toBeNull();
    expect(applied.brief.keywords).toEqual([]);
    expect(applied.variables.find((variable) => variable.name === 'availability')).toEqual({
      name: 'availability',
      value: 'Available today on every plan',
      defaulted: true,
    });
    expect(applied.variables.find((variable) => variable.name === 'featureName')?.defaulted).toBe(false);
  });

  it('splits list variables on newlines and semicolons, dropping blanks', () => {
    const applied = applyTemplate(
      builtIn('how-to-guide'),
      values({
        productName: 'Trackwise',
        task: 'share a dashboard',
        steps: 'Open the dashboard;  Choose Share \n\nPick a client ;;',
        keywords: 'reporting;dashboards',
      }),
    );
    expect(applied.brief.features).toEqual(['Open the dashboard', 'Choose Share', 'Pick a client']);
    expect(applied.brief.keywords).toEqual(['reporting', 'dashboards']);
  });

  it('trims values and leaves out sentences whose optional variable is blank', () => {
    const example = exampleOf(builtIn('product-launch'));
    const applied = applyTemplate(
      builtIn('product-launch'),
      values({ ...example, productName: '  Ledgerly  ', offer: '   ', launchDate: '' }),
    );
    expect(applied.brief.productName).toBe('Ledgerly');
    expect(applied.name).toBe('Ledgerly launch');
    expect(applied.brief.description).not.toMatch(/Launch offer|Available from/);
    expect(applied.brief.description).toMatch(/^Launch announcement for Ledgerly\. Ledgerly sends/);
  });

  it('refuses a value over 2,000 characters', () => {
    const given = values({ ...exampleOf(builtIn('product-launch')), pitch: 'x'.repeat(2001) });
    expect(applyErrors(builtIn('product-launch'), given)).toEqual([
      { path: 'variables.pitch', message: 'must be at most 2000 characters' },
    ]);
  });

  it('checks url and date variables by kind', () => {
    const example = exampleOf(builtIn('seasonal-promotion'));
    const fields = applyErrors(
      builtIn('seasonal-promotion'),
      values({ ...example, url: 'loamandleaf.example/spring', endDate: '2026-02-30' }),
    );
    expect(fields).toEqual([
      { path: 'variables.endDate', message: 'must be a date written YYYY-MM-DD, e.g. 2026-03-14' },
      { path: 'variables.url', message: 'must be an http(s) URL' },
    ]);
  });

  it('writes dates in the language of the brief', () => {
    const example = exampleOf(builtIn('event-promotion'));
    const english = applyTemplate(builtIn('event-promotion'), values(example));
    const german = applyTemplate(builtIn('event-promotion'), values({ ...example, language: 'de' }));
    expect(english.brief.description).toContain('When: May 21, 2026.');
    expect(german.brief.description).toContain('When: 21. Mai 2026.');
    expect(german.brief.language).toBe('de');
  });

  it('traces brief-rule failures of the filled brief back to the variables behind them', () => {
    const example = exampleOf(builtIn('case-study'));
    const tooMany = Array.from({ length: 11 }, (_, index) => `Result ${index + 1}`).join('\n');
    const fields = applyErrors(
      builtIn('case-study'),
      values({ ...example, results: tooMany, language: 'not a language!', keywords: 'k'.repeat(51) }),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'variables.results', message: 'must list at most 10 features' },
        { path: 'variables.keywords', message: 'keyword 1 must be at most 50 characters' },
        {
          path: 'variables.language',
          message: 'must be a BCP 47 language tag such as "en" or "pt-BR" (used as the language)',
        },
      ]),
    );
    expect(fields).toHaveLength(3);
  });

  it('names the item of a list variable that breaks the brief rules', () => {
    const example = exampleOf(builtIn('how-to-guide'));
    const fields = applyErrors(
      builtIn('how-to-guide'),
      values({ ...example, steps: `Short step\n${'y'.repeat(201)}` }),
    );
    expect(fields).toEqual([{ path: 'variables.steps', message: 'feature 2 must be at most 200 characters' }]);
  });

  it('returns the guidance of the template platforms with the brief', () => {
    const template = builtIn('behind-the-scenes');
    const applied = applyTemplate(template, values(exampleOf(template)));
    expect(Object.keys(applied.guidance).sort()).toEqual([...template.platforms].sort());
    expect(applied.template).toBe(template);
  });
});

describe('validateTemplateDefinition', () => {
  it('accepts a well-formed custom template', () => {
    expect(validateTemplateDefinition(buildTemplate())).toEqual([]);
  });

  it('catches a placeholder that no variable declares', () => {
    const template = buildTemplate();
    const fields = validateTemplateDefinition({
      ...template,
      brief: { ...template.brief, description: ['A recap of the {{productName}} webinar in {{region}}'] },
    });
    expect(fields).toContainEqual({
      path: 'brief.description.0',
      message: 'uses {{region}}, which is not a declared variable',
    });
  });

  it('catches a variable declared twice', () => {
    const template = buildTemplate();
    const fields = validateTemplateDefinition({
      ...template,
      variables: [...template.variables, { ...template.variables[1]!, description: 'Again.' }],
    });
    expect(fields).toContainEqual({ path: 'variables.3.name', message: 'repeats the variable "lessons"' });
  });

  it.each(['Webinar-Recap', 'webinar recap', '-recap', 'r', `r${'e'.repeat(63)}`])(
    'catches the bad key "%s"',
    (key) => {
      expect(validateTemplateDefinition(buildTemplate({ key })).map((field) => field.path)).toEqual(['key']);
    },
  );

  it('catches more than 30 variables', () => {
    const template = buildTemplate();
    const extra = Array.from({ length: 28 }, (_, index) => ({
      name: `extra${index}`,
      description: 'An extra line.',
      required: false,
      defaultValue: null,
      kind: 'text' as const,
    }));
    const fields = validateTemplateDefinition({
      ...template,
      variables: [...template.variables, ...extra],
      brief: {
        ...template.brief,
        description: extra.slice(0, 14).map((variable) => `{{${variable.name}}}`),
        features: ['{{lessons}}', ...extra.slice(14).map((variable) => `{{${variable.name}}}`)],
      },
    });
    expect(fields).toEqual([{ path: 'variables', message: 'must declare at most 30 variables' }]);
  });

  it('catches malformed placeholders, unused variables and a required variable with a default', () => {
    const template = buildTemplate();
    const fields = validateTemplateDefinition({
      ...template,
      campaignName: '{{ product name }} recap',
      variables: [
        ...template.variables.slice(0, 2),
        {
          name: 'replayUrl',
          description: 'The replay.',
          required: true,
          defaultValue: 'https://x.example',
          kind: 'url',
        },
        { name: 'unused', description: 'Never used.', required: false, defaultValue: null, kind: 'text' },
      ],
    });
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'campaignName', message: 'has a malformed placeholder; write {{variableName}}' },
        { path: 'variables.2.defaultValue', message: 'must be empty for a required variable' },
        { path: 'variables.3.name', message: 'is not used in the campaign name or the brief' },
      ]),
    );
  });

  it('catches guidance for a platform the template does not target and text over its limit', () => {
    const fields = validateTemplateDefinition(
      buildTemplate({ name: 'n'.repeat(101), guidance: { [Platform.TWITTER]: 'Keep it short.' } }),
    );
    expect(fields).toEqual([
      { path: 'name', message: 'must be at most 100 characters' },
      { path: 'guidance.TWITTER', message: 'is for a platform the template does not target' },
    ]);
  });

  it('checks that the example applies, naming its variables', () => {
    const fields = validateTemplateDefinition(
      buildTemplate({ example: { variables: { productName: 'Ledgerly', replayUrl: 'nope' }, sample: null } }),
    );
    expect(fields.map((field) => field.path).sort()).toEqual([
      'example.variables.lessons',
      'example.variables.replayUrl',
    ]);
  });
});
