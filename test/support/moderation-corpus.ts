import { type BriefData, Platform, Tone } from '../../src/entities';
import { type BrandRules, EMPTY_BRAND, type ModerationInput, type Verdict } from '../../src/services/moderation';
import corpusJson from '../fixtures/moderation-corpus.json';

/** One labelled text of test/fixtures/moderation-corpus.json (shared by the tests and bench/moderation.ts). */
export interface CorpusCase {
  id: string;
  platform: Platform;
  kind: 'content' | 'brief';
  text: string;
  title?: string;
  hashtags?: string[];
  brand?: Partial<BrandRules>;
  /** For briefs: which brief field holds the text (default: description). */
  field?: 'productName' | 'description' | 'audience' | 'callToAction' | 'features' | 'keywords';
  expectedVerdict: Verdict;
  expectedRules: string[];
}

export const CORPUS = corpusJson as CorpusCase[];

export function brandOf(overrides: Partial<BrandRules> = {}): BrandRules {
  return { ...EMPTY_BRAND, ...overrides };
}

/** A clean, complete brief; override any field. */
export function buildBrief(overrides: Partial<BriefData> = {}): BriefData {
  return {
    productName: 'Acme Insights',
    description: 'Live dashboards and scheduled exports for small teams.',
    features: ['Live dashboards', 'Scheduled exports'],
    audience: 'Operations leads',
    tone: Tone.FRIENDLY,
    platforms: [Platform.LINKEDIN],
    keywords: ['reporting'],
    callToAction: 'Start a trial',
    url: 'https://acme.example.com',
    language: 'en',
    ...overrides,
  };
}

/** A content case as moderation takes it. */
export function inputOf(c: CorpusCase): ModerationInput {
  return { platform: c.platform, text: c.text, title: c.title, hashtags: c.hashtags, brand: brandOf(c.brand) };
}

/** A brief case: the clean brief with the case's text in its field. */
export function briefWith(c: CorpusCase): BriefData {
  const field = c.field ?? 'description';
  if (field === 'features' || field === 'keywords') return buildBrief({ [field]: [c.text] });
  return buildBrief({ [field]: c.text });
}
