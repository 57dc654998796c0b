import { AppError, type FieldError } from '../../errors';
import { isPublicAddress, literalAddress } from './ssrf-guard';
import { WEBHOOK_EVENTS } from './webhook-events';

const MAX_URL = 2_000;
const MAX_EVENTS = 50;

/** Problems with a target URL (http(s), a host, no credentials, public when it is an IP literal). */
export function urlProblems(value: string, allowPrivate: boolean): string | null {
  if (value.length === 0 || value.length > MAX_URL) return `must be 1–${MAX_URL} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials';
  const literal = literalAddress(url.hostname);
  if (literal && !allowPrivate && !isPublicAddress(literal)) return 'must not be a private or reserved address';
  return null;
}

/** Problems with an event list: 1–50 known names or "*". */
export function eventProblems(events: readonly string[]): string | null {
  if (events.length === 0 || events.length > MAX_EVENTS) return `must list 1–${MAX_EVENTS} events or "*"`;
  const known = new Set<string>([...WEBHOOK_EVENTS, '*']);
  const unknown = events.filter((name) => !known.has(name));
  if (unknown.length > 0)
    return `unknown events: ${unknown
      .slice(0, 5)
      .map((n) => n.slice(0, 60))
      .join(', ')}`;
  return null;
}

/** Validates a create or update input; BAD_USER_INPUT naming each bad field. */
export function validateEndpoint(
  input: { url?: string | null; events?: readonly string[] | null },
  allowPrivate: boolean,
) {
  const fields: FieldError[] = [];
  const url = input.url === undefined || input.url === null ? null : urlProblems(input.url.trim(), allowPrivate);
  if (url) fields.push({ path: 'input.url', message: url });
  const events = input.events ? eventProblems(input.events) : null;
  if (events) fields.push({ path: 'input.events', message: events });
  if (fields.length > 0) throw AppError.badInput(fields);
}
