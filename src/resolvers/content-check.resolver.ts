import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { MultiPreviewInput, PlatformPreviewType, PreviewInput } from '../schema/preview.type';
import { ValidateContentInput, ValidationReportType } from '../schema/quality.type';
import type { PlatformPreview } from '../services/preview/preview.types';
import type { ValidationReport } from '../services/quality/content-check.service';

@Resolver()
export class ContentCheckResolver {
  @Query(() => ValidationReportType, { description: 'Moderation, quality and fixes for any text.' })
  validateContent(
    @Arg('input', () => ValidateContentInput, { description: 'The text and its platform.' })
    input: ValidateContentInput,
    @Ctx() ctx: Context,
  ): Promise<ValidationReport> {
    return ctx.services.contentCheck.validate(ctx, input);
  }

  @Query(() => PlatformPreviewType, { description: 'How a text or a stored variant shows on a platform.' })
  async preview(
    @Arg('input', () => PreviewInput, { description: 'The platform, and a text or a variant.' }) input: PreviewInput,
    @Ctx() ctx: Context,
  ): Promise<PlatformPreview> {
    const [result] = await ctx.services.contentCheck.previews(ctx, { ...input, platforms: [input.platform] });
    return result as PlatformPreview;
  }

  @Query(() => [PlatformPreviewType], { description: 'One text or stored variant on several platforms at once.' })
  previews(
    @Arg('input', () => MultiPreviewInput, { description: 'The platforms, and a text or a variant.' })
    input: MultiPreviewInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.contentCheck.previews(ctx, input);
  }
}
