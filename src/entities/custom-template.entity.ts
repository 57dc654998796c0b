import { Entity, Filter, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/** A workspace's own template; the definition is validated by the template service before it is stored. */
@Entity({ tableName: 'custom_template' })
@Filter(workspaceFilter)
@Unique({ name: 'custom_template_workspace_key_unique', properties: ['workspace', 'key'] })
export class CustomTemplate {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  key!: string;

  /** A TemplateDefinition (services/templates); typed loosely here so entities import nothing from services. */
  @Property({ type: 'json' })
  definition!: Record<string, unknown>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
