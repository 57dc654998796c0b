import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimitTier, Role } from '../entities';

/** Who is calling: resolved from the API key once per request or WebSocket connection. */
export interface Viewer {
  apiKeyId: string;
  role: Role;
  /** The key's rate-limit budget. */
  rateLimitTier: RateLimitTier;
  workspace: { id: string; name: string; createdAt: Date };
}

/** What every workspace-scoped service method needs: a request-scoped EntityManager and the caller. */
export interface Scope {
  em: EntityManager;
  viewer: Viewer;
}
