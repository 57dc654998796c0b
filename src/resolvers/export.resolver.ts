import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ExportFileType, ExportFormatEnum } from '../schema/export.type';
import type { ExportFile } from '../services/export/campaign-export';

@Resolver()
export class ExportResolver {
  @Query(() => ExportFileType, {
    description:
      "A campaign of your workspace as a file: the brief, the outline and every variant's current text with its status, moderation verdict, quality score and schedule. Also at `GET /export/campaigns/<id>.md|.csv|.json`.",
  })
  exportCampaign(
    @Arg('id', () => ID, { description: 'The campaign id.' }) id: string,
    @Arg('format', () => ExportFormatEnum, { description: 'The file format.' }) format: ExportFormatEnum,
    @Ctx() ctx: Context,
  ): Promise<ExportFile> {
    return ctx.services.exports.export(ctx, id, format);
  }
}
