import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { CustomTemplate } from '../../entities';
import { AppError } from '../../errors';
import type { DomainEvents } from '../events/domain-events';
import type { Scope } from '../viewer';
import { TEMPLATE_LIMITS } from './template.limits';
import type { AppliedTemplateData, TemplateDefinition, TemplateVariableValue } from './template.types';
import { validateTemplateDefinition } from './template.validation';
import { applyTemplate, findBuiltInTemplate, listBuiltInTemplates } from './template-apply';

/** A template as a workspace sees it. */
export interface CatalogTemplate {
  definition: TemplateDefinition;
  builtIn: boolean;
}

/** The workspace's template with this key, or null; a string that cannot be a key is unknown like a missing key. */
function findRow(scope: Scope, key: string): Promise<CustomTemplate | null> {
  return TEMPLATE_LIMITS.key.test(key) ? scope.em.findOne(CustomTemplate, { key }) : Promise.resolve(null);
}

function notFound(key: string): AppError {
  return AppError.notFound(`Template "${key}"`);
}

function custom(row: CustomTemplate): CatalogTemplate {
  return { definition: row.definition as unknown as TemplateDefinition, builtIn: false };
}

/** The built-in templates plus the workspace's own: list, apply, create, update, delete. */
export class TemplateCatalogService {
  constructor(private readonly events: DomainEvents) {}

  /** Built-ins first, then the workspace's templates; optionally of one category. */
  async list(scope: Scope, category?: string | null): Promise<CatalogTemplate[]> {
    const builtIns = listBuiltInTemplates(category).map((definition) => ({ definition, builtIn: true }));
    const rows = await scope.em.find(CustomTemplate, {}, { orderBy: { key: 'asc' } });
    const customs = rows.map(custom).filter((t) => !category || t.definition.category === category);
    return [...builtIns, ...customs];
  }

  async find(scope: Scope, key: string): Promise<CatalogTemplate | null> {
    const builtIn = findBuiltInTemplate(key);
    if (builtIn) return { definition: builtIn, builtIn: true };
    const row = await findRow(scope, key);
    return row ? custom(row) : null;
  }

  /** Fills a template's variables into a campaign name and a validated brief (nothing is stored). */
  async apply(scope: Scope, key: string, variables: TemplateVariableValue[]): Promise<AppliedTemplateData> {
    // A template declares at most maxVariables; more values than twice that is abuse, not a typo to list one by one.
    if (variables.length > TEMPLATE_LIMITS.maxVariables * 2) {
      throw AppError.badInput([
        { path: 'variables', message: `must give at most ${TEMPLATE_LIMITS.maxVariables * 2} values` },
      ]);
    }
    const template = await this.find(scope, key);
    if (!template) throw notFound(key);
    return applyTemplate(template.definition, variables);
  }

  /** Stores a new workspace template; a key taken by a built-in or another template is CONFLICT. */
  async create(scope: Scope, definition: TemplateDefinition): Promise<CatalogTemplate> {
    this.validate(definition);
    if (findBuiltInTemplate(definition.key)) {
      throw new AppError('CONFLICT', `"${definition.key}" is a built-in template's key`);
    }
    const workspaceId = scope.viewer.workspace.id;
    try {
      const row = await this.events.transaction(scope.em, async (tx, emit) => {
        emit('template.created', workspaceId, { key: definition.key });
        return tx.create(CustomTemplate, {
          workspace: workspaceId,
          key: definition.key,
          definition: definition as unknown as Record<string, unknown>,
        });
      });
      return custom(row);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new AppError('CONFLICT', `A template with key "${definition.key}" already exists`);
      }
      throw error;
    }
  }

  /** Replaces a workspace template's definition (its key stays); built-ins cannot change. */
  async update(scope: Scope, key: string, definition: TemplateDefinition): Promise<CatalogTemplate> {
    if (findBuiltInTemplate(key)) throw new AppError('CONFLICT', 'Built-in templates cannot be changed');
    const row = await findRow(scope, key);
    if (!row) throw notFound(key);
    const next = { ...definition, key };
    this.validate(next);
    await this.events.transaction(scope.em, async (_tx, emit) => {
      row.definition = next as unknown as Record<string, unknown>;
      emit('template.updated', scope.viewer.workspace.id, { key });
    });
    return custom(row);
  }

  /** Deletes a workspace template; false when there was none. */
  async delete(scope: Scope, key: string): Promise<boolean> {
    if (findBuiltInTemplate(key)) throw new AppError('CONFLICT', 'Built-in templates cannot be deleted');
    return this.events.transaction(scope.em, async (tx, emit) => {
      const deleted = (await tx.nativeDelete(CustomTemplate, { key })) > 0;
      if (deleted) emit('template.deleted', scope.viewer.workspace.id, { key });
      return deleted;
    });
  }

  private validate(definition: TemplateDefinition): void {
    const fields = validateTemplateDefinition(definition);
    if (fields.length > 0) throw AppError.badInput(fields, 'Invalid template');
  }
}
