import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ApiKey, AuditEvent, Workspace } from '../../entities';
import type { Logger } from '../../infra/logger';
import { decodeCursor, encodeCursor } from '../campaigns/cursor';
import type { AnyDomainEvent } from '../events/event-catalog';
import type { Scope } from '../viewer';
import { type AuditTrail, trailOf } from './audit-trail';

/** One error an operation answered: its code and the root field it belongs to. */
export interface OperationError {
  code: string;
  field: string | null;
}

/** An audit entry as the API shows it. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  actorKeyId: string | null;
  action: string;
  target: string | null;
  outcome: string;
  requestId: string | null;
}

export interface AuditPage {
  entries: { cursor: string; node: AuditEntry }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The id an event is about: what the audit entry names as its target. */
function targetOf(events: readonly AnyDomainEvent[]): string | null {
  for (const event of events) {
    const payload = event.payload as Record<string, unknown>;
    for (const field of ['jobId', 'apiKeyId', 'campaignId', 'key']) {
      if (typeof payload[field] === 'string') return payload[field] as string;
    }
  }
  return null;
}

/**
 * The audit log: every mutation (its change written in the change's own transaction, or its refusal) and every
 * refused authorisation, per workspace. Holds ids, names and codes only: never a secret or an argument's value.
 */
export class AuditService {
  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
  ) {}

  /** Inside a committing transaction (the EventHub's hook): records the change when a mutation made it. */
  async inTransaction(em: EntityManager, tx: EntityManager, events: readonly AnyDomainEvent[]): Promise<void> {
    const trail = trailOf(em);
    if (!trail?.action) return;
    tx.persist(this.entry(tx, trail, { action: trail.action, target: targetOf(events), outcome: 'SUCCESS' }));
    trail.recorded++;
  }

  /**
   * When an operation has answered: a mutation that changed nothing in a transaction of its own is recorded now,
   * with its outcome; refusals (FORBIDDEN) of any operation are recorded too. Errors are one entry per root field.
   */
  async afterOperation(trail: AuditTrail, errors: readonly OperationError[]): Promise<void> {
    const rows: { action: string; outcome: string }[] = [];
    const seen = new Set<string>();
    for (const error of errors) {
      if (!trail.action && error.code !== 'FORBIDDEN') continue;
      const action = error.field ?? trail.action ?? 'unknown';
      if (seen.has(action)) continue;
      seen.add(action);
      rows.push({ action, outcome: error.code });
    }
    if (trail.action && errors.length === 0 && trail.recorded === 0)
      rows.push({ action: trail.action, outcome: 'SUCCESS' });
    if (rows.length === 0) return;
    await this.write(trail.workspaceId, (em) => rows.map((row) => this.entry(em, trail, { ...row, target: null })));
  }

  /** A known key refused (revoked or expired): recorded for its workspace. */
  async refusedKey(key: { id: string; workspaceId: string }, requestId: string | null, reason: string): Promise<void> {
    await this.write(key.workspaceId, (em) => [
      this.entry(
        em,
        { workspaceId: key.workspaceId, actorKeyId: key.id, requestId: requestId ?? '' },
        { action: 'authenticate', target: key.id, outcome: `UNAUTHENTICATED` },
      ),
    ]).catch((error: unknown) => this.logger.warn({ err: error, reason }, 'could not record a refused key'));
  }

  /** The workspace's entries, newest first; `after` is a cursor from an earlier page (else BAD_USER_INPUT). */
  async list(scope: Scope, first: number, after?: string | null): Promise<AuditPage> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await scope.em.find(
      AuditEvent,
      cursor ? { $or: [{ at: { $lt: cursor.createdAt } }, { at: cursor.createdAt, id: { $lt: cursor.id } }] } : {},
      { orderBy: [{ at: 'desc' }, { id: 'desc' }], limit: first + 1 },
    );
    const page = rows.slice(0, first);
    const keyIds = [...new Set(page.map((row) => row.actorKeyId).filter((id): id is string => id !== null))];
    const keys = keyIds.length > 0 ? await scope.em.find(ApiKey, { id: { $in: keyIds } }) : [];
    const labels = new Map(keys.map((key) => [key.id, `${key.name} (${key.prefix})`]));
    return {
      entries: page.map((row) => ({
        cursor: encodeCursor({ createdAt: row.at, id: row.id }),
        node: {
          id: row.id,
          at: row.at,
          actor: row.actorKeyId ? (labels.get(row.actorKeyId) ?? row.actorKeyId) : 'unknown',
          actorKeyId: row.actorKeyId,
          action: row.action,
          target: row.target,
          outcome: row.outcome,
          requestId: row.requestId,
        },
      })),
      hasNextPage: rows.length > first,
      hasPreviousPage: cursor !== null,
    };
  }

  private entry(
    em: EntityManager,
    trail: Pick<AuditTrail, 'workspaceId' | 'actorKeyId' | 'requestId'>,
    props: { action: string; target: string | null; outcome: string },
  ): AuditEvent {
    return em.create(AuditEvent, {
      workspace: em.getReference(Workspace, trail.workspaceId),
      at: new Date(),
      actorKeyId: trail.actorKeyId,
      action: props.action.slice(0, 200),
      target: props.target,
      outcome: props.outcome,
      requestId: trail.requestId || null,
    });
  }

  private async write(workspaceId: string, rows: (em: EntityManager) => AuditEvent[]): Promise<void> {
    const em = this.orm.em.fork();
    em.setFilterParams('workspace', { id: workspaceId });
    for (const row of rows(em)) em.persist(row);
    await em.flush();
  }
}
