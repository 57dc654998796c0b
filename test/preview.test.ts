import { describe, expect, it } from 'vitest';
import { type BriefData, Platform, Tone } from '../src/entities';
import { preview, previews } from '../src/services/preview/preview-render';

/** A brief as the campaign service stores it; override any field. */
function brief(overrides: Partial<BriefData> = {}): BriefData {
  return {
    productName: 'Acme Rocket',
    description: null,
    features: [],
    audience: null,
    tone: Tone.FRIENDLY,
    platforms: [Platform.BLOG],
    keywords: ['electric skateboard', 'commute'],
    callToAction: 'Pre-order today',
    url: null,
    language: 'en',
    ...overrides,
  };
}

/** Words of five letters and a space: a fold can only fall between words. */
function words(characters: number): string {
  return 'ride '
    .repeat(Math.ceil(characters / 5))
    .slice(0, characters)
    .trimEnd();
}

describe('preview truncation', () => {
  it.each([
    [Platform.LINKEDIN, 210],
    [Platform.INSTAGRAM, 125],
    [Platform.FACEBOOK, 477],
  ])('shows %s text up to its %i-character fold and marks the rest "…see more"', (platform, fold) => {
    const text = words(fold + 100);
    const result = preview({ platform, text });
    expect(result.truncated).toBe(true);
    expect([...result.visibleText].length).toBeLessThanOrEqual(fold);
    expect([...result.visibleText].length).toBeGreaterThan(fold - 6);
    expect(text.startsWith(result.visibleText)).toBe(true);
    expect(result.html).toContain('…see more');
  });

  it.each([
    [Platform.LINKEDIN, 210],
    [Platform.INSTAGRAM, 125],
    [Platform.FACEBOOK, 477],
  ])('shows a %s text of exactly %i characters whole', (platform, fold) => {
    const text = 'a'.repeat(fold);
    const result = preview({ platform, text });
    expect(result).toMatchObject({ visibleText: text, truncated: false });
    expect(result.html).not.toContain('see more');
  });

  it('never cuts a word or link at the fold', () => {
    const text = `${'x'.repeat(200)} https://acme.io/launch is where it starts`;
    const result = preview({ platform: Platform.LINKEDIN, text });
    expect(result.visibleText).toBe('x'.repeat(200));
  });

  it('shows an X post within 280 whole and cuts a longer one at the limit', () => {
    const exact = 'a'.repeat(280);
    expect(preview({ platform: Platform.TWITTER, text: exact })).toMatchObject({
      visibleText: exact,
      truncated: false,
      characterCount: 280,
      limit: 280,
    });
    const over = preview({ platform: Platform.TWITTER, text: `${words(275)} beyond the limit` });
    expect(over.truncated).toBe(true);
    expect(over.characterCount).toBeGreaterThan(280);
    expect(over.visibleText).toBe(words(275));
    expect(over.html).toContain('cd-overflow');
  });

  it('shows an email as its subject and preheader', () => {
    const text = 'Your commute just got faster.\n\nHi Sam,\n\nAcme Rocket is here.';
    const result = preview({ platform: Platform.EMAIL, text, title: 'Meet Acme Rocket' });
    expect(result.visibleText).toBe('Meet Acme Rocket\nYour commute just got faster.');
    expect(result.truncated).toBe(false);
    expect(result.html).toContain('<strong>Meet Acme Rocket</strong>');
  });
});

describe('X weighted counts', () => {
  it('counts 140 CJK characters as 280, at the limit, and 141 as over it', () => {
    expect(preview({ platform: Platform.TWITTER, text: '東'.repeat(140) })).toMatchObject({
      characterCount: 280,
      rawCharacterCount: 140,
      truncated: false,
    });
    expect(preview({ platform: Platform.TWITTER, text: '東'.repeat(141) }).truncated).toBe(true);
  });

  it('counts an emoji, even a joined family, as 2', () => {
    expect(preview({ platform: Platform.TWITTER, text: 'Go 🚀' }).characterCount).toBe(5);
    expect(preview({ platform: Platform.TWITTER, text: '👩‍👩‍👧‍👦' }).characterCount).toBe(2);
  });

  it('counts any link as 23 whatever its length', () => {
    const url = `https://acme.io/${'a'.repeat(80)}`;
    const result = preview({ platform: Platform.TWITTER, text: `Read ${url}` });
    expect(result.characterCount).toBe(5 + 23);
    expect(result.rawCharacterCount).toBe(5 + url.length);
  });

  it('counts code points on other platforms', () => {
    expect(preview({ platform: Platform.LINKEDIN, text: '東京 🚀' }).characterCount).toBe(4);
  });
});

describe('preview content', () => {
  it('extracts hashtags, mentions and links', () => {
    const result = preview({
      platform: Platform.LINKEDIN,
      text: 'Thanks @acme! Ride https://acme.io/launch #Commute #電動',
    });
    expect(result.hashtags).toEqual(['#Commute', '#電動']);
    expect(result.mentions).toEqual(['@acme']);
    expect(result.links).toEqual(['https://acme.io/launch']);
  });

  it('renders text as escaped HTML so a script stays text', () => {
    const result = preview({ platform: Platform.LINKEDIN, text: `<script>alert("x")</script> Tom & Jerry's <b>` });
    expect(result.html).not.toContain('<script>');
    expect(result.html).not.toContain('<b>');
    expect(result.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s &lt;b&gt;');
  });

  it('escapes a blog title and email subject too', () => {
    expect(
      preview({ platform: Platform.BLOG, text: 'Body.', title: '<img src=x onerror=alert(1)>' }).html,
    ).not.toContain('<img');
    expect(preview({ platform: Platform.EMAIL, text: 'Body.', title: '"><script>' }).html).not.toContain('<script>');
  });

  it('renders links as nofollow anchors and hashtags and mentions as styled spans', () => {
    const { html } = preview({
      platform: Platform.TWITTER,
      text: 'See acme.io or https://acme.io/a?b=1&c=2 with @acme #Launch',
    });
    expect(html).toContain('<a href="https://acme.io" rel="nofollow noopener" target="_blank"');
    expect(html).toContain('href="https://acme.io/a?b=1&amp;c=2"');
    expect(html).toMatch(/<span class="cd-mention"[^>]*>@acme<\/span>/);
    expect(html).toMatch(/<span class="cd-hashtag"[^>]*>#Launch<\/span>/);
  });

  it('measures keyword density and the blog title and meta description', () => {
    const body = [
      '## Why it matters',
      'An electric skateboard changes the commute. This electric skateboard folds in seconds and charges overnight, so the ride to work is calm.',
      'Second paragraph.',
    ].join('\n\n');
    const result = preview({
      platform: Platform.BLOG,
      text: body,
      title: 'The electric skateboard for your commute',
      brief: brief(),
    });
    const density = Object.fromEntries(result.seo.keywordDensity.map((k) => [k.keyword, k]));
    expect(density['electric skateboard']?.count).toBe(3);
    expect(density.commute?.count).toBe(2);
    expect(density['electric skateboard']?.density).toBeGreaterThan(density.commute?.density ?? 0);
    expect(result.seo).toMatchObject({ titleLength: 40, titleOk: true, metaDescriptionOk: true });
    expect(result.seo.metaDescription?.startsWith('An electric skateboard changes the commute.')).toBe(true);
    expect(result.seo.metaDescriptionLength).toBeLessThanOrEqual(160);
  });

  it('fails a blog title over 70 characters', () => {
    const result = preview({ platform: Platform.BLOG, text: 'Body text here.', title: 'T'.repeat(71) });
    expect(result.seo.titleOk).toBe(false);
  });

  it('labels the engagement estimate a heuristic and explains it with factors', () => {
    const withCta = preview({
      platform: Platform.LINKEDIN,
      text: 'Ready for a faster commute? Pre-order today.',
      brief: brief(),
    });
    const without = preview({ platform: Platform.LINKEDIN, text: 'The board is out. It is a board.', brief: brief() });
    expect(withCta.engagement.label).toBe('heuristic');
    expect(withCta.engagement.factors).toContainEqual({ name: 'Call to action ("Pre-order today")', effect: 10 });
    expect(without.engagement.factors).toContainEqual({ name: 'No call to action', effect: -10 });
    expect(withCta.engagement.score).toBeGreaterThan(without.engagement.score);
  });

  it('gives a readability grade for English and none for other languages', () => {
    const english = preview({
      platform: Platform.FACEBOOK,
      text: 'Our board is fast. It folds in a second. You can take it on the bus.',
    });
    expect(english.readabilityGrade).toEqual(expect.any(Number));
    expect(
      preview({ platform: Platform.FACEBOOK, text: '通勤がもっと楽しくなる新しいスケートボードです。' })
        .readabilityGrade,
    ).toBeNull();
  });

  it('previews one text on several platforms in the order asked', () => {
    const result = previews([Platform.TWITTER, Platform.LINKEDIN, Platform.INSTAGRAM], { text: words(200) });
    expect(result.map((p) => [p.platform, p.truncated])).toEqual([
      [Platform.TWITTER, false],
      [Platform.LINKEDIN, false],
      [Platform.INSTAGRAM, true],
    ]);
  });
});
