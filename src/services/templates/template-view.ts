import type { Platform, Tone } from '../../entities';
import type {
  AppliedTemplateData,
  TemplateDefinition,
  TemplateVariableKind,
  TemplateVariableValue,
} from './template.types';
import type { CatalogTemplate } from './template-catalog.service';

/** Guidance as a list, in the template's platform order (GraphQL has no maps). */
function guidanceList(guidance: Partial<Record<Platform, string>>, platforms: Platform[]) {
  return platforms.flatMap((platform) => (guidance[platform] ? [{ platform, text: guidance[platform] }] : []));
}

/** A catalog template in the shape of the GraphQL `Template`. */
export function templateView(template: CatalogTemplate) {
  const { definition } = template;
  return {
    key: definition.key,
    name: definition.name,
    category: definition.category,
    description: definition.description,
    variables: definition.variables,
    platforms: definition.platforms,
    builtIn: template.builtIn,
    tone: definition.tone,
    guidance: guidanceList(definition.guidance, definition.platforms),
    example: definition.example
      ? {
          variables: Object.entries(definition.example.variables).map(([name, value]) => ({ name, value })),
          samplePlatform: definition.example.sample?.platform ?? null,
          sampleText: definition.example.sample?.text ?? null,
        }
      : null,
  };
}

/** An applied template in the shape of the GraphQL `AppliedTemplate`. */
export function appliedTemplateView(applied: AppliedTemplateData, builtIn: boolean) {
  return {
    template: templateView({ definition: applied.template, builtIn }),
    name: applied.name,
    brief: applied.brief,
    guidance: guidanceList(applied.guidance, applied.template.platforms),
    variables: applied.variables,
  };
}

/** What createTemplate/updateTemplate receive, before validation. */
export interface TemplateInputData {
  key: string;
  name: string;
  category: string;
  description: string;
  platforms: Platform[];
  tone: Tone;
  variables: {
    name: string;
    description: string;
    required: boolean;
    defaultValue?: string | null;
    kind?: string | null;
  }[];
  campaignName: string;
  brief: {
    productName: string;
    description?: string[] | null;
    features: string[];
    audience?: string | null;
    callToAction?: string | null;
    keywords?: string[] | null;
    url?: string | null;
    language?: string | null;
  };
  guidance?: { platform: Platform; text: string }[] | null;
  example?: TemplateVariableValue[] | null;
}

/** A TemplateDefinition from GraphQL input; validateTemplateDefinition checks it next. */
export function definitionFromInput(input: TemplateInputData): TemplateDefinition {
  return {
    key: input.key.trim(),
    name: input.name,
    category: input.category,
    description: input.description,
    platforms: input.platforms,
    tone: input.tone,
    variables: input.variables.map((variable) => ({
      name: variable.name,
      description: variable.description,
      required: variable.required,
      defaultValue: variable.defaultValue ?? null,
      kind: (variable.kind ?? 'text') as TemplateVariableKind,
    })),
    campaignName: input.campaignName,
    brief: {
      productName: input.brief.productName,
      description: input.brief.description ?? [],
      features: input.brief.features,
      audience: input.brief.audience ?? null,
      callToAction: input.brief.callToAction ?? null,
      keywords: input.brief.keywords ?? [],
      url: input.brief.url ?? null,
      language: input.brief.language ?? null,
    },
    guidance: Object.fromEntries((input.guidance ?? []).map((item) => [item.platform, item.text])),
    example: input.example
      ? { variables: Object.fromEntries(input.example.map((item) => [item.name, item.value])), sample: null }
      : null,
  };
}
