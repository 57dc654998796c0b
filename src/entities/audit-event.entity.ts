import { Entity, Filter, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/**
 * One entry of a workspace's audit log: a mutation (its outcome, and the change it made, written in the change's
 * transaction) or a refused authorisation. Names keys by id; never holds a secret or an argument's value.
 */
@Entity({ tableName: 'audit_event' })
@Filter(workspaceFilter)
@Index({ name: 'audit_event_workspace_at_idx', properties: ['workspace', 'at', 'id'] })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'datetime' })
  at: Date = new Date();

  /** The API key that acted. */
  @Property({ type: 'uuid', nullable: true })
  actorKeyId!: string | null;

  /** The operation: a Mutation field (`createCampaign`), a refused Query field, or `authenticate`. */
  @Property({ type: 'text' })
  action!: string;

  /** The id (or template key) of what was changed or refused, when known. */
  @Property({ type: 'text', nullable: true })
  target!: string | null;

  /** `SUCCESS`, or the error code the caller got (`FORBIDDEN`, `BAD_USER_INPUT`, `CONFLICT`, …). */
  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'text', nullable: true })
  requestId!: string | null;
}
