import { type BriefData, Platform } from '../../entities';
import { ruleFor, wordCount } from '../platforms/platform-rules';
import { countPhrase } from '../quality/text-match';
import type { KeywordDensity, SeoReport } from './preview.types';
import { META_DESCRIPTION_MAX, metaDescriptionOf } from './visible-text';

/** Shorter descriptions waste the snippet; search engines rewrite them. */
const META_DESCRIPTION_MIN = 50;

/** Each keyword's occurrences in title and body, and the percentage of words they take. */
export function keywordDensity(text: string, keywords: readonly string[]): KeywordDensity[] {
  const words = wordCount(text);
  return keywords
    .filter((keyword) => keyword.trim().length > 0)
    .map((keyword) => {
      const count = countPhrase(text, keyword);
      const share = words === 0 ? 0 : (100 * count * wordCount(keyword)) / words;
      return { keyword, count, density: Math.round(share * 100) / 100 };
    });
}

/** Keyword density for any platform; title and meta description checks for blog articles. */
export function seoReport(platform: Platform, text: string, title: string, brief: BriefData | null): SeoReport {
  const keywords = keywordDensity(`${title}\n${text}`, brief?.keywords ?? []);
  if (platform !== Platform.BLOG) {
    return {
      keywordDensity: keywords,
      titleLength: null,
      metaDescription: null,
      metaDescriptionLength: null,
      titleOk: null,
      metaDescriptionOk: null,
    };
  }
  const titleLength = Array.from(title.trim()).length;
  const metaDescription = metaDescriptionOf(text);
  const metaDescriptionLength = Array.from(metaDescription).length;
  return {
    keywordDensity: keywords,
    titleLength,
    metaDescription,
    metaDescriptionLength,
    titleOk: titleLength > 0 && titleLength <= (ruleFor(platform).title?.maxLength ?? 70),
    metaDescriptionOk: metaDescriptionLength >= META_DESCRIPTION_MIN && metaDescriptionLength <= META_DESCRIPTION_MAX,
  };
}
