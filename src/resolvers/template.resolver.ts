import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { AppliedTemplateType, TemplateInput, TemplateType, TemplateVariableInput } from '../schema/template.type';
import { appliedTemplateView, definitionFromInput, templateView } from '../services/templates/template-view';

@Resolver(() => TemplateType)
export class TemplateResolver {
  @Query(() => [TemplateType], { description: 'Built-in templates, then your workspace’s own.' })
  async templates(@Ctx() ctx: Context, @Arg('category', () => String, { nullable: true }) category?: string | null) {
    return (await ctx.services.templates.list(ctx, category)).map(templateView);
  }

  @Query(() => TemplateType, { nullable: true })
  async template(@Arg('key', () => String) key: string, @Ctx() ctx: Context) {
    const found = await ctx.services.templates.find(ctx, key);
    return found ? templateView(found) : null;
  }

  @Mutation(() => AppliedTemplateType, { description: 'Fills a template in; stores nothing.' })
  async applyTemplate(
    @Arg('key', () => String) key: string,
    @Arg('variables', () => [TemplateVariableInput]) variables: TemplateVariableInput[],
    @Ctx() ctx: Context,
  ) {
    const applied = await ctx.services.templates.apply(ctx, key, variables);
    return appliedTemplateView(applied, (await ctx.services.templates.find(ctx, key))?.builtIn ?? false);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TemplateType)
  async createTemplate(@Arg('input', () => TemplateInput) input: TemplateInput, @Ctx() ctx: Context) {
    return templateView(await ctx.services.templates.create(ctx, definitionFromInput(input)));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => TemplateType)
  async updateTemplate(
    @Arg('key', () => String) key: string,
    @Arg('input', () => TemplateInput) input: TemplateInput,
    @Ctx() ctx: Context,
  ) {
    return templateView(await ctx.services.templates.update(ctx, key, definitionFromInput(input)));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Boolean, { description: 'False when there was no such template.' })
  deleteTemplate(@Arg('key', () => String) key: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.templates.delete(ctx, key);
  }
}
