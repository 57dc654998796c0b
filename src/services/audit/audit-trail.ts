import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What the audit log needs to know of the operation running on an EntityManager: who, which mutation, which
 * request. Set up with the operation's context; the transaction hook finds it by the EntityManager services use.
 */
export interface AuditTrail {
  workspaceId: string;
  actorKeyId: string;
  requestId: string;
  /** The mutation's root field(s) while a mutation runs; null for queries and subscriptions. */
  action: string | null;
  /** Changes recorded in their own transaction so far. */
  recorded: number;
}

const trails = new WeakMap<EntityManager, AuditTrail>();

/** Ties an operation's EntityManager to its trail (the context factory). */
export function attachTrail(em: EntityManager, trail: AuditTrail): void {
  trails.set(em, trail);
}

export function trailOf(em: EntityManager): AuditTrail | undefined {
  return trails.get(em);
}
