import type { BriefData, Platform, Tone } from '../../entities';

/** How a variable's value is read: `list` splits on newlines or ';', `url` must be http(s), `date` is YYYY-MM-DD. */
export type TemplateVariableKind = 'text' | 'list' | 'url' | 'date';

/** One blank a user fills in. A required variable has no default: the user must give it. */
export interface TemplateVariableDefinition {
  /** Referenced as `{{name}}` in the patterns. */
  name: string;
  description: string;
  required: boolean;
  defaultValue: string | null;
  kind: TemplateVariableKind;
}

/**
 * The brief a template produces, with `{{variable}}` placeholders. A part (a scalar field, one description
 * sentence, one feature or keyword entry) that names a variable left empty is omitted, so optional variables never
 * leave half-sentences behind. A feature or keyword entry that is exactly one list variable expands to its items.
 */
export interface BriefPattern {
  productName: string;
  /** Sentences, joined with a space. */
  description: string[];
  features: string[];
  audience: string | null;
  callToAction: string | null;
  keywords: string[];
  url: string | null;
  /** BCP 47 tag or a placeholder; empty means "en". */
  language: string | null;
}

/** A filled example marketers see before they start, and a short sample of the copy it leads to. */
export interface TemplateExample {
  variables: Record<string, string>;
  sample: { platform: Platform; text: string } | null;
}

/** A template, built-in or custom: what it is for, its variables, its brief pattern and per-platform guidance. */
export interface TemplateDefinition {
  key: string;
  name: string;
  category: string;
  description: string;
  platforms: Platform[];
  tone: Tone;
  variables: TemplateVariableDefinition[];
  /** Pattern for the campaign's name, e.g. "{{productName}} launch". */
  campaignName: string;
  brief: BriefPattern;
  /** Template-specific advice per platform, on top of the platform's own rules. */
  guidance: Partial<Record<Platform, string>>;
  example: TemplateExample | null;
}

/** One value a user gives (the shape of `TemplateVariableInput`). */
export interface TemplateVariableValue {
  name: string;
  value: string;
}

/** A variable as applied: the value used (null when left empty) and whether it came from the default. */
export interface ResolvedVariable {
  name: string;
  value: string | null;
  defaulted: boolean;
}

/** What applying a template yields: a campaign name and a validated brief ready for `createCampaign`. */
export interface AppliedTemplateData {
  template: TemplateDefinition;
  name: string;
  brief: BriefData;
  /** Guidance for the template's platforms only. */
  guidance: Partial<Record<Platform, string>>;
  variables: ResolvedVariable[];
}
