import { findPhoneNumbersInText } from 'libphonenumber-js';
import isCreditCard from 'validator/lib/isCreditCard';
import isEmail from 'validator/lib/isEmail';
import isIBAN from 'validator/lib/isIBAN';
import type { Finding, RuleContext } from './moderation.types';
import { nationalIdFindings } from './national-id.rule';
import { finding, spans } from './text-scan.util';

type Span = { start: number; end: number };

/** The parts around an "@": scanning from each "@" is far cheaper than trying an email pattern at every word. */
const EMAIL_LOCAL = /[\p{L}\p{N}._%+-]+$/u;
const EMAIL_DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
/** A phone number has at least 7 digits, possibly separated; without such a run the phone parser is skipped. */
const PHONE_HINT = /\d(?:[\s().\-/]{0,3}\d){6}/;
/** 13–19 digits, optionally grouped by single spaces or hyphens, not glued to other digits. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** Country code, check digits, then groups as printed (4 by 4) or unbroken. */
const IBAN_CANDIDATE = /(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])/g;
/**
 * Phone numbers are read as US numbers when written nationally and as any country with a "+" prefix; one
 * default country keeps the scan cheap, and international formats are what leaked numbers usually look like.
 */
const PHONE_DEFAULT_COUNTRY = 'US';

const REDACT = 'Remove it; personal data must not appear in published copy.';

function emails(text: string): Finding[] {
  const findings: Finding[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const local = EMAIL_LOCAL.exec(text.slice(Math.max(0, at - 64), at))?.[0];
    const domain = EMAIL_DOMAIN.exec(text.slice(at + 1, at + 256))?.[0];
    if (!local || !domain) continue;
    const span = { start: at - local.length, end: at + 1 + domain.length };
    if (!isEmail(text.slice(span.start, span.end), { allow_utf8_local_part: true })) continue;
    findings.push(
      finding('pii.email', 'WARNING', span, 'Email address', 'Keep only a public role address the brand approved.'),
    );
  }
  return findings;
}

function cards(text: string): Finding[] {
  // validator checks the issuer prefix and length, and the Luhn checksum, so order numbers do not match.
  return spans(CARD_CANDIDATE, text)
    .filter(({ match }) => isCreditCard(match[0].replace(/[ -]/g, '')))
    .map((span) => finding('pii.card-number', 'ERROR', span, 'Payment card number (passes the Luhn check)', REDACT));
}

/** The longest valid IBAN inside a candidate: the greedy pattern may have swallowed a following word. */
function validIban(candidate: string): string | null {
  const groups = candidate.split(' ');
  for (let n = groups.length; n >= 1; n -= 1) {
    const joined = groups.slice(0, n).join(' ');
    if (isIBAN(joined.replace(/ /g, ''))) return joined;
  }
  return null;
}

function ibans(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const { start, match } of spans(IBAN_CANDIDATE, text)) {
    const iban = validIban(match[0]);
    if (iban) findings.push(finding('pii.iban', 'ERROR', { start, end: start + iban.length }, 'IBAN', REDACT));
  }
  return findings;
}

function phones(text: string, taken: Span[]): Finding[] {
  if (!PHONE_HINT.test(text)) return [];
  return findPhoneNumbersInText(text, { defaultCountry: PHONE_DEFAULT_COUNTRY })
    .map((found) => ({ start: found.startsAt, end: found.endsAt }))
    .filter((span) => !taken.some((other) => span.start < other.end && other.start < span.end))
    .map((span) =>
      finding('pii.phone', 'WARNING', span, 'Phone number', 'Keep only the brand’s public number, or remove it.'),
    );
}

/**
 * Personal data: emails and phone numbers are WARNINGs (a brand's public contact line is legitimate, a person's is
 * not, and only a human can tell); card numbers, IBANs and national IDs are ERRORs (never legitimate in copy).
 */
export function personalDataRule(context: RuleContext): Finding[] {
  const { text } = context;
  const strong = [...cards(text), ...ibans(text), ...nationalIdFindings(text)];
  // A card or ID number also parses as a phone number; report it once, as the stronger kind.
  const taken = strong.map((f) => ({ start: f.start ?? 0, end: f.end ?? 0 }));
  return [...emails(text), ...strong, ...phones(text, taken)];
}
