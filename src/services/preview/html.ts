import { Platform } from '../../entities';
import { twitter } from '../platforms/tweet-text';
import { type Fold, preheaderOf } from './visible-text';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five HTML-significant characters; safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Per-platform look: fonts, colours and widths close to each feed, inline so the snippet needs no stylesheet. */
const THEME: Readonly<Record<Platform, { card: string; accent: string }>> = {
  [Platform.LINKEDIN]: {
    card: 'font-family:-apple-system,system-ui,Segoe UI,Roboto,sans-serif;font-size:14px;line-height:1.43;color:rgba(0,0,0,.9);background:#fff;border:1px solid #e0dfdc;border-radius:8px;max-width:552px;padding:12px 16px',
    accent: '#0a66c2',
  },
  [Platform.TWITTER]: {
    card: 'font-family:-apple-system,system-ui,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.33;color:#0f1419;background:#fff;border:1px solid #eff3f4;max-width:598px;padding:12px 16px',
    accent: '#1d9bf0',
  },
  [Platform.FACEBOOK]: {
    card: 'font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.33;color:#050505;background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.2);max-width:500px;padding:12px 16px',
    accent: '#385898',
  },
  [Platform.INSTAGRAM]: {
    card: 'font-family:-apple-system,system-ui,Segoe UI,Roboto,sans-serif;font-size:14px;line-height:18px;color:#262626;background:#fff;border:1px solid #dbdbdb;max-width:470px;padding:12px 16px',
    accent: '#00376b',
  },
  [Platform.BLOG]: {
    card: 'font-family:Georgia,Times New Roman,serif;font-size:18px;line-height:1.6;color:#222;background:#fff;max-width:680px;padding:16px',
    accent: '#1a0dab',
  },
  [Platform.EMAIL]: {
    card: 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#202124;background:#fff;border:1px solid #dadce0;border-radius:8px;max-width:600px;padding:16px',
    accent: '#1a73e8',
  },
};

/** A link target: twitter-text also finds bare domains ("acme.io"), which browsers would read as relative paths. */
function hrefOf(url: string): string {
  return /^https?:\/\//iu.test(url) ? url : `https://${url}`;
}

/**
 * The text as escaped HTML with hashtags and mentions as styled spans and links as anchors. Entity positions come
 * from twitter-text (UTF-16 offsets into this very string); every piece of user text passes through escapeHtml.
 */
export function renderEntities(text: string, accent: string): string {
  const entities = twitter.extractEntitiesWithIndices(text);
  let html = '';
  let at = 0;
  for (const entity of entities) {
    const [start, end] = entity.indices;
    const raw = text.slice(start, end);
    html += escapeHtml(text.slice(at, start));
    if ('url' in entity) {
      html += `<a href="${escapeHtml(hrefOf(entity.url))}" rel="nofollow noopener" target="_blank" style="color:${accent};text-decoration:none">${escapeHtml(raw)}</a>`;
    } else if ('hashtag' in entity) {
      html += `<span class="cd-hashtag" style="color:${accent};font-weight:600">${escapeHtml(raw)}</span>`;
    } else if ('screenName' in entity) {
      html += `<span class="cd-mention" style="color:${accent};font-weight:600">${escapeHtml(raw)}</span>`;
    } else {
      html += escapeHtml(raw);
    }
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/** What follows the visible text: the fold marker, or X's over-limit part highlighted as its composer does. */
function afterFold(platform: Platform, fold: Fold): string {
  if (!fold.truncated || fold.hidden.length === 0) return '';
  if (platform === Platform.TWITTER) {
    return ` <span class="cd-overflow" style="background:#ffd2d6">${escapeHtml(fold.hidden)}</span>`;
  }
  return '<span class="cd-more" style="color:rgba(0,0,0,.6)">…see more</span>';
}

/** The parts `renderHtml` needs. */
export interface HtmlParts {
  platform: Platform;
  text: string;
  title: string;
  fold: Fold;
}

/**
 * An HTML snippet that renders like the platform's feed card: the visible text with the fold shown as
 * "…see more" (LinkedIn, Instagram, Facebook), the over-limit part highlighted (X), an inbox line of subject and
 * preheader (email), a headline (blog). All user text is escaped; links carry rel="nofollow noopener".
 */
export function renderHtml({ platform, text, title, fold }: HtmlParts): string {
  const theme = THEME[platform];
  const body = 'white-space:pre-wrap;overflow-wrap:anywhere';
  let inner: string;
  if (platform === Platform.EMAIL) {
    const preheader = preheaderOf(text).visible;
    inner =
      `<div class="cd-inbox" style="border-bottom:1px solid #dadce0;padding-bottom:8px;margin-bottom:12px"><strong>${escapeHtml(title)}</strong> <span style="color:#5f6368">— ${escapeHtml(preheader)}</span></div>` +
      `<div class="cd-body" style="${body}">${renderEntities(text, theme.accent)}</div>`;
  } else if (platform === Platform.BLOG) {
    inner =
      `<h1 style="font-size:32px;line-height:1.25;margin:0 0 16px">${escapeHtml(title)}</h1>` +
      `<div class="cd-body" style="${body}">${renderEntities(text, theme.accent)}</div>`;
  } else {
    const shown = fold.truncated ? fold.visible : text;
    inner = `<div class="cd-body" style="${body}">${renderEntities(shown, theme.accent)}${afterFold(platform, fold)}</div>`;
  }
  return `<div class="cd-preview cd-${platform.toLowerCase()}" style="${theme.card}">${inner}</div>`;
}
