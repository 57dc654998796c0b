/**
 * Every workspace-owned entity carries the `workspace` filter. It is on by default and needs the workspace id,
 * so a query that forgets to scope itself fails instead of reading other workspaces' rows. Code that must see
 * across workspaces (key lookup, CLI) turns it off explicitly with `filters: false`.
 */
export const WORKSPACE_FILTER = 'workspace';

export interface WorkspaceFilterArgs {
  id: string;
}

export const workspaceFilter = {
  name: WORKSPACE_FILTER,
  cond: (args: WorkspaceFilterArgs) => ({ workspace: args.id }),
  default: true,
};
