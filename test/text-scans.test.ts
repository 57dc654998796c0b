import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entitiesOf, hashtagsOf, parseTweet, twitter } from '../src/services/platforms/tweet-text';
import { foldedMatcher, foldForMatch } from '../src/services/quality/text-match';

/** Deterministic texts from pieces that exercise the edges (links with fragments, mentions, marks, emoji). */
function texts(pieces: string[], count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 20) }, () => pieces[Math.floor(next() * pieces.length)]).join(
      next() < 0.5 ? '' : ' ',
    ),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('twitter-text, loaded without the polyfill that slows every regular expression', () => {
  it('is imported only through src/services/platforms/tweet-text.ts', () => {
    const importers = sourceFiles(join(__dirname, '..', 'src'))
      .filter((path) => /from 'twitter-text'|require\('twitter-text'\)/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(join(__dirname, '..'), path));
    expect(importers).toEqual(['src/services/platforms/tweet-text.ts']);
  });

  it("leaves core-js's split polyfill unloaded (an empty module stands in for it)", () => {
    const from = { paths: [require.resolve('twitter-text')] };
    const polyfill = require.cache[require.resolve('core-js/modules/es6.regexp.split', from)];
    // The real module requires a dozen core-js helpers; the stand-in ran nothing and required nothing.
    expect(polyfill?.loaded).toBe(true);
    expect(polyfill?.children).toEqual([]);
    expect(String.prototype.split.toString()).toContain('[native code]');
  });

  it('counts, links and tags text exactly as the library does', () => {
    const pieces = ['a', '#', '#tag', ' ', '@me', '$ABC', 'acme.io', 'https://x.io/#frag', '#1', 'é', '🌷', '＃tag'];
    for (const text of texts([...pieces, '.', '\n', 'http://t.co/a#b', '@u/list', '#a#b', 'www.z.com'], 3000, 3)) {
      expect(entitiesOf(text)).toEqual(twitter.extractEntitiesWithIndices(text));
      expect(hashtagsOf(text)).toEqual(twitter.extractHashtags(text));
      expect(parseTweet(text)).toEqual(twitter.parseTweet(text));
    }
    expect(parseTweet(`${'x'.repeat(250)} https://acme.com/${'a'.repeat(100)}`).weightedLength).toBe(274);
  });
});

describe('phrase matching on folded text', () => {
  it('finds a phrase exactly when folding both sides finds it, without folding the text', () => {
    const reference = (text: string, phrase: string) => {
      const needle = foldForMatch(phrase);
      return needle.length > 0 && ` ${foldForMatch(text)} `.includes(` ${needle} `);
    };
    const pieces = ['a', 'b', 'c', 'A', 'B', ' ', '-', '.', '\n', 'é', 'É', 'İ', 'ß', '1', '🌷', '_', "'", '’'];
    const all = texts([...pieces, '\u0301', '  ', 'ab', 'ba', 'c.', '#'], 2000, 7);
    for (let i = 0; i + 1 < all.length; i += 2) {
      const [text, phrase] = [all[i]!, all[i + 1]!.slice(0, 6)];
      expect(foldedMatcher(text)(phrase), `${JSON.stringify(phrase)} in ${JSON.stringify(text)}`).toBe(
        reference(text, phrase),
      );
    }
    expect(foldedMatcher('Pre-order today!')('pre order today')).toBe(true);
    expect(foldedMatcher('Preorder today')('pre order')).toBe(false);
  });
});
