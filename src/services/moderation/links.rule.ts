import type { Finding, RuleContext } from './moderation.types';
import { finding, quote, spans } from './text-scan.util';

type Span = { start: number; end: number };

const URL_CANDIDATE = /(?<![\p{L}\p{N}@.])(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING = /[.,!?;:'"’”…]+$/u;
/** Typos that make a link dead: "https:/x", "https//x", "htps://x", a doubled scheme. */
const BROKEN_SCHEME = /\b(?:https?:\/(?!\/)|https?\/\/|htps?:\/\/|htp:\/\/|https?:\/\/https?:)/giu;
/** A space right after the scheme or "www.", or inside a Markdown link target. */
const SPACED_URL = /\b(?:https?:\/\/|www\.)[^\S\n]+\S+|\]\(https?:\/\/[^)\s]*[^\S\n]+[^)\n]*\)/giu;
/** A Markdown link whose target never closes on its line. */
const OPEN_MARKDOWN_LINK = /\[[^\]\n]*\]\([^)\n]*(?=\n|$)/gu;
const HTML_TAG = /<(\/?)(a|b|strong|em|i|u|span|p|div)\b[^>]*>/giu;
const PRIVATE_HOST =
  /^(?:localhost|.*\.localhost|.*\.local|.*\.internal|127(?:\.\d+){3}|10(?:\.\d+){3}|192\.168(?:\.\d+){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d+){2}|0\.0\.0\.0|\[::1?\])$/iu;
const PUBLIC_HOST = /^(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}$|^\d{1,3}(?:\.\d{1,3}){3}$/u;

function trimUrl(url: string): string {
  let out = url.replace(TRAILING, '');
  // A closing bracket belongs to the URL only when the URL opened one (Wikipedia-style paths).
  while (/[)\]]$/u.test(out) && !/[([]/u.test(out)) out = out.slice(0, -1).replace(TRAILING, '');
  return out;
}

function checkUrl(text: string, span: Span, url: string): Finding | null {
  let host: string;
  try {
    host = new URL(/^www\./iu.test(url) ? `https://${url}` : url).hostname;
  } catch {
    return finding('link.malformed', 'WARNING', span, `Malformed link ${quote(text, span.start, span.end)}`, FIX);
  }
  if (PRIVATE_HOST.test(host)) {
    const message = `Link ${quote(text, span.start, span.end)} points to a local or private host readers cannot reach`;
    return finding('link.local', 'ERROR', span, message, 'Use the public URL.');
  }
  if (!PUBLIC_HOST.test(host)) {
    return finding('link.malformed', 'WARNING', span, `Link host "${host}" is not a public domain`, FIX);
  }
  return null;
}

const FIX = 'Check and correct the URL.';

function urls(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const candidate of spans(URL_CANDIDATE, text)) {
    const url = trimUrl(candidate.match[0]);
    const result = checkUrl(text, { start: candidate.start, end: candidate.start + url.length }, url);
    if (result) findings.push(result);
  }
  return findings;
}

/** HTML tags opened and never closed (or closed and never opened), matched with a stack. */
function unbalancedTags(text: string): Span[] {
  const open: { name: string; span: Span }[] = [];
  const stray: Span[] = [];
  for (const { start, end, match } of spans(HTML_TAG, text)) {
    const name = match[2]!.toLowerCase();
    if (match[1] !== '/') open.push({ name, span: { start, end } });
    else if (open.length > 0 && open[open.length - 1]!.name === name) open.pop();
    else stray.push({ start, end });
  }
  return [...open.map((tag) => tag.span), ...stray];
}

function markup(text: string): Finding[] {
  const broken = [...spans(OPEN_MARKDOWN_LINK, text), ...unbalancedTags(text)];
  return broken.map((span) =>
    finding(
      'link.markup',
      'WARNING',
      { start: span.start, end: span.end },
      `Unbalanced markup ${quote(text, span.start, span.end)}`,
      'Close the link or tag, or remove the markup.',
    ),
  );
}

/**
 * Broken links: typos in the scheme, unparseable URLs, hosts that are not public domains (WARNING), links to
 * localhost or private networks (ERROR: certainly dead for every reader), spaces inside URLs, unbalanced markup.
 */
export function linksRule(context: RuleContext): Finding[] {
  const { text, folded } = context;
  // Most copy has no link or markup at all: skip the scans when their anchors are absent.
  const markupFindings = /[[<]/.test(text) ? markup(text) : [];
  if (!folded.includes('tp') && !folded.includes('www.')) return markupFindings;
  const schemes = spans(BROKEN_SCHEME, text).map((span) =>
    finding('link.malformed', 'WARNING', span, `Broken link scheme ${quote(text, span.start, span.end)}`, FIX),
  );
  const spaced = spans(SPACED_URL, text).map((span) =>
    finding('link.space', 'WARNING', span, `Space inside a link ${quote(text, span.start, span.end)}`, FIX),
  );
  return [...schemes, ...spaced, ...urls(text), ...markupFindings];
}
