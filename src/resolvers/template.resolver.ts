import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { AppliedTemplateType, TemplateInput, TemplateType, TemplateVariableInput } from '../schema/template.type';
import { appliedTemplateView, definitionFromInput, templateView } from '../services/templates/template-view';

@Resolver(() => TemplateType)
export class TemplateResolver {
  @Query(() => [TemplateType], { description: 'Built-in templates, then your workspace’s own.' })
  async templates(
    @Ctx() ctx: Context,
    @Arg('category', () => String, { nullable: true, description: 'Only templates of this category.' })
    category?: string | null,
  ) {
    return (await ctx.services.templates.list(ctx, category)).map(templateView);
  }

  @Query(() => TemplateType, { nullable: true, description: 'A built-in or workspace template by key, or null.' })
  async template(@Arg('key', () => String, { description: 'The template key.' }) key: string, @Ctx() ctx: Context) {
    const found = await ctx.services.templates.find(ctx, key);
    return found ? templateView(found) : null;
  }

  @Mutation(() => AppliedTemplateType, {
    description: 'Fills a template in: a campaign name and a validated brief for createCampaign. Stores nothing.',
  })
  async applyTemplate(
    @Arg('key', () => String, { description: 'The template to apply.' }) key: string,
    @Arg('variables', () => [TemplateVariableInput], { description: 'Values for its variables, by name.' })
    variables: TemplateVariableInput[],
    @Ctx() ctx: Context,
  ) {
    const applied = await ctx.services.templates.apply(ctx, key, variables);
    return appliedTemplateView(applied, (await ctx.services.templates.find(ctx, key))?.builtIn ?? false);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TemplateType, {
    description: 'Adds a template to your workspace (EDITOR); a key already taken is CONFLICT.',
  })
  async createTemplate(
    @Arg('input', () => TemplateInput, { description: 'The template.' }) input: TemplateInput,
    @Ctx() ctx: Context,
  ) {
    return templateView(await ctx.services.templates.create(ctx, definitionFromInput(input)));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TemplateType, {
    description: "Replaces a workspace template's definition (EDITOR); its key stays. Built-ins are CONFLICT.",
  })
  async updateTemplate(
    @Arg('key', () => String, { description: 'The template to replace.' }) key: string,
    @Arg('input', () => TemplateInput, { description: 'The new definition (its `key` is ignored).' })
    input: TemplateInput,
    @Ctx() ctx: Context,
  ) {
    return templateView(await ctx.services.templates.update(ctx, key, definitionFromInput(input)));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Boolean, {
    description: 'Deletes a workspace template (EDITOR); false when there was none. Built-ins are CONFLICT.',
  })
  deleteTemplate(
    @Arg('key', () => String, { description: 'The template to delete.' }) key: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.templates.delete(ctx, key);
  }
}
