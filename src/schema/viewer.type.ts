import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './enums';
import { DateTime } from './scalars';

@ObjectType('Workspace', { description: 'A team or client: it owns API keys, campaigns, templates and brand rules.' })
export class WorkspaceType {
  @Field(() => ID, { description: 'The workspace id.' })
  id!: string;

  @Field(() => String, { description: 'The workspace name, unique on this server (e.g. "default").' })
  name!: string;

  @Field(() => DateTime, { description: 'When the workspace was created.' })
  createdAt!: Date;
}

@ObjectType('Viewer', { description: 'The caller: the workspace and role of the API key in use.' })
export class ViewerType {
  @Field(() => WorkspaceType, { description: 'The workspace the key belongs to; it sees only this workspace.' })
  workspace!: WorkspaceType;

  @Field(() => Role, { description: 'What the key may do.' })
  role!: Role;

  @Field(() => ID, { description: 'The id of the API key in use (never its secret).' })
  apiKeyId!: string;
}
