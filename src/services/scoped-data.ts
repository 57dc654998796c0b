import type { EntityClass, EntityKey, FilterQuery, FindOneOptions, Loaded, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager, QueryBuilder } from '@mikro-orm/postgresql';
import { WORKSPACE_FILTER, type Workspace, type WorkspaceFilterArgs } from '../entities';
import { AppError } from '../errors';
import type { Scope } from './viewer';

/**
 * Access to workspace-owned rows. Reads go through the entity's workspace filter (entities/workspace-scope.ts),
 * which the request's EntityManager carries: `em.find` applies it, and the helpers here apply it to the paths that
 * would skip it (a QueryBuilder) or make an unknown id and another workspace's id answer alike.
 */

/** An entity that belongs to one workspace and is addressed by a UUID. */
export interface Owned {
  id: string;
  workspace: Workspace;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Find options without `filters`: turning the workspace filter off is never a lookup's choice. */
export type OwnedFindOptions<Entity extends object, Hint extends string> = FindOneOptions<Entity, Hint> & {
  filters?: never;
};

/**
 * The row with this id in the caller's workspace, or null. A malformed id, an unknown one and another
 * workspace's (which the filter hides) are all the same null, so no answer tells them apart (API.md).
 */
export async function findOwned<Entity extends Owned, Hint extends string = never>(
  scope: Scope,
  entity: EntityClass<Entity>,
  id: string,
  options?: OwnedFindOptions<Entity, Hint>,
): Promise<Loaded<Entity, Hint> | null> {
  if (!isUuid(id)) return null;
  return scope.em.findOne<Entity, Hint>(entity, { id } as FilterQuery<Entity>, options);
}

/** Like `findOwned`, but NOT_FOUND ("<what> not found") when there is none. */
export async function getOwned<Entity extends Owned, Hint extends string = never>(
  scope: Scope,
  entity: EntityClass<Entity>,
  id: string,
  what: string,
  options?: OwnedFindOptions<Entity, Hint>,
): Promise<Loaded<Entity, Hint>> {
  const found = await findOwned(scope, entity, id, options);
  if (!found) throw AppError.notFound(what);
  return found;
}

/**
 * The workspace an EntityManager's workspace filter scopes reads to, for statements written as SQL (which the
 * filter cannot reach). Throws, as `em.find` would, when the EntityManager has no workspace filter params.
 */
export function workspaceOf(em: EntityManager): string {
  const id = em.getFilterParams<Partial<WorkspaceFilterArgs>>(WORKSPACE_FILTER)?.id;
  if (typeof id !== 'string' || !isUuid(id)) throw new Error(`No arguments provided for filter '${WORKSPACE_FILTER}'`);
  return id;
}

/**
 * Runs one fixed read statement (`?` parameters) on `em`'s connection, inside its transaction when it has one.
 * Timestamps come from the driver as text (MikroORM's setting): the columns named in `dates` are parsed into Dates.
 * The statement must scope itself (`workspaceOf`): no filter reaches SQL.
 */
export async function selectRows<Row>(
  em: EntityManager,
  sql: string,
  params: unknown[],
  dates: readonly (keyof Row & string)[] = [],
): Promise<Row[]> {
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(sql, params, 'all', em.getTransactionContext());
  const platform = em.getPlatform();
  for (const row of rows) {
    for (const key of dates) {
      const value = row[key];
      if (typeof value === 'string') row[key] = platform.parseDate(value);
    }
  }
  return rows as Row[];
}

/**
 * Runs a QueryBuilder query on a workspace-owned entity with the entity's filters ANDed onto whatever `build` made:
 * the filters `em.find` applies, which a QueryBuilder skips unless asked (`qb.applyFilters()`). They are applied
 * after `build` because `where()` replaces the condition, and the query is run by `run` because a QueryBuilder is
 * thenable (awaiting one runs it). Like `em.find`, it rejects when the EntityManager has no workspace filter params.
 * Joined entities are not filtered: join only along relations that stay within one workspace.
 */
export async function scopedQuery<
  Entity extends Owned,
  Alias extends string,
  Built extends Pick<QueryBuilder<Entity>, 'applyFilters'>,
  Result,
>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  alias: Alias,
  build: (qb: QueryBuilder<Entity, Alias>) => Built,
  run: (qb: Built) => Promise<Result>,
): Promise<Result> {
  const qb = build(em.createQueryBuilder(entity, alias));
  await qb.applyFilters();
  return run(qb);
}

/**
 * Inserts one row of a workspace-owned entity for an owner read by id (a worker's job), skipping it when it
 * collides on `ignoreConflictOn`; true when the row was written. A filter cannot scope an insert (it adds
 * conditions to reads, updates and deletes; an INSERT has none), so the workspace is a value: it is always the
 * owner's, and the row itself has no say.
 */
export async function insertOwned<Entity extends Owned>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  owner: { workspace: Workspace },
  row: Omit<RequiredEntityData<Entity>, 'workspace'>,
  options: { ignoreConflictOn: EntityKey<Entity>[] },
): Promise<boolean> {
  const data = { ...row, workspace: owner.workspace.id } as RequiredEntityData<Entity>;
  const result = await em
    .createQueryBuilder(entity)
    .insert(data)
    .onConflict(options.ignoreConflictOn)
    .ignore()
    .execute('run');
  return result.affectedRows === 1;
}
