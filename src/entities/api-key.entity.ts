import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

/** A key's request budget: how much of the per-key and generation rate limits it gets (README "Rate limits"). */
export enum RateLimitTier {
  STANDARD = 'STANDARD',
  HIGH = 'HIGH',
  UNLIMITED = 'UNLIMITED',
}

@Entity({ tableName: 'api_key' })
@Filter(workspaceFilter)
@Index({ properties: ['workspace', 'createdAt'] })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'rateLimitTier';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  /** The first characters of the secret, shown in listings so people can tell keys apart. */
  @Property({ type: 'text' })
  prefix!: string;

  /** SHA-256 of the whole secret, hex; the secret itself is never stored. */
  @Property({ type: 'text' })
  @Unique()
  hash!: string;

  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Enum({ items: () => RateLimitTier, type: 'text', default: RateLimitTier.STANDARD })
  rateLimitTier: RateLimitTier = RateLimitTier.STANDARD;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
