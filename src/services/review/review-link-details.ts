import type { BriefData, Platform } from '../../entities';
import { postedText } from '../platforms/platform-rules';
import { preview } from '../preview/preview-render';

/** One moderation finding as the review-link page highlights it (offsets are UTF-16, end exclusive). */
export interface LinkFinding {
  rule: string;
  severity: string;
  start: number | null;
  end: number | null;
  message: string;
  suggestion: string | null;
}

/** The quality score with its components and suggestions, as the dashboard's quality panel shows it. */
export interface LinkQuality {
  score: number;
  components: { name: string; score: number; reason: string; weight: number }[];
  suggestions: string[];
}

/** How the variant shows on its platform: the preview card's HTML and what is hidden behind "see more". */
export interface LinkPreview {
  html: string;
  truncated: boolean;
  visibleText: string;
  characterCount: number;
  limit: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The findings of a stored moderation result, in its order; anything malformed in the JSON is left out. */
export function findingsOf(moderation: unknown): LinkFinding[] {
  const findings = (moderation as { findings?: unknown } | null | undefined)?.findings;
  if (!Array.isArray(findings)) return [];
  return findings.flatMap((raw) => {
    const f = raw as Record<string, unknown> | null;
    const rule = text(f?.rule);
    const message = text(f?.message);
    if (!f || !rule || !message) return [];
    const start = num(f.start);
    const end = num(f.end);
    const located = start !== null && end !== null;
    return [
      {
        rule,
        severity: text(f.severity) ?? 'INFO',
        start: located ? start : null,
        end: located ? end : null,
        message,
        suggestion: text(f.suggestion),
      },
    ];
  });
}

/** A stored quality score with its components, or null when there is none. */
export function qualityDetailsOf(quality: unknown): LinkQuality | null {
  const q = quality as { score?: unknown; components?: unknown; suggestions?: unknown } | null | undefined;
  const score = num(q?.score);
  if (!q || score === null) return null;
  const components = Array.isArray(q.components) ? q.components : [];
  return {
    score,
    components: components.flatMap((raw) => {
      const c = raw as Record<string, unknown> | null;
      const name = text(c?.name);
      const value = num(c?.score);
      if (!c || !name || value === null) return [];
      return [{ name, score: value, reason: text(c.reason) ?? '', weight: num(c.weight) ?? 0 }];
    }),
    suggestions: Array.isArray(q.suggestions) ? q.suggestions.filter((s): s is string => typeof s === 'string') : [],
  };
}

/** The platform preview of a variant's text as it would be posted (the same as the `preview` query's). */
export function previewOf(
  variant: { platform: string; title: string | null; body: string; hashtags: string[] },
  brief: BriefData | null,
): LinkPreview {
  const platform = variant.platform as Platform;
  const shown = preview({
    platform,
    text: postedText(platform, variant.body, variant.hashtags),
    title: variant.title,
    brief,
  });
  return {
    html: shown.html,
    truncated: shown.truncated,
    visibleText: shown.visibleText,
    characterCount: shown.characterCount,
    limit: shown.limit,
  };
}
