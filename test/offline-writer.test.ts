import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type BriefData, Platform, Tone } from '../src/entities';

import { shortProductName } from '../src/services/generation/providers/offline/context';
import { toHashtag } from '../src/services/generation/providers/offline/hashtags';
import { chunkText } from '../src/services/generation/providers/offline/stream';
import { OfflineProvider } from '../src/services/generation/providers/offline.provider';
import {
  checkVariant,
  countCharacters,
  cutAtSentence,
  hookFits,
  hookOf,
  postedText,
  ruleFor,
  type VariantDraft,
  wordCount,
} from '../src/services/platforms/platform-rules';

const PLATFORMS = Object.values(Platform);
const TONES = Object.values(Tone);
const OUTLINE = { headline: 'Acme Rocket, reinvented', keyMessages: ['Fast'], angle: null };

/** A brief as the campaign service stores it; override any field. */
function brief(overrides: Partial<BriefData> = {}): BriefData {
  return {
    productName: 'Acme Rocket',
    description: 'A rocket-powered skateboard for commuters. It folds in seconds and charges overnight.',
    features: ['0–60 in 3 seconds', 'Folds into a backpack', 'App-controlled speed limits'],
    audience: 'Urban commuters',
    tone: Tone.PLAYFUL,
    platforms: PLATFORMS,
    keywords: ['commute', 'rocket board', 'e-bike'],
    callToAction: 'Pre-order today',
    url: 'https://acme.example/rocket',
    language: 'en',
    ...overrides,
  };
}

const words = (count: number, seed: string) =>
  Array.from({ length: count }, (_, i) => `${seed}${['alpha', 'bravo', 'charlie', 'delta'][i % 4]}`).join(' ');
const upTo = (text: string, max: number) => text.slice(0, max).trim();

const BRIEFS: Record<string, BriefData> = {
  typical: brief(),
  minimal: brief({
    productName: 'Lumen',
    description: null,
    features: ['Soft light'],
    audience: null,
    tone: Tone.PROFESSIONAL,
    keywords: [],
    callToAction: null,
    url: null,
  }),
  maximal: brief({
    productName: upTo(`Aurora ${words(40, 'Grand')}`, 200),
    description: upTo(words(400, 'story'), 2000),
    features: Array.from({ length: 10 }, (_, i) => upTo(`Feature ${i} ${words(40, 'long')}`, 200)),
    audience: upTo(words(90, 'people'), 500),
    keywords: Array.from({ length: 20 }, (_, i) => `keyword ${['one', 'two', 'three', 'four', 'five'][i % 5]} ${i}`),
    callToAction: 'Book a free demo today',
  }),
  everythingAtItsLimit: brief({
    productName: '超'.repeat(200),
    description: '説明文です。'.repeat(333),
    features: Array.from({ length: 10 }, (_, i) => `${i}${'🚀'.repeat(199)}`),
    audience: 'x'.repeat(500),
    keywords: Array.from({ length: 20 }, (_, i) => `k${i}${'y'.repeat(47)}`),
    callToAction: 'Act '.repeat(50).trim(),
    url: `https://example.com/${'p'.repeat(200)}`,
  }),
  emoji: brief({ productName: 'Rocket 🚀 Board 🛹✨', features: ['Lights up 🌈', 'Rides for 20 km 🔋'] }),
  japanese: brief({
    productName: '東京ラーメン超特急',
    description: 'スープは十二時間煮込みます。',
    features: ['麺は毎朝手打ち', '駅から徒歩一分'],
    audience: '忙しい会社員',
    keywords: ['ラーメン', '東京グルメ'],
    callToAction: '今すぐ予約',
    language: 'ja',
  }),
  german: brief({
    productName: 'Bergblick Kaffee',
    description: 'Kaffee aus den Alpen. Frisch geröstet.',
    features: ['Fair gehandelt', 'Frisch geröstet in München'],
    audience: 'Kaffeeliebhaber',
    tone: Tone.PREMIUM,
    keywords: ['Kaffee', 'Rösterei München'],
    callToAction: 'Jetzt bestellen',
    language: 'de',
  }),
};

interface Written {
  variants: VariantDraft[];
  deltas: { index: number; delta: string }[];
}

async function write(b: BriefData, platform: Platform, count = 3, provider = new OfflineProvider({ chunkDelayMs: 0 })) {
  const deltas: Written['deltas'] = [];
  const { variants, usage } = await provider.variants({
    brief: b,
    outline: OUTLINE,
    platform,
    count,
    signal: new AbortController().signal,
    onDelta: (index, delta) => deltas.push({ index, delta }),
  });
  return { variants, deltas, usage };
}

const graphemeLength = (text: string) => [...new Intl.Segmenter().segment(text)].length;
const firstWords = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(' ');

/** The platform's hard rules plus the shape the issue asks for. */
function expectWithinRules(platform: Platform, variant: VariantDraft, b: BriefData): void {
  expect(checkVariant(platform, variant)).toEqual([]);
  const rule = ruleFor(platform);
  const posted = postedText(platform, variant.body, variant.hashtags);
  expect(countCharacters(platform, posted)).toBeLessThanOrEqual(rule.maxLength);
  expect(variant.hashtags.length).toBeLessThanOrEqual(rule.hashtags.max);
  for (const tag of variant.hashtags) expect(tag).toMatch(/^#[\p{L}\p{M}\p{N}]+$/u);
  expect(hookFits(platform, variant.body)).toBe(true);
  switch (platform) {
    case Platform.LINKEDIN:
      expect(graphemeLength(variant.body.split('\n\n')[0] ?? '')).toBeLessThanOrEqual(210);
      break;
    case Platform.INSTAGRAM:
      expect(variant.hashtags.length).toBeGreaterThanOrEqual(3);
      expect(variant.body).not.toMatch(/https?:\/\//);
      if (b.url) expect(variant.body).toMatch(/link in bio/i);
      break;
    case Platform.BLOG:
      expect(graphemeLength(variant.title ?? '')).toBeGreaterThan(0);
      expect(graphemeLength(variant.title ?? '')).toBeLessThanOrEqual(70);
      expect(wordCount(variant.body)).toBeGreaterThanOrEqual(300);
      expect(wordCount(variant.body)).toBeLessThanOrEqual(600);
      expect(variant.body.match(/^## \S/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
      break;
    case Platform.EMAIL:
      expect(graphemeLength(variant.title ?? '')).toBeGreaterThan(0);
      expect(graphemeLength(variant.title ?? '')).toBeLessThanOrEqual(60);
      expect(graphemeLength(variant.body.split('\n')[0] ?? '')).toBeGreaterThan(0);
      expect(graphemeLength(variant.body.split('\n')[0] ?? '')).toBeLessThanOrEqual(100);
      expect(variant.hashtags).toEqual([]);
      break;
    default:
      break;
  }
}

describe('offline writer: platform rules', () => {
  for (const [name, b] of Object.entries(BRIEFS)) {
    it(`keeps every platform within its rules for the ${name} brief`, async () => {
      for (const platform of PLATFORMS) {
        const { variants } = await write(b, platform, 3);
        expect(variants).toHaveLength(3);
        for (const variant of variants) expectWithinRules(platform, variant, b);
      }
    });
  }

  for (const tone of TONES) {
    it(`keeps every platform within its rules in the ${tone} tone, for full and minimal briefs`, async () => {
      for (const b of [brief({ tone }), { ...BRIEFS.minimal!, tone }]) {
        for (const platform of PLATFORMS) {
          for (const variant of (await write(b, platform, 5)).variants) expectWithinRules(platform, variant, b);
        }
      }
    });
  }

  it('keeps X within 280 weighted characters when emoji and CJK count double', async () => {
    for (const productName of [
      '東京ラーメン'.repeat(30),
      `${'🚀'.repeat(100)} Rocket`,
      '한국어 제품 이름 '.repeat(20),
    ]) {
      const b = brief({ productName, features: ['速い'.repeat(90), '🔥 hot'.repeat(30)] });
      for (const variant of (await write(b, Platform.TWITTER, 5)).variants) {
        expect(
          countCharacters(Platform.TWITTER, postedText(Platform.TWITTER, variant.body, variant.hashtags)),
        ).toBeLessThanOrEqual(280);
      }
    }
  });
});

describe('offline writer: content', () => {
  it('names the product and carries the call to action on every platform', async () => {
    for (const b of [BRIEFS.typical!, BRIEFS.japanese!, BRIEFS.german!, BRIEFS.emoji!]) {
      for (const platform of PLATFORMS) {
        for (const { body } of (await write(b, platform)).variants) {
          expect(body).toContain(b.productName);
          expect(body).toContain(b.callToAction);
        }
      }
    }
  });

  it('shortens a 200-character product name where space is tight and keeps the full name in long copy', async () => {
    const b = BRIEFS.maximal!;
    const short = shortProductName(b.productName);
    expect(graphemeLength(short)).toBeLessThanOrEqual(40);
    expect(b.productName.startsWith(short)).toBe(true);
    for (const platform of PLATFORMS) {
      for (const { body } of (await write(b, platform)).variants) expect(body).toContain(short);
    }
    for (const platform of [Platform.LINKEDIN, Platform.BLOG, Platform.EMAIL, Platform.INSTAGRAM]) {
      for (const { body } of (await write(b, platform)).variants) expect(body).toContain(b.productName);
    }
  });

  it('opens each variant of a platform with a different hook and a different body', async () => {
    for (const b of [BRIEFS.typical!, BRIEFS.minimal!]) {
      for (const platform of PLATFORMS) {
        const { variants } = await write(b, platform, 5);
        expect(new Set(variants.map((v) => firstWords(v.body, 2))).size).toBe(5);
        expect(new Set(variants.map((v) => v.body)).size).toBe(5);
      }
    }
  });

  it('writes the same copy for the same brief, whatever the order of its stored keys', async () => {
    const b = BRIEFS.typical!;
    const reordered = Object.fromEntries(Object.entries(b).reverse()) as unknown as BriefData;
    for (const platform of PLATFORMS) {
      expect((await write(reordered, platform)).variants).toEqual((await write(b, platform)).variants);
    }
  });

  it('gives each tone its own voice, with emoji only when playful or friendly', async () => {
    const bodies = new Set<string>();
    for (const tone of TONES) {
      const { variants } = await write(brief({ tone }), Platform.LINKEDIN, 3);
      const text = variants.map((v) => v.body).join('\n');
      bodies.add(text);
      const withEmoji = /\p{Extended_Pictographic}/u.test(text);
      expect(withEmoji).toBe(tone === Tone.PLAYFUL || tone === Tone.FRIENDLY);
      if (tone === Tone.PREMIUM) expect(text).not.toContain('!');
    }
    expect(bodies.size).toBe(TONES.length);
  });

  it('turns keywords into CamelCase hashtags of letters and digits, without duplicates', async () => {
    expect(toHashtag('rocket board')).toBe('#RocketBoard');
    expect(toHashtag('e-bike!')).toBe('#EBike');
    expect(toHashtag('#commute')).toBe('#Commute');
    expect(toHashtag('2024')).toBeNull();
    expect(toHashtag('東京グルメ')).toBe('#東京グルメ');
    const b = brief({ keywords: ['rocket board', 'Rocket Board', 'e-bike!', '2024', '#commute'] });
    const [caption] = (await write(b, Platform.INSTAGRAM, 1)).variants;
    expect(caption?.hashtags.slice(0, 3)).toEqual(['#RocketBoard', '#EBike', '#Commute']);
    const lower = caption?.hashtags.map((tag) => tag.toLowerCase()) ?? [];
    expect(new Set(lower).size).toBe(lower.length);
  });

  it('keeps raw URLs out of Instagram captions, even when the brief puts them in its text', async () => {
    const b = brief({
      callToAction: 'Order at https://acme.example/rocket',
      description: 'See https://acme.example/rocket for details.',
      features: ['Specs at https://acme.example/specs', 'Folds into a backpack'],
    });
    for (const { body } of (await write(b, Platform.INSTAGRAM)).variants) {
      expect(body).not.toMatch(/https?:/);
      expect(body).toMatch(/Link in bio\./);
    }
  });

  it('writes a blog post with sections from the features and a conclusion carrying the call to action', async () => {
    const b = BRIEFS.typical!;
    for (const { body } of (await write(b, Platform.BLOG)).variants) {
      const headings = body.match(/^## .+$/gm) ?? [];
      for (const feature of b.features) expect(headings).toContain(`## ${feature}`);
      const conclusion = body.slice(body.lastIndexOf('## '));
      expect(conclusion).toContain(b.callToAction);
      expect(conclusion).toContain(b.url);
    }
  });

  it('writes an email with the preheader first, a greeting, the call to action and a sign-off, and no hashtags', async () => {
    const b = brief({ tone: Tone.FRIENDLY });
    const { variants } = await write(b, Platform.EMAIL);
    expect(new Set(variants.map((v) => v.body.split('\n')[0])).size).toBe(variants.length);
    for (const { body } of variants) {
      const [preheader, greeting] = body.split('\n\n');
      expect(preheader).not.toContain('\n');
      expect(greeting).toBe('Hi there,');
      expect(body).toContain(b.description);
      expect(body).toContain(`Pre-order today! ${b.url}`);
      expect(body).toMatch(/Cheers,\nThe Acme Rocket team$/);
      expect(body).not.toMatch(/#\w/);
      expect(wordCount(body)).toBeGreaterThanOrEqual(80);
      expect(wordCount(body)).toBeLessThanOrEqual(300);
    }
  });

  it('writes an outline with a headline, three to five key messages and an angle in the tone', async () => {
    const provider = new OfflineProvider({ chunkDelayMs: 0 });
    const signal = new AbortController().signal;
    const angles = new Set<string | null>();
    for (const b of [BRIEFS.minimal!, BRIEFS.maximal!, ...TONES.map((tone) => brief({ tone }))]) {
      const { outline, usage } = await provider.outline({ brief: b, signal });
      expect(outline.headline).toContain(shortProductName(b.productName));
      expect(outline.keyMessages.length).toBeGreaterThanOrEqual(3);
      expect(outline.keyMessages.length).toBeLessThanOrEqual(5);
      expect(usage).toEqual({ model: 'offline', promptTokens: 0, completionTokens: 0, cachedTokens: 0 });
      if (b.productName === 'Acme Rocket') angles.add(outline.angle);
    }
    expect(angles.size).toBe(TONES.length);
  });
});

describe('offline writer: streaming and control', () => {
  it('streams each body, one variant after another, in chunks of a few words that concatenate to it', async () => {
    for (const platform of PLATFORMS) {
      const { variants, deltas } = await write(BRIEFS.typical!, platform, 3);
      const indices = deltas.map((d) => d.index);
      expect(indices).toEqual([...indices].sort((a, b) => a - b));
      variants.forEach((variant, i) => {
        const mine = deltas.filter((d) => d.index === i).map((d) => d.delta);
        expect(mine.join('')).toBe(variant.body);
        expect(mine.length).toBeGreaterThan(1);
        for (const delta of mine) expect(delta.trim().split(/\s+/).length).toBeLessThanOrEqual(4);
      });
    }
  });

  it('paces chunks with the configured delay: each one that long after the one before', async () => {
    // A clock of the test's own: the pace is asserted in clock steps, not measured against the wall.
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const deltas: string[] = [];
    const running = new OfflineProvider({ chunkDelayMs: 5 }).variants({
      brief: BRIEFS.minimal!,
      outline: OUTLINE,
      platform: Platform.TWITTER,
      count: 1,
      signal: new AbortController().signal,
      onDelta: (_, delta) => deltas.push(delta),
    });
    await vi.advanceTimersByTimeAsync(4);
    expect(deltas).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(deltas).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4);
    expect(deltas).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(6);
    expect(deltas).toHaveLength(3);
    await vi.runAllTimersAsync();
    const [variant] = (await running).variants;
    expect(deltas).toEqual(chunkText(variant?.body ?? ''));
  });

  it('rejects with the reason and stops streaming promptly when aborted mid-stream', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const controller = new AbortController();
    const deltas: string[] = [];
    const reason = new Error('cancelled by user');
    const running = new OfflineProvider({ chunkDelayMs: 1000 }).variants({
      brief: BRIEFS.typical!,
      outline: OUTLINE,
      platform: Platform.BLOG,
      count: 3,
      signal: controller.signal,
      onDelta: (_, delta) => deltas.push(delta),
    });
    let outcome: unknown = 'pending';
    running.then(
      () => {
        outcome = 'resolved';
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(deltas).toHaveLength(1);
    expect(outcome).toBe('pending');

    controller.abort(reason);
    // No clock time passes: the pause in progress ends at the abort, not when its second is up, and leaves no timer.
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(deltas).toHaveLength(1);
  });

  it('rejects with an AbortError when the signal aborts without a reason, including from a delta handler', async () => {
    const controller = new AbortController();
    let seen = 0;
    const running = new OfflineProvider({ chunkDelayMs: 0 }).variants({
      brief: BRIEFS.typical!,
      outline: OUTLINE,
      platform: Platform.LINKEDIN,
      count: 2,
      signal: controller.signal,
      onDelta: () => {
        seen++;
        if (seen === 3) controller.abort();
      },
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(3);
  });

  it('refuses every call when the signal is already aborted', async () => {
    const provider = new OfflineProvider({ chunkDelayMs: 0 });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    const { signal } = controller;
    const b = BRIEFS.typical!;
    const variant = { title: null, body: 'Hello.', hashtags: [] };
    await expect(provider.outline({ brief: b, signal })).rejects.toThrow('gone');
    await expect(
      provider.variants({
        brief: b,
        outline: OUTLINE,
        platform: Platform.TWITTER,
        count: 1,
        signal,
        onDelta: () => {},
      }),
    ).rejects.toThrow('gone');
    await expect(
      provider.shorten({ brief: b, platform: Platform.TWITTER, variant, limit: 280, signal }),
    ).rejects.toThrow('gone');
  });

  it('ignores feedback and reports its name and zero usage', async () => {
    const provider = new OfflineProvider({ chunkDelayMs: 0 });
    const request = {
      brief: BRIEFS.typical!,
      outline: OUTLINE,
      platform: Platform.FACEBOOK,
      count: 2,
      signal: new AbortController().signal,
      onDelta: () => {},
    };
    const plain = await provider.variants(request);
    const withFeedback = await provider.variants({ ...request, feedback: 'Avoid the word "rocket".' });
    expect(withFeedback.variants).toEqual(plain.variants);
    expect(provider.name).toBe('offline');
    expect(plain.usage).toEqual({ model: 'offline', promptTokens: 0, completionTokens: 0, cachedTokens: 0 });
  });
});

describe('offline writer: shorten', () => {
  const provider = new OfflineProvider({ chunkDelayMs: 0 });
  const signal = new AbortController().signal;

  it('cuts a long post to the limit at a sentence boundary and keeps its hashtags on the last line', async () => {
    const [variant] = (await write(BRIEFS.typical!, Platform.LINKEDIN, 1)).variants;
    const { variant: short } = await provider.shorten({
      brief: BRIEFS.typical!,
      platform: Platform.LINKEDIN,
      variant: variant!,
      limit: 200,
      signal,
    });
    expect(
      countCharacters(Platform.LINKEDIN, postedText(Platform.LINKEDIN, short.body, short.hashtags)),
    ).toBeLessThanOrEqual(200);
    expect(short.hashtags).toEqual(variant!.hashtags);
    expect(short.hashtags.length).toBeGreaterThan(0);
    expect(short.body.endsWith(short.hashtags.join(' '))).toBe(true);
    const text = short.body.slice(0, short.body.lastIndexOf('\n\n'));
    expect(text).toMatch(/[.!?…]\s*$/u);
    expect(variant!.body.startsWith(text)).toBe(true);
  });

  it('keeps no more hashtags than the platform allows and drops tags before the text when space is short', async () => {
    const body = `${'This sentence is here to be long enough. '.repeat(12).trim()}`;
    const hashtags = ['#One', '#Two', '#Three', '#Four', '#Five'];
    const { variant } = await provider.shorten({
      brief: BRIEFS.typical!,
      platform: Platform.TWITTER,
      variant: { title: null, body, hashtags },
      limit: 280,
      signal,
    });
    expect(variant.hashtags).toEqual(['#One', '#Two']);
    expect(checkVariant(Platform.TWITTER, variant)).toEqual([]);
    expect(variant.body).not.toContain('#');
    const tiny = await provider.shorten({
      brief: BRIEFS.typical!,
      platform: Platform.TWITTER,
      variant: { title: null, body, hashtags },
      limit: 45,
      signal,
    });
    expect(
      countCharacters(Platform.TWITTER, postedText(Platform.TWITTER, tiny.variant.body, tiny.variant.hashtags)),
    ).toBeLessThanOrEqual(45);
    expect(tiny.variant.body).toBe('This sentence is here to be long enough.');
  });

  it('clips a title over the platform maximum', async () => {
    const { variant } = await provider.shorten({
      brief: BRIEFS.typical!,
      platform: Platform.EMAIL,
      variant: {
        title: 'A subject line that goes on and on well past the sixty character limit',
        body: 'Hi.',
        hashtags: [],
      },
      limit: 5000,
      signal,
    });
    expect(checkVariant(Platform.EMAIL, variant)).toEqual([]);
  });
});

describe('platform rules used by the offline writer', () => {
  it('takes the first paragraph, or its first sentence when that ends sooner, as the hook', () => {
    expect(hookOf('Short hook? More of the same paragraph.\n\nNext')).toBe('Short hook?');
    expect(hookOf('No end mark here\n\nNext.')).toBe('No end mark here');
    expect(hookOf('最初の文。次の文。')).toBe('最初の文。');
    expect(hookFits(Platform.LINKEDIN, `${'word '.repeat(50)}end.`)).toBe(false);
    expect(hookFits(Platform.TWITTER, 'x'.repeat(500))).toBe(true);
  });

  it('never ends a cut inside a URL or a number', () => {
    const text = 'Pre-order today! Visit https://acme.example.com/rocket for 3.5 times the fun. Then more.';
    for (let limit = 17; limit < text.length; limit++) {
      const cut = cutAtSentence(Platform.LINKEDIN, text, limit);
      expect([
        'Pre-order today!',
        'Pre-order today! Visit https://acme.example.com/rocket for 3.5 times the fun.',
      ]).toContain(cut);
    }
  });
});
