import { createHash, randomBytes } from 'node:crypto';

/** Every Copydesk key starts with this, so leaked keys are easy to recognise and scan for. */
export const KEY_PREFIX = 'cdk_';
/** How many leading characters of a key are stored in clear to tell keys apart. */
const VISIBLE_PREFIX_LENGTH = 12;

/** A new key: the prefix and 32 random bytes, base64url. */
export function generateSecret(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function visiblePrefix(secret: string): string {
  return secret.slice(0, VISIBLE_PREFIX_LENGTH);
}

/** Takes the key out of `Bearer <key>`; undefined when the header is not of that shape. */
export function parseBearer(header: string): string | undefined {
  const match = /^Bearer\s+([\x21-\x7e]{1,512})\s*$/i.exec(header);
  return match?.[1];
}
