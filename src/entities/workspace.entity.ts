import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

@Entity({ tableName: 'workspace' })
export class Workspace {
  [OptionalProps]?: 'createdAt' | 'fourEyes';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique()
  name!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** Four-eyes review: the key that made a version cannot approve it (an ADMIN may turn it off). */
  @Property({ type: 'boolean', default: true })
  fourEyes = true;
}
