import { AppError } from '../../errors';
import { isUuid } from '../scoped-data';

/** A position in the newest-first campaign list: the row's creation time and id (the tie-breaker). */
export interface CampaignCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: CampaignCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes an `after` argument; anything that is not a cursor we made is BAD_USER_INPUT. */
export function decodeCursor(value: string): CampaignCursor {
  const invalid = AppError.badInput([{ path: 'after', message: 'is not a valid cursor' }]);
  if (value.length > 200) throw invalid;
  const [iso, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw invalid;
  return { createdAt, id };
}
