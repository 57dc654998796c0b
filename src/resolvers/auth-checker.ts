import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { AppError } from '../errors';

const RANK: Record<Role, number> = { [Role.VIEWER]: 0, [Role.EDITOR]: 1, [Role.ADMIN]: 2 };

/** `@Authorized(Role.EDITOR)`: the caller's role must be at least the named one. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const needed = Math.max(0, ...roles.map((role) => RANK[role]));
  if (RANK[context.viewer.role] >= needed) return true;
  const names = roles.join(' or ');
  throw new AppError('FORBIDDEN', `This operation needs the ${names} role; this key is ${context.viewer.role}`);
};
