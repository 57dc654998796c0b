import { ApiError, type FieldError } from '../../api/errors';
import type { VariablesOf } from '../../graphql';
import type {
  BriefData,
  CampaignStatus,
  CreateCampaignMutation,
  Platform,
  TemplateData,
  TemplateVariableData,
  Tone,
} from './queries';

/** Every campaign status, in the order of a campaign's life, with words for people (compile-checked both ways). */
export const STATUS_LABELS: Record<CampaignStatus, string> = {
  DRAFT: 'Draft',
  GENERATING: 'Generating',
  READY: 'Ready',
  FAILED: 'Failed',
  ARCHIVED: 'Archived',
};
export const STATUSES = Object.keys(STATUS_LABELS) as CampaignStatus[];

/** Every tone, with the schema's description of it. */
export const TONE_LABELS: Record<Tone, string> = {
  PROFESSIONAL: 'Professional — clear, credible and businesslike',
  FRIENDLY: 'Friendly — warm and conversational',
  PLAYFUL: 'Playful — light, witty, with room for fun',
  PREMIUM: 'Premium — refined and understated',
  URGENT: 'Urgent — direct, pushing to act now',
  INFORMATIVE: 'Informative — explanatory and factual',
  INSPIRATIONAL: 'Inspirational — uplifting and aspirational',
};
export const TONES = Object.keys(TONE_LABELS) as Tone[];

export type NewMode = 'brief' | 'template';

/** What the campaigns page keeps in its query string, so reload and back keep it. */
export interface CampaignsQueryState {
  /** The search text ("" for none). */
  q: string;
  status: CampaignStatus | null;
  /** The create form shown instead of the list, or null for the list. */
  mode: NewMode | null;
  /** The template picked on the template form. */
  template: string | null;
}

function isStatus(value: string | null): value is CampaignStatus {
  return value !== null && Object.hasOwn(STATUS_LABELS, value);
}

/** Reads `?q=…&status=…&new=brief|template&template=…`; unknown values are ignored rather than sent to the API. */
export function readCampaignsQuery(search: string): CampaignsQueryState {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  const mode = params.get('new');
  return {
    q: (params.get('q') ?? '').trim(),
    status: isStatus(status) ? status : null,
    mode: mode === 'brief' || mode === 'template' ? mode : null,
    template: mode === 'template' ? params.get('template') || null : null,
  };
}

/** The page's address for a state; empty parts are left out (`/campaigns` for none). */
export function campaignsHref(state: Partial<CampaignsQueryState>): string {
  const params = new URLSearchParams();
  if (state.q?.trim()) params.set('q', state.q.trim());
  if (state.status) params.set('status', state.status);
  if (state.mode) params.set('new', state.mode);
  if (state.mode === 'template' && state.template) params.set('template', state.template);
  const query = params.toString();
  return query ? `/campaigns?${query}` : '/campaigns';
}

/** A textarea's items: one a line, trimmed, blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** The brief form as typed: lists are one item a line. */
export interface BriefFormState {
  name: string;
  productName: string;
  description: string;
  features: string;
  audience: string;
  tone: Tone;
  platforms: Platform[];
  keywords: string;
  callToAction: string;
  url: string;
  language: string;
}

export function emptyBriefForm(): BriefFormState {
  return {
    name: '',
    productName: '',
    description: '',
    features: '',
    audience: '',
    tone: 'PROFESSIONAL',
    platforms: [],
    keywords: '',
    callToAction: '',
    url: '',
    language: 'en',
  };
}

/** The form filled with a brief (e.g. the one applyTemplate made), for the user to adjust. */
export function briefFormFrom(name: string, brief: BriefData): BriefFormState {
  return {
    name,
    productName: brief.productName,
    description: brief.description ?? '',
    features: brief.features.join('\n'),
    audience: brief.audience ?? '',
    tone: brief.tone,
    platforms: [...brief.platforms],
    keywords: brief.keywords.join('\n'),
    callToAction: brief.callToAction ?? '',
    url: brief.url ?? '',
    language: brief.language,
  };
}

type CreateCampaignInput = VariablesOf<typeof CreateCampaignMutation>['input'];

function optional(value: string): string | null {
  return value.trim() ? value.trim() : null;
}

/**
 * The createCampaign input of the form. Blank optional fields are sent as null ("not given"); required ones are
 * sent as typed so the server's message lands next to the field.
 */
export function createCampaignInput(form: BriefFormState): CreateCampaignInput {
  return {
    name: form.name,
    brief: {
      productName: form.productName,
      description: optional(form.description),
      features: splitLines(form.features),
      audience: optional(form.audience),
      tone: form.tone,
      platforms: form.platforms,
      keywords: splitLines(form.keywords),
      callToAction: optional(form.callToAction),
      url: optional(form.url),
      language: optional(form.language),
    },
  };
}

const ITEM_NAMES: Record<string, string> = { features: 'Feature', keywords: 'Keyword' };

/**
 * The error with item paths folded into their list (`brief.features.2` → `brief.features`, "Feature 3 …") and the
 * messages of one path joined, so a one-item-a-line textarea shows every complaint about its lines.
 */
export function foldItemErrors(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.fields.length === 0) return error;
  const byPath = new Map<string, string[]>();
  for (const field of error.fields) {
    const match = /^(.*?)\.?([A-Za-z_]\w*)\.(\d+)$/.exec(field.path);
    let path = field.path;
    let message = field.message;
    if (match) {
      const [, prefix, list, index] = match;
      path = prefix ? `${prefix}.${list}` : (list as string);
      message = `${ITEM_NAMES[list as string] ?? 'Item'} ${Number(index) + 1} ${field.message}`;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), message]);
  }
  const fields: FieldError[] = [...byPath].map(([path, messages]) => ({ path, message: messages.join('; ') }));
  return new ApiError(error.message, error.code, fields, error.retryAfter);
}

/** The `name` of the form field for a template variable: the path applyTemplate reports its errors at. */
export function variableFieldName(variable: string): string {
  return `variables.${variable}`;
}

const WORDS: Record<string, string> = { url: 'URL', cta: 'CTA', faq: 'FAQ', seo: 'SEO', id: 'ID' };

/** A variable name as a label: `callToAction` → "Call to action", `landing_url` → "Landing URL". */
export function variableLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase())
    .map((word) => WORDS[word] ?? word);
  const label = words.join(' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** How one template variable is asked for. */
export interface VariableField {
  variable: string;
  /** The field's `name`, matching applyTemplate's error paths. */
  name: string;
  label: string;
  /** The description, how to write it and the default. */
  hint: string;
  required: boolean;
  multiline: boolean;
  type: 'text' | 'url' | 'date';
}

/** How to write a value of a kind, unless the description already says it (a date gets a date picker). */
function kindHint(kind: string, description: string): string {
  if (kind === 'list' && !/\bline\b/i.test(description)) return 'One item a line.';
  if (kind === 'url' && !/\b(link|url|page)\b/i.test(description)) return 'An http(s) link.';
  return '';
}

/** Text as a sentence: ends with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return !trimmed || /[.!?:)”"…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A template's variables as form fields, in the template's order. */
export function variableFields(variables: readonly TemplateVariableData[]): VariableField[] {
  return variables.map((variable) => {
    const fallback = variable.defaultValue?.trim();
    const hint = [
      sentence(variable.description),
      kindHint(variable.kind, variable.description),
      fallback ? `If left empty: “${fallback}”.` : variable.required ? '' : 'Optional.',
    ]
      .filter(Boolean)
      .join(' ');
    return {
      variable: variable.name,
      name: variableFieldName(variable.name),
      label: variableLabel(variable.name),
      hint,
      required: variable.required,
      multiline: variable.kind === 'list',
      type: variable.kind === 'url' ? 'url' : variable.kind === 'date' ? 'date' : 'text',
    };
  });
}

/** The values typed, as applyTemplate's variables: only the ones given, trimmed (blank ones take the default). */
export function variableInputs(
  variables: readonly TemplateVariableData[],
  values: Readonly<Record<string, string>>,
): { name: string; value: string }[] {
  return variables
    .map((variable) => ({ name: variable.name, value: (values[variable.name] ?? '').trim() }))
    .filter((entry) => entry.value.length > 0);
}

/** The template's example values by variable name, to fill the form with. */
export function exampleValues(template: Pick<TemplateData, 'example' | 'variables'>): Record<string, string> {
  const lists = new Set(template.variables.filter((v) => v.kind === 'list').map((v) => v.name));
  const values: Record<string, string> = {};
  for (const entry of template.example?.variables ?? []) {
    values[entry.name] = lists.has(entry.name)
      ? entry.value
          .split(/[\n;]/)
          .map((item) => item.trim())
          .filter(Boolean)
          .join('\n')
      : entry.value;
  }
  return values;
}

/** How many campaigns a page of the list shows. */
export const PAGE_SIZE = 20;

/** True when the list is narrowed by a search or a status. */
export function hasFilters(state: Pick<CampaignsQueryState, 'q' | 'status'>): boolean {
  return state.q !== '' || state.status !== null;
}

function campaignsWord(count: number): string {
  return count === 1 ? 'campaign' : 'campaigns';
}

/**
 * What the list shows, in words: "Showing 21–23 of 23 campaigns", with the filter ("draft", "matching “x”") named.
 * `page` counts from 1; `shown` is the number of rows on it.
 */
export function resultSummary(
  state: Pick<CampaignsQueryState, 'q' | 'status'>,
  page: number,
  shown: number,
  total: number,
  pageSize = PAGE_SIZE,
): string {
  const kind = state.status ? `${STATUS_LABELS[state.status].toLowerCase()} ` : '';
  const matching = state.q ? ` matching “${state.q}”` : '';
  if (shown === 0) return `No ${kind}${campaignsWord(2)}${matching}`;
  const from = (page - 1) * pageSize + 1;
  const to = from + shown - 1;
  const range = from === 1 && to === total ? `${total}` : `${from}–${to} of ${total}`;
  return `Showing ${range} ${kind}${campaignsWord(total)}${matching}`;
}

/** The title of the empty list: none at all, or none that match the filters. */
export function emptyTitle(state: Pick<CampaignsQueryState, 'q' | 'status'>): string {
  if (!hasFilters(state)) return 'No campaigns yet';
  const kind = state.status ? `${STATUS_LABELS[state.status].toLowerCase()} ` : '';
  return state.q ? `No ${kind}campaigns match “${state.q}”` : `No ${kind}campaigns`;
}

/**
 * The error without its complaints about the fields edited since it came: their old message no longer applies.
 * A field `brief.features` also drops its items' paths (`brief.features.2`).
 */
export function withoutEdited(error: unknown, edited: readonly string[]): unknown {
  if (!(error instanceof ApiError) || edited.length === 0) return error;
  const fields = error.fields.filter(
    (field) => !edited.some((name) => field.path === name || field.path.startsWith(`${name}.`)),
  );
  return new ApiError(error.message, error.code, fields, error.retryAfter);
}
