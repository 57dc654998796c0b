import type { BriefData, Platform } from '../../entities';

/** What `preview` reads: the text as it would be posted, with the title (blog) or subject (email). */
export interface PreviewInput {
  platform: Platform;
  text: string;
  /** Blog title or email subject. */
  title?: string | null;
  /** Keywords for the SEO density and the call to action for the engagement estimate. */
  brief?: BriefData | null;
}

/** How often one of the brief's keywords occurs, and its share of the words (percent). */
export interface KeywordDensity {
  keyword: string;
  count: number;
  /** Percent of all words taken by the keyword's occurrences, two decimals (a two-word keyword counts two). */
  density: number;
}

/** Search-engine view. Title and meta description apply to blog articles only and are null elsewhere. */
export interface SeoReport {
  keywordDensity: KeywordDensity[];
  titleLength: number | null;
  /** The first paragraph, cut at a word to 160 characters: what search results show without a set description. */
  metaDescription: string | null;
  metaDescriptionLength: number | null;
  titleOk: boolean | null;
  metaDescriptionOk: boolean | null;
}

/** One thing that moves the engagement estimate, in points (negative lowers it). */
export interface EngagementFactor {
  name: string;
  effect: number;
}

/** A rough guess from copy features alone — not a prediction from platform data, hence the label. */
export interface EngagementEstimate {
  /** 0–100. */
  score: number;
  label: 'heuristic';
  factors: EngagementFactor[];
}

/** How a text shows on a platform (API.md `PlatformPreview`, with added fields). */
export interface PlatformPreview {
  platform: Platform;
  /**
   * What a reader sees before acting: the text up to the fold ("see more") on LinkedIn, Instagram and Facebook;
   * what fits the limit on X; subject and preheader for email; title and meta description for a blog.
   */
  visibleText: string;
  /** Whether part of the text is hidden behind the fold, or cut by a limit. */
  truncated: boolean;
  /** Length as the platform counts it (X: weighted, emoji and CJK 2, links 23). */
  characterCount: number;
  /** Unicode code points, unweighted. */
  rawCharacterCount: number;
  limit: number;
  hashtags: string[];
  mentions: string[];
  links: string[];
  /** Flesch–Kincaid grade; null when the text is too short or not English. */
  readabilityGrade: number | null;
  seo: SeoReport;
  engagement: EngagementEstimate;
  /** A self-contained, escaped HTML snippet styled like the platform's feed. */
  html: string;
}
