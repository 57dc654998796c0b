import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './enums';
import { DateTime } from './scalars';

@ObjectType('Workspace')
export class WorkspaceType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DateTime)
  createdAt!: Date;
}

@ObjectType('Viewer', { description: 'The caller: the workspace and role of the API key in use.' })
export class ViewerType {
  @Field(() => WorkspaceType)
  workspace!: WorkspaceType;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID)
  apiKeyId!: string;
}
