import { describe, expect, it } from 'vitest';
import { type BriefData, Platform, Tone } from '../src/entities';
import type { ModerationResult } from '../src/services/moderation/moderation.types';
import { countCharacters } from '../src/services/platforms/platform-rules';
import { autoFix } from '../src/services/quality/auto-fix';
import type { QualityComponentName, QualityScore } from '../src/services/quality/quality.types';
import { QUALITY_WEIGHTS, scoreQuality } from '../src/services/quality/quality-score';
import { countSyllables, readabilityOf } from '../src/services/quality/readability';

/** A brief as the campaign service stores it; override any field. */
function brief(overrides: Partial<BriefData> = {}): BriefData {
  return {
    productName: 'Acme Rocket',
    description: 'A folding electric skateboard for commuters.',
    features: ['Folds into a backpack'],
    audience: 'Urban commuters',
    tone: Tone.PLAYFUL,
    platforms: [Platform.LINKEDIN],
    keywords: ['electric skateboard', 'commute'],
    callToAction: 'Pre-order today',
    url: null,
    language: 'en',
    ...overrides,
  };
}

const GOOD_POST = [
  'Tired of a slow commute? Meet Acme Rocket, the electric skateboard that folds into your backpack.',
  'It charges overnight and gets you to work in minutes. Riders tell us the ride feels calm, quick and safe on busy streets, and the app keeps your speed in check.',
  'Pre-order today at acme.io.',
  '#ElectricSkateboard #Commute #AcmeRocket',
].join('\n\n');

function component(result: QualityScore, name: QualityComponentName) {
  const found = result.components.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
}

function moderation(verdict: ModerationResult['verdict'], severity: 'INFO' | 'WARNING' | 'ERROR'): ModerationResult {
  const finding = { rule: 'profanity', severity, start: 0, end: 4, message: 'Profanity', suggestion: 'Remove "damn"' };
  return { verdict, findings: verdict === 'PASS' ? [] : [finding] };
}

describe('scoreQuality', () => {
  it('scores a well-built LinkedIn post high with every component explained', () => {
    const result = scoreQuality({ platform: Platform.LINKEDIN, text: GOOD_POST, brief: brief() });
    expect(result.score).toBeGreaterThanOrEqual(90);
    expect(Number.isInteger(result.score)).toBe(true);
    expect(result.components.map((c) => c.name).sort()).toEqual(Object.keys(QUALITY_WEIGHTS).sort());
    for (const c of result.components) expect(c.reason.length).toBeGreaterThan(0);
    expect(result.suggestions).toEqual([]);
  });

  it('gives the applicable components weights that add up to 1 and zero to those that do not apply', () => {
    const result = scoreQuality({ platform: Platform.LINKEDIN, text: GOOD_POST, brief: brief({ keywords: [] }) });
    expect(component(result, 'keyword_coverage').weight).toBe(0);
    expect(component(result, 'moderation').weight).toBe(0);
    const total = result.components.reduce((sum, c) => sum + c.weight, 0);
    expect(total).toBeCloseTo(1, 2);
  });

  it("scores a text without the brief's call to action lower and suggests adding it", () => {
    const without = GOOD_POST.replace('Pre-order today at acme.io.', 'It is a nice board.');
    const withCta = scoreQuality({ platform: Platform.LINKEDIN, text: GOOD_POST, brief: brief() });
    const missing = scoreQuality({ platform: Platform.LINKEDIN, text: without, brief: brief() });
    expect(component(missing, 'call_to_action').score).toBe(0);
    expect(component(withCta, 'call_to_action').score).toBe(100);
    expect(missing.score).toBeLessThan(withCta.score);
    expect(missing.suggestions).toContain("Add the call to action 'Pre-order today'");
  });

  it('gives partial credit to a generic call to action when the brief has its own', () => {
    const generic = GOOD_POST.replace('Pre-order today at acme.io.', 'Learn more at acme.io.');
    const result = scoreQuality({ platform: Platform.LINKEDIN, text: generic, brief: brief() });
    expect(component(result, 'call_to_action').score).toBe(60);
  });

  it('pulls the score down for a BLOCK verdict and less for a FLAG', () => {
    const input = { platform: Platform.LINKEDIN, text: GOOD_POST, brief: brief() };
    const pass = scoreQuality({ ...input, moderation: moderation('PASS', 'INFO') });
    const flag = scoreQuality({ ...input, moderation: moderation('FLAG', 'WARNING') });
    const block = scoreQuality({ ...input, moderation: moderation('BLOCK', 'ERROR') });
    expect(pass.score).toBeGreaterThan(flag.score);
    expect(flag.score).toBeGreaterThan(block.score);
    expect(block.score).toBeLessThanOrEqual(30);
    expect(component(block, 'moderation').score).toBe(0);
    expect(block.suggestions).toContain('Remove "damn"');
  });

  it('asks to move the hook into the first 210 characters when it runs past the LinkedIn fold', () => {
    const longHook = `${'Our team has spent many long months working very hard on a board that we think you will like a lot '.repeat(3)}today.\n\nPre-order today.`;
    const result = scoreQuality({ platform: Platform.LINKEDIN, text: longHook, brief: brief() });
    expect(component(result, 'hook').score).toBeLessThan(60);
    expect(result.suggestions.some((s) => s.startsWith('Move the hook into the first 210 characters'))).toBe(true);
  });

  it('rewards a hook with a question, a number or a strong verb over a flat one', () => {
    const score = (text: string) => component(scoreQuality({ platform: Platform.TWITTER, text }), 'hook').score;
    const flat = score('The board is here. It is a board.');
    expect(score('Is your commute too slow? The board is here.')).toBeGreaterThan(flat);
    expect(score('3 minutes to work. The board is here.')).toBeGreaterThan(flat);
    expect(score('Meet the board. It is here.')).toBeGreaterThan(flat);
  });

  it('scores dense, long-worded prose lower on readability than plain sentences', () => {
    const plain = scoreQuality({
      platform: Platform.FACEBOOK,
      text: 'Our board is fast. It folds in a second. You can take it on the bus.',
    });
    const dense = scoreQuality({
      platform: Platform.FACEBOOK,
      text: 'Our comprehensive, enterprise-grade mobility infrastructure fundamentally revolutionises organisational transportation interoperability across heterogeneous metropolitan environments.',
    });
    expect(component(plain, 'readability').score).toBe(100);
    expect(component(dense, 'readability').score).toBeLessThan(50);
    expect(dense.suggestions.some((s) => s.startsWith('Shorten sentences'))).toBe(true);
  });

  it('does not measure readability for a non-English brief', () => {
    const result = scoreQuality({
      platform: Platform.TWITTER,
      text: '通勤がもっと楽しくなる。新しいスケートボード。',
      brief: brief({ language: 'ja' }),
    });
    expect(component(result, 'readability').weight).toBe(0);
  });

  it('scores length inside the ideal range highest and over the limit zero', () => {
    const lengthScore = (text: string) =>
      component(scoreQuality({ platform: Platform.TWITTER, text }), 'length_fit').score;
    expect(lengthScore('Fast board.')).toBeLessThan(100);
    expect(
      lengthScore(
        'A'.repeat(10) +
          ' fast electric board that folds into your backpack and charges overnight, ready for the commute.',
      ),
    ).toBe(100);
    expect(lengthScore('word '.repeat(70))).toBe(0);
  });

  it('penalises repeated, excess and malformed hashtags and says which', () => {
    const text = 'Meet Acme Rocket, the electric skateboard. Pre-order today.';
    const clean = scoreQuality({ platform: Platform.TWITTER, text, hashtags: ['#AcmeRocket'], brief: brief() });
    const repeated = scoreQuality({ platform: Platform.TWITTER, text: `${text} #commute #Commute`, brief: brief() });
    const tooMany = scoreQuality({
      platform: Platform.TWITTER,
      text,
      hashtags: ['#Commute', '#AcmeRocket', '#ElectricSkateboard'],
      brief: brief(),
    });
    const malformed = scoreQuality({ platform: Platform.TWITTER, text, hashtags: ['acme rocket'], brief: brief() });
    expect(component(clean, 'hashtags').score).toBe(100);
    expect(component(repeated, 'hashtags').reason).toContain('repeated: #Commute');
    expect(repeated.suggestions).toContain('Remove the repeated hashtag #Commute');
    expect(component(tooMany, 'hashtags').score).toBeLessThan(component(clean, 'hashtags').score);
    expect(component(malformed, 'hashtags').reason).toContain('badly formed: acme rocket');
  });

  it('flags hashtags unrelated to the brief', () => {
    const text = 'Meet Acme Rocket, the electric skateboard. Pre-order today.';
    const result = scoreQuality({ platform: Platform.TWITTER, text, hashtags: ['#Monday', '#Coffee'], brief: brief() });
    expect(component(result, 'hashtags').reason).toContain('unrelated to the brief');
  });

  it('names the missing keywords and scores coverage by share', () => {
    const result = scoreQuality({
      platform: Platform.TWITTER,
      text: 'A faster commute starts today. Pre-order today.',
      brief: brief(),
    });
    expect(component(result, 'keyword_coverage').score).toBe(50);
    expect(result.suggestions).toContain("Work the keywords 'electric skateboard' into the text");
  });

  it('counts a keyword carried only by a hashtag as covered', () => {
    const result = scoreQuality({
      platform: Platform.TWITTER,
      text: 'Ride to work. Pre-order today. #ElectricSkateboard #Commute',
      brief: brief(),
    });
    expect(component(result, 'keyword_coverage').score).toBe(100);
  });
});

describe('readability', () => {
  it('counts syllables of common English words', () => {
    const words = { table: 2, makes: 1, boxes: 2, launched: 1, wanted: 2, media: 3, social: 2, beautiful: 3, year: 1 };
    for (const [word, syllables] of Object.entries(words)) expect(countSyllables(word)).toBe(syllables);
  });

  it('returns no score for text too short or not in English', () => {
    expect(readabilityOf('Buy now.')).toBeNull();
    expect(readabilityOf('東京で新しいスケートボードを発売します。とても速いです。')).toBeNull();
    expect(readabilityOf('The cat sat on the mat. It was a good cat.')?.grade).toBeLessThan(3);
  });
});

describe('autoFix', () => {
  const fix = (text: string, extra: Partial<Parameters<typeof autoFix>[0]> = {}) =>
    autoFix({ platform: Platform.LINKEDIN, text, ...extra });

  it('returns a clean text unchanged with no fixes', () => {
    const text =
      'Clean copy, e.g. Node.js and the U.S. market at 10:30. Fine :) right?\n\nSee https://acme.io/New.Launch #AI';
    const result = fix(text, { hashtags: ['#rocket', '#SEO', '#AcmeRocket'], brand: { bannedTerms: ['RivalCo'] } });
    expect(result).toEqual({ text, hashtags: ['#rocket', '#SEO', '#AcmeRocket'], fixes: [] });
  });

  it('trims an over-long X post at a sentence boundary, leaving room for its hashtags', () => {
    const text = 'The board folds in seconds. '.repeat(12).trim();
    const result = autoFix({ platform: Platform.TWITTER, text, hashtags: ['#Commute'] });
    expect(result.text.endsWith('seconds.')).toBe(true);
    expect(countCharacters(Platform.TWITTER, `${result.text}\n\n#Commute`)).toBeLessThanOrEqual(280);
    expect(result.fixes).toEqual([
      'Trimmed the text at a sentence boundary to fit the 280-character limit (it was 345)',
    ]);
  });

  it('normalises hashtags to CamelCase with one "#" and letters and digits only', () => {
    const result = fix('Hello there.', { hashtags: ['rocket launch', '##Electric-Skateboard!', '#!!!'] });
    expect(result.hashtags).toEqual(['#RocketLaunch', '#ElectricSkateboard']);
    expect(result.fixes).toContain("Normalised the hashtag 'rocket launch' to #RocketLaunch");
    expect(result.fixes).toContain("Dropped the hashtag '#!!!': it has no letters");
  });

  it('removes hashtags that repeat another case-insensitively, keeping the first', () => {
    const result = fix('Hello there.', { hashtags: ['#Rocket', '#rocket', '#ROCKET'] });
    expect(result.hashtags).toEqual(['#Rocket']);
    expect(result.fixes.filter((f) => f.startsWith('Removed the duplicate hashtag'))).toHaveLength(2);
  });

  it('drops banned terms on word boundaries in any case and tidies the spaces left', () => {
    const result = fix('Faster than RivalCo, and rivalco fans agree. RivalCoin stays.', {
      brand: { bannedTerms: ['RivalCo'] },
    });
    expect(result.text).toBe('Faster than, and fans agree. RivalCoin stays.');
    expect(result.fixes).toEqual(["Dropped the banned term 'RivalCo' (2 times)"]);
  });

  it('fixes double spaces, spaces before punctuation, missing spaces after it and trailing spaces', () => {
    const result = fix('Fast  board , really!Try it.Then we ship.   \nNext line');
    expect(result.text).toBe('Fast board, really! Try it. Then we ship.\nNext line');
    expect(result.fixes).toEqual([
      'Collapsed double spaces (once)',
      'Removed the space before punctuation (once)',
      'Added the missing space after punctuation (once)',
      'Added the missing space after a full stop (once)',
      'Removed trailing spaces (once)',
    ]);
  });

  it('capitalises shouted words but keeps acronyms and short words', () => {
    const result = fix('This is AMAZING news for AI, SEO, B2B and NASA fans. FREE shipping.');
    expect(result.text).toBe('This is Amazing news for AI, SEO, B2B and NASA fans. Free shipping.');
    expect(result.fixes).toEqual(['Changed shouted words to capitalised: AMAZING → Amazing, FREE → Free']);
  });

  it('never alters links, mentions or hashtags inside the text', () => {
    const text = 'Visit https://acme.io/BIG.Launch,now or ask @ACMEHELP about #LAUNCHDAY.';
    expect(fix(text).text).toBe(text);
  });
});
