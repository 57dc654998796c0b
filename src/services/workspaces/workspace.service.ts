import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey, type RateLimitTier, Role, Workspace } from '../../entities';
import { AppError } from '../../errors';
import type { ApiKeyService } from '../auth/api-key.service';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export class WorkspaceService {
  constructor(private readonly apiKeys: ApiKeyService) {}

  /** Creates a workspace with its first ADMIN key; returns the key's secret (shown once). */
  async create(em: EntityManager, name: string): Promise<{ workspace: Workspace; secret: string }> {
    const normalised = name.trim().toLowerCase();
    if (!NAME_PATTERN.test(normalised)) {
      throw AppError.badInput([
        { path: 'name', message: 'must be 1–63 of a-z, 0-9, ".", "_" or "-", starting with a letter or digit' },
      ]);
    }
    try {
      return await em.transactional(async (tx) => {
        const workspace = tx.create(Workspace, { name: normalised });
        tx.persist(workspace);
        const { secret } = await this.apiKeys.create({ em: tx, workspace, role: Role.ADMIN, name: 'workspace admin' });
        return { workspace, secret };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new AppError('CONFLICT', `Workspace "${normalised}" already exists`);
      }
      throw error;
    }
  }

  /** Creates a key in an existing workspace (the `copydesk apikey create` command). */
  async createKey(
    em: EntityManager,
    props: { workspaceName: string; role: Role; name: string; rateLimitTier?: RateLimitTier },
  ): Promise<string> {
    const workspace = await em.findOne(Workspace, { name: props.workspaceName.trim().toLowerCase() });
    if (!workspace) throw AppError.notFound(`Workspace "${props.workspaceName}"`);
    const { secret } = await this.apiKeys.create({
      em,
      workspace,
      role: props.role,
      name: props.name,
      rateLimitTier: props.rateLimitTier,
    });
    return secret;
  }

  /** Number of keys across all workspaces (start-up hint). */
  countKeys(em: EntityManager): Promise<number> {
    return em.count(ApiKey, {}, { filters: false });
  }
}
