import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ApiKey, RateLimitTier, Role, Workspace } from '../../entities';
import { AppError } from '../../errors';
import type { Logger } from '../../infra/logger';
import type { DomainEvents } from '../events/domain-events';
import { getOwned } from '../scoped-data';
import { parseInput, plainString } from '../validation';
import type { Scope, Viewer } from '../viewer';
import { generateSecret, hashSecret, parseBearer, visiblePrefix } from './api-key.secret';

/** How stale `lastUsedAt` may get before a request refreshes it; keeps the hot path free of writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreateKeyProps {
  em: EntityManager;
  workspace: Workspace;
  role: Role;
  name: string;
  /** A chosen secret (the COPYDESK_ADMIN_KEY bootstrap); otherwise a random one. */
  secret?: string;
  /** STANDARD unless told (the operator's CLI may set any tier). */
  rateLimitTier?: RateLimitTier;
}

const createInput = z.object({
  name: plainString().trim().min(1, 'must be 1–100 characters').max(100, 'must be 1–100 characters'),
  role: z.enum(Role),
  expiresAt: z
    .date()
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .nullish(),
  rateLimitTier: z.enum(RateLimitTier).nullish(),
});

export interface ApiKeyServiceOptions {
  logger: Logger;
  events: DomainEvents;
  /** How long a rotated key's old secret keeps working (COPYDESK_KEY_ROTATION_GRACE_S). */
  rotationGraceMs: number;
  /** How long a key read from the database is trusted without reading it again (COPYDESK_AUTH_CACHE_MS). */
  authCacheMs: number;
  /** Told when a known key is refused (revoked, expired): the audit log records it. */
  onRefused?: (key: { id: string; workspaceId: string }, reason: string) => void;
}

const TIER_RANK: Record<RateLimitTier, number> = {
  [RateLimitTier.STANDARD]: 0,
  [RateLimitTier.HIGH]: 1,
  [RateLimitTier.UNLIMITED]: 2,
};

/** What authentication needs of a key, as read at `readAt` (epoch ms; null: never / not set). */
interface KnownKey {
  readAt: number;
  revokedAt: number | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
  viewer: Viewer;
}

const MAX_CACHED_KEYS = 10_000;

/** A new key row for a secret: only its hash and visible prefix are stored. */
function keyRow(
  em: EntityManager,
  secret: string,
  props: {
    workspace: Workspace | string;
    role: Role;
    name: string;
    expiresAt?: Date | null;
    rateLimitTier?: RateLimitTier;
  },
): ApiKey {
  return em.create(ApiKey, { ...props, prefix: visiblePrefix(secret), hash: hashSecret(secret) });
}

/** A key works now: not revoked, not expired. */
function active(key: ApiKey, now = Date.now()): boolean {
  return !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > now);
}

export class ApiKeyService {
  private readonly logger: Logger;
  /** Keys read lately, by secret hash. */
  private readonly keys = new Map<string, KnownKey>();

  constructor(private readonly options: ApiKeyServiceOptions) {
    this.logger = options.logger;
  }

  /** The workspace's keys, newest first, revoked and expired ones included. */
  list(scope: Scope): Promise<ApiKey[]> {
    return scope.em.find(ApiKey, {}, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  /** A new key of the caller's workspace (ADMIN), STANDARD tier unless told; the secret is returned once. */
  async createForWorkspace(
    scope: Scope,
    input: { name: string; role: Role; expiresAt?: Date | null; rateLimitTier?: RateLimitTier | null },
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const parsed = parseInput(createInput, input, 'Invalid API key');
    const tier = parsed.rateLimitTier ?? RateLimitTier.STANDARD;
    // A tenant's ADMIN cannot lift its own rate limits: higher tiers come from the operator (the CLI's --tier).
    if (TIER_RANK[tier] > TIER_RANK[scope.viewer.rateLimitTier]) {
      throw new AppError(
        'FORBIDDEN',
        `A key cannot get a higher rate-limit tier than the key that makes it (${scope.viewer.rateLimitTier}); ` +
          'an operator sets higher tiers with `copydesk apikey create --tier`',
      );
    }
    const workspaceId = scope.viewer.workspace.id;
    const secret = generateSecret();
    const apiKey = await this.options.events.transaction(scope.em, async (tx, emit) => {
      const created = keyRow(tx, secret, {
        workspace: workspaceId,
        role: parsed.role,
        name: parsed.name,
        expiresAt: parsed.expiresAt ?? null,
        rateLimitTier: tier,
      });
      emit('api_key.created', workspaceId, { apiKeyId: created.id, role: created.role, by: scope.viewer.apiKeyId });
      return created;
    });
    return { apiKey, secret };
  }

  /**
   * Revokes a key; revoking a revoked key answers it as it is. The workspace's last working ADMIN key cannot be
   * revoked (CONFLICT): its ADMIN keys are locked for the check, so two revocations cannot race past it.
   */
  async revoke(scope: Scope, id: string): Promise<ApiKey> {
    const key = await getOwned(scope, ApiKey, id, 'API key');
    if (key.revokedAt) return key;
    const workspaceId = scope.viewer.workspace.id;
    await this.options.events.transaction(scope.em, async (tx, emit) => {
      const admins = await tx.find(
        ApiKey,
        { role: Role.ADMIN, revokedAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const others = admins.filter((admin) => admin.id !== key.id && active(admin));
      if (key.role === Role.ADMIN && active(key) && others.length === 0) {
        throw new AppError('CONFLICT', "The workspace's last ADMIN key cannot be revoked; make another one first");
      }
      key.revokedAt = new Date();
      emit('api_key.revoked', workspaceId, { apiKeyId: key.id, by: scope.viewer.apiKeyId });
    });
    this.forget(key.id);
    return key;
  }

  /**
   * A new secret with the key's name, role, tier and expiry; the old secret keeps working for the grace period, then
   * expires. A revoked or expired key cannot be rotated (CONFLICT).
   */
  async rotate(scope: Scope, id: string): Promise<{ apiKey: ApiKey; secret: string }> {
    const old = await getOwned(scope, ApiKey, id, 'API key');
    if (!active(old)) throw new AppError('CONFLICT', 'A revoked or expired key cannot be rotated');
    const workspaceId = scope.viewer.workspace.id;
    const secret = generateSecret();
    const graceEnds = new Date(Date.now() + this.options.rotationGraceMs);
    const apiKey = await this.options.events.transaction(scope.em, async (tx, emit) => {
      const created = keyRow(tx, secret, {
        workspace: workspaceId,
        role: old.role,
        name: old.name,
        expiresAt: old.expiresAt ?? null,
        rateLimitTier: old.rateLimitTier,
      });
      if (!old.expiresAt || old.expiresAt > graceEnds) old.expiresAt = graceEnds;
      emit('api_key.rotated', workspaceId, {
        apiKeyId: created.id,
        previousApiKeyId: old.id,
        previousExpiresAt: graceEnds.toISOString(),
        by: scope.viewer.apiKeyId,
      });
      return created;
    });
    return { apiKey, secret };
  }

  /** Creates a key and returns it with its secret, which is never shown again. */
  async create(props: CreateKeyProps): Promise<{ apiKey: ApiKey; secret: string }> {
    const secret = props.secret ?? generateSecret();
    const apiKey = keyRow(props.em, secret, {
      workspace: props.workspace,
      role: props.role,
      name: props.name,
      rateLimitTier: props.rateLimitTier,
    });
    await props.em.persistAndFlush(apiKey);
    return { apiKey, secret };
  }

  /**
   * Resolves an `Authorization` header to the caller. Missing, malformed, unknown, revoked and expired keys
   * are all UNAUTHENTICATED. One SQL statement (the key joined with its workspace).
   */
  async authenticate(em: EntityManager, header: string | undefined): Promise<Viewer> {
    if (!header) throw new AppError('UNAUTHENTICATED', 'An API key is required: send Authorization: Bearer <key>');
    const secret = parseBearer(header);
    if (!secret) throw new AppError('UNAUTHENTICATED', 'Malformed Authorization header: expected Bearer <key>');
    const hash = hashSecret(secret);
    const now = Date.now();
    const key = this.cached(hash, now) ?? (await this.load(em, hash, now));
    const refusal =
      key.revokedAt !== null
        ? 'This API key has been revoked'
        : key.expiresAt !== null && key.expiresAt <= now
          ? 'This API key has expired'
          : null;
    if (refusal) {
      this.options.onRefused?.({ id: key.viewer.apiKeyId, workspaceId: key.viewer.workspace.id }, refusal);
      throw new AppError('UNAUTHENTICATED', refusal);
    }
    if (key.lastUsedAt === null || now - key.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      key.lastUsedAt = now;
      this.touch(em, key.viewer.apiKeyId, new Date(now));
    }
    return key.viewer;
  }

  /** A key this process read within COPYDESK_AUTH_CACHE_MS: most requests need no SQL statement to authenticate. */
  private cached(hash: string, now: number): KnownKey | undefined {
    const hit = this.keys.get(hash);
    if (hit && now - hit.readAt < this.options.authCacheMs) return hit;
    if (hit) this.keys.delete(hash);
    return undefined;
  }

  /** One SQL statement (the key joined with its workspace); unknown keys are not remembered. */
  private async load(em: EntityManager, hash: string, now: number): Promise<KnownKey> {
    const apiKey = await em.findOne(
      ApiKey,
      { hash },
      { populate: ['workspace'], filters: false, disableIdentityMap: true },
    );
    if (!apiKey) throw new AppError('UNAUTHENTICATED', 'Invalid API key');
    const { workspace } = apiKey;
    const key: KnownKey = {
      readAt: now,
      revokedAt: apiKey.revokedAt?.getTime() ?? null,
      expiresAt: apiKey.expiresAt?.getTime() ?? null,
      lastUsedAt: apiKey.lastUsedAt?.getTime() ?? null,
      viewer: {
        apiKeyId: apiKey.id,
        role: apiKey.role,
        rateLimitTier: apiKey.rateLimitTier,
        workspace: { id: workspace.id, name: workspace.name, createdAt: workspace.createdAt },
      },
    };
    if (this.options.authCacheMs > 0) {
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      this.keys.set(hash, key);
    }
    return key;
  }

  /** Drops a changed key from this process's cache (other processes drop it within COPYDESK_AUTH_CACHE_MS). */
  private forget(apiKeyId: string): void {
    for (const [hash, key] of this.keys) if (key.viewer.apiKeyId === apiKeyId) this.keys.delete(hash);
  }

  private touch(em: EntityManager, id: string, at: Date): void {
    em.fork()
      .nativeUpdate(ApiKey, { id }, { lastUsedAt: at }, { filters: false })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record key use'));
  }

  /** Makes sure an ADMIN key with exactly this secret exists in workspace `default` (COPYDESK_ADMIN_KEY). */
  async ensureAdminKey(em: EntityManager, secret: string): Promise<void> {
    const existing = await em.findOne(ApiKey, { hash: hashSecret(secret) }, { filters: false });
    if (existing) {
      if (existing.role !== Role.ADMIN || existing.revokedAt) {
        this.logger.warn('COPYDESK_ADMIN_KEY matches a key that is revoked or not ADMIN; leaving it as it is');
      }
      return;
    }
    const workspace = await this.defaultWorkspace(em);
    try {
      await this.create({ em, workspace, role: Role.ADMIN, name: 'COPYDESK_ADMIN_KEY', secret });
    } catch (error) {
      // Instances starting together with the same key: one inserts it, the others find it made.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      em.clear();
      return;
    }
    this.logger.info({ workspace: workspace.name }, 'created the ADMIN key given by COPYDESK_ADMIN_KEY');
  }

  /** On a database with no key at all, creates workspace `default` with one ADMIN key and returns its secret. */
  async createFirstKeyIfNone(em: EntityManager): Promise<string | undefined> {
    const count = await em.count(ApiKey, {}, { filters: false });
    if (count > 0) return undefined;
    const workspace = await this.defaultWorkspace(em);
    const { secret } = await this.create({ em, workspace, role: Role.ADMIN, name: 'first start' });
    return secret;
  }

  private async defaultWorkspace(em: EntityManager): Promise<Workspace> {
    const found = await em.findOne(Workspace, { name: 'default' });
    if (found) return found;
    try {
      const workspace = em.create(Workspace, { name: 'default' });
      await em.persistAndFlush(workspace);
      return workspace;
    } catch (error) {
      // Another instance starting at the same moment created it first.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      em.clear();
      return em.findOneOrFail(Workspace, { name: 'default' });
    }
  }
}
