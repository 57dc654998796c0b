import { z } from 'zod';
import { type BriefData, Campaign, CampaignStatus, type Platform } from '../../entities';
import { AppError } from '../../errors';
import { platformListSchema } from '../campaigns/brief.validation';
import { CAMPAIGN_LIMITS as LIMITS } from '../campaigns/campaign.limits';
import { getOwned } from '../scoped-data';
import type { TemplateVariableValue } from '../templates/template.types';
import type { TemplateCatalogService } from '../templates/template-catalog.service';
import { parseInput } from '../validation';
import type { Scope } from '../viewer';

/** `generateCampaign`'s (and `estimateGeneration`'s) input. */
export interface GenerateInput {
  campaignId: string;
  platforms?: Platform[] | null;
  variantsPerPlatform?: number | null;
  templateKey?: string | null;
  templateVariables?: TemplateVariableValue[] | null;
  /** Skip the LLM response cache for every call of the job. */
  fresh?: boolean | null;
}

const VARIANTS = `must be between ${LIMITS.minVariantsPerPlatform} and ${LIMITS.maxVariantsPerPlatform}`;
const inputSchema = z.object({
  platforms: platformListSchema.nullish(),
  variantsPerPlatform: z
    .number()
    .int()
    .min(LIMITS.minVariantsPerPlatform, VARIANTS)
    .max(LIMITS.maxVariantsPerPlatform, VARIANTS)
    .nullish()
    .transform((count) => count ?? LIMITS.defaultVariantsPerPlatform),
});

/** What a generation of a campaign would write, resolved from the input; nothing is stored. */
export interface GenerationPlan {
  campaign: Campaign;
  /** The brief to write from: the campaign's, or the template's filled in (then `briefChanged`). */
  brief: BriefData;
  briefChanged: boolean;
  platforms: Platform[];
  variantsPerPlatform: number;
  templateKey: string | null;
  /** The template's guidance per platform, null without a template. */
  guidance: Partial<Record<Platform, string>> | null;
  fresh: boolean;
}

/**
 * Validates a generation input and resolves it against the campaign and the template: BAD_USER_INPUT for bad
 * values, NOT_FOUND for another workspace's campaign, CONFLICT for an archived one. Used by `enqueue` and by the
 * estimator alike, so both see the same platforms, counts, brief and guidance.
 */
export async function resolveGenerationPlan(
  scope: Scope,
  templates: TemplateCatalogService,
  input: GenerateInput,
): Promise<GenerationPlan> {
  const parsed = parseInput(inputSchema, input);
  const campaign = await getOwned(scope, Campaign, input.campaignId, 'Campaign');
  if (campaign.status === CampaignStatus.ARCHIVED)
    throw new AppError('CONFLICT', 'An archived campaign cannot be generated');
  const template = await resolveTemplate(scope, templates, input);
  const brief = template.brief ?? campaign.brief;
  return {
    campaign,
    brief,
    briefChanged: template.brief !== null,
    platforms: parsed.platforms ?? brief.platforms,
    variantsPerPlatform: parsed.variantsPerPlatform,
    templateKey: input.templateKey ?? null,
    guidance: template.guidance,
    fresh: input.fresh === true,
  };
}

/** A template's guidance and, with variables, the brief it fills in. */
async function resolveTemplate(
  scope: Scope,
  templates: TemplateCatalogService,
  input: GenerateInput,
): Promise<{ guidance: Partial<Record<Platform, string>> | null; brief: BriefData | null }> {
  if (!input.templateKey) {
    if (input.templateVariables?.length) {
      throw AppError.badInput([{ path: 'templateKey', message: 'is needed with templateVariables' }]);
    }
    return { guidance: null, brief: null };
  }
  const template = await templates.find(scope, input.templateKey);
  if (!template) throw AppError.badInput([{ path: 'templateKey', message: 'is not a known template' }]);
  if (!input.templateVariables?.length) return { guidance: template.definition.guidance, brief: null };
  const applied = await templates.apply(scope, input.templateKey, input.templateVariables);
  return { guidance: applied.guidance, brief: applied.brief };
}
