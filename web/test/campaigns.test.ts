import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/errors';
import {
  briefFormFrom,
  campaignsHref,
  createCampaignInput,
  emptyBriefForm,
  emptyTitle,
  exampleValues,
  foldItemErrors,
  hasFilters,
  readCampaignsQuery,
  resultSummary,
  splitLines,
  variableFields,
  variableInputs,
  variableLabel,
  withoutEdited,
} from '../src/screens/campaigns/logic';
import type { TemplateVariableData } from '../src/screens/campaigns/queries';

describe('campaigns address', () => {
  it('reads the search, status, form and template from the query string', () => {
    expect(readCampaignsQuery('?q=%20spring%20&status=READY')).toEqual({
      q: 'spring',
      status: 'READY',
      mode: null,
      template: null,
    });
    expect(readCampaignsQuery('?new=template&template=product-launch')).toEqual({
      q: '',
      status: null,
      mode: 'template',
      template: 'product-launch',
    });
  });

  it('ignores values the API would refuse rather than sending them', () => {
    expect(readCampaignsQuery('?status=LIVE&new=wizard&template=x')).toEqual({
      q: '',
      status: null,
      mode: null,
      template: null,
    });
    // A template only belongs to the template form.
    expect(readCampaignsQuery('?new=brief&template=x').template).toBeNull();
    expect(readCampaignsQuery('?status=toString').status).toBeNull();
  });

  it('writes only the parts that are set, and reads back what it wrote', () => {
    expect(campaignsHref({})).toBe('/campaigns');
    expect(campaignsHref({ q: '  ', status: null, mode: null })).toBe('/campaigns');
    const state = { q: 'Acme & co', status: 'DRAFT' as const, mode: 'template' as const, template: 'case-study' };
    const href = campaignsHref(state);
    expect(href).toBe('/campaigns?q=Acme+%26+co&status=DRAFT&new=template&template=case-study');
    expect(readCampaignsQuery(href.slice(href.indexOf('?')))).toEqual(state);
    expect(campaignsHref({ mode: 'brief', template: 'case-study' })).toBe('/campaigns?new=brief');
  });

  it('knows when the list is filtered', () => {
    expect(hasFilters({ q: '', status: null })).toBe(false);
    expect(hasFilters({ q: 'x', status: null })).toBe(true);
    expect(hasFilters({ q: '', status: 'FAILED' })).toBe(true);
  });
});

describe('the list in words', () => {
  it('counts the rows of the page shown out of all that match', () => {
    expect(resultSummary({ q: '', status: null }, 1, 3, 3)).toBe('Showing 3 campaigns');
    expect(resultSummary({ q: '', status: null }, 1, 1, 1)).toBe('Showing 1 campaign');
    expect(resultSummary({ q: '', status: null }, 1, 20, 23)).toBe('Showing 1–20 of 23 campaigns');
    expect(resultSummary({ q: 'rocket', status: 'DRAFT' }, 2, 3, 23)).toBe(
      'Showing 21–23 of 23 draft campaigns matching “rocket”',
    );
  });

  it('tells an empty workspace from a search that matches nothing', () => {
    expect(emptyTitle({ q: '', status: null })).toBe('No campaigns yet');
    expect(emptyTitle({ q: 'zzz', status: null })).toBe('No campaigns match “zzz”');
    expect(emptyTitle({ q: '', status: 'ARCHIVED' })).toBe('No archived campaigns');
    expect(emptyTitle({ q: 'zzz', status: 'READY' })).toBe('No ready campaigns match “zzz”');
  });
});

describe('createCampaign input from the brief form', () => {
  it('splits one-a-line lists, drops blank lines and sends blank optional fields as null', () => {
    const form = {
      ...emptyBriefForm(),
      name: 'Spring launch',
      productName: 'Acme Rocket',
      features: '  Fast \n\n Folds away\n',
      keywords: '',
      platforms: ['LINKEDIN' as const, 'EMAIL' as const],
      language: ' ',
      audience: '  ',
      url: ' https://acme.example ',
    };
    expect(createCampaignInput(form)).toEqual({
      name: 'Spring launch',
      brief: {
        productName: 'Acme Rocket',
        description: null,
        features: ['Fast', 'Folds away'],
        audience: null,
        tone: 'PROFESSIONAL',
        platforms: ['LINKEDIN', 'EMAIL'],
        keywords: [],
        callToAction: null,
        url: 'https://acme.example',
        language: null,
      },
    });
  });

  it('sends required fields as typed, so the server says what is wrong next to them', () => {
    const input = createCampaignInput(emptyBriefForm());
    expect(input.name).toBe('');
    expect(input.brief.productName).toBe('');
    expect(input.brief.features).toEqual([]);
    expect(input.brief.platforms).toEqual([]);
  });

  it('fills the form from a brief (the one a template made) and gives the same brief back', () => {
    const brief = {
      productName: 'Scaling Postgres',
      description: 'What we learned.',
      features: ['Index what you filter', 'Batch your writes'],
      audience: null,
      tone: 'INFORMATIVE' as const,
      platforms: ['LINKEDIN' as const],
      keywords: ['postgres'],
      callToAction: null,
      url: null,
      language: 'en',
    };
    const form = briefFormFrom('Scaling Postgres recap', brief);
    expect(form.features).toBe('Index what you filter\nBatch your writes');
    expect(createCampaignInput(form)).toEqual({ name: 'Scaling Postgres recap', brief });
  });

  it('reads lines of any ending', () => {
    expect(splitLines('a\r\nb\n\n c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('field errors', () => {
  it('folds item errors into their list, numbered from 1, and joins the messages of one field', () => {
    const error = new ApiError('Invalid campaign', 'BAD_USER_INPUT', [
      { path: 'name', message: 'must not be empty' },
      { path: 'brief.features.0', message: 'must be at most 200 characters' },
      { path: 'brief.features.2', message: 'must not be empty' },
      { path: 'brief.keywords.1', message: 'must be at most 50 characters' },
      { path: 'brief.platforms', message: 'must list at least 1 platform' },
    ]);
    const folded = foldItemErrors(error) as ApiError;
    expect(folded).toBeInstanceOf(ApiError);
    expect(folded.code).toBe('BAD_USER_INPUT');
    expect(folded.fields).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'brief.features', message: 'Feature 1 must be at most 200 characters; Feature 3 must not be empty' },
      { path: 'brief.keywords', message: 'Keyword 2 must be at most 50 characters' },
      { path: 'brief.platforms', message: 'must list at least 1 platform' },
    ]);
  });

  it('drops the complaints about fields edited since, items included', () => {
    const error = new ApiError('Invalid campaign', 'BAD_USER_INPUT', [
      { path: 'name', message: 'must not be empty' },
      { path: 'brief.features.1', message: 'must not be empty' },
      { path: 'brief.featuresExtra', message: 'kept' },
    ]);
    const shown = withoutEdited(error, ['brief.features']) as ApiError;
    expect(shown.fields.map((f) => f.path)).toEqual(['name', 'brief.featuresExtra']);
    expect(shown.code).toBe('BAD_USER_INPUT');
    expect(withoutEdited(error, [])).toBe(error);
    expect(withoutEdited(undefined, ['name'])).toBeUndefined();
  });

  it('leaves other errors as they are', () => {
    const forbidden = new ApiError('No', 'FORBIDDEN');
    expect(foldItemErrors(forbidden)).toBe(forbidden);
    expect(foldItemErrors(undefined)).toBeUndefined();
    const plain = new Error('offline');
    expect(foldItemErrors(plain)).toBe(plain);
  });
});

describe('template variables as a form', () => {
  const variables: TemplateVariableData[] = [
    { name: 'productName', description: 'The product', required: true, defaultValue: null, kind: 'text' },
    { name: 'highlights', description: 'What stands out', required: true, defaultValue: null, kind: 'list' },
    { name: 'landing_url', description: 'Where to send people', required: false, defaultValue: null, kind: 'url' },
    { name: 'launchDate', description: 'When', required: false, defaultValue: 'soon', kind: 'date' },
  ];

  it('labels variables for people', () => {
    expect(variableLabel('callToAction')).toBe('Call to action');
    expect(variableLabel('landing_url')).toBe('Landing URL');
    expect(variableLabel('topic')).toBe('Topic');
  });

  it('asks for each variable by its kind, named as applyTemplate reports its errors', () => {
    const fields = variableFields(variables);
    expect(fields.map((f) => [f.name, f.type, f.multiline, f.required])).toEqual([
      ['variables.productName', 'text', false, true],
      ['variables.highlights', 'text', true, true],
      ['variables.landing_url', 'url', false, false],
      ['variables.launchDate', 'date', false, false],
    ]);
    expect(fields[0]?.hint).toBe('The product.');
    expect(fields[1]?.hint).toBe('What stands out. One item a line.');
    expect(fields[2]?.hint).toBe('Where to send people. An http(s) link. Optional.');
    expect(fields[3]?.hint).toBe('When. If left empty: “soon”.');
    // A description that says how to write the value is not repeated.
    const [list] = variableFields([{ ...variables[1]!, description: 'Three features, one per line.' }]);
    expect(list?.hint).toBe('Three features, one per line.');
  });

  it('sends only the values given, trimmed, so blank ones take their default', () => {
    expect(variableInputs(variables, { productName: ' Rocket ', highlights: 'a\nb', launchDate: '  ' })).toEqual([
      { name: 'productName', value: 'Rocket' },
      { name: 'highlights', value: 'a\nb' },
    ]);
  });

  it('fills the form with the example, list values one a line', () => {
    expect(
      exampleValues({
        variables,
        example: {
          variables: [
            { name: 'productName', value: 'Rocket' },
            { name: 'highlights', value: 'Fast; Light;' },
          ],
        },
      }),
    ).toEqual({ productName: 'Rocket', highlights: 'Fast\nLight' });
    expect(exampleValues({ variables, example: null })).toEqual({});
  });
});
