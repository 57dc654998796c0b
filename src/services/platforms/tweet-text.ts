import Module from 'node:module';
import { dirname } from 'node:path';

/**
 * twitter-text, loaded without the core-js 2 polyfill of `String.prototype.split` it requires for old browsers.
 * That polyfill's feature test sets `constructor` on a RegExp instance, which makes V8 drop its fast paths for
 * every regular expression in the process for good: `split` with a pattern became ~50× slower and `replace`
 * twice as slow, in every module, not only twitter-text's (bench:moderation, "core-js" in the README). Node 20
 * implements `split` natively, so the polyfill is replaced by an empty module before twitter-text loads; the
 * other polyfills it requires leave the fast paths alone and still load.
 */
const HARMFUL_POLYFILLS = ['core-js/modules/es6.regexp.split'];

function loadTwitterText(): typeof import('twitter-text') {
  const from = { paths: [dirname(require.resolve('twitter-text'))] };
  for (const id of HARMFUL_POLYFILLS) {
    const filename = require.resolve(id, from);
    if (require.cache[filename]) continue;
    const empty = new Module(filename);
    empty.filename = filename;
    empty.loaded = true;
    require.cache[filename] = empty;
  }
  return require('twitter-text');
}

/** The twitter-text library (its default export). */
export const twitter = loadTwitterText();

/**
 * twitter-text's parsers, remembered for the last few texts. One check of a text (moderation, quality score,
 * auto-fix, preview) asks twitter-text about the same text several times, and each call scans it again for URLs
 * (with punycode), hashtags and mentions. The results are shared: callers must treat them as read-only.
 */
const RECENT = 8;

function recent<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = parse(text);
    if (cache.size >= RECENT) cache.delete(cache.keys().next().value as string);
    cache.set(text, value);
    return value;
  };
}

/** X's weighted length and valid range of a text (`twitter.parseTweet`). */
export const parseTweet: (text: string) => Readonly<import('twitter-text').ParsedTweet> = recent((text) =>
  twitter.parseTweet(text),
);

type Entity = import('twitter-text').EntityWithIndices;

/** Links with their offsets (`twitter.extractUrlsWithIndices`), the costliest scan, shared by the two below. */
const urlsOf = recent((text): readonly Entity[] => twitter.extractUrlsWithIndices(text));

/** Hashtags with their offsets, before overlaps with links are removed. */
const rawHashtagsOf = recent((text): readonly Entity[] => hashtagsWithIndices(text, { checkUrlOverlap: false }));

/** The library takes this option (extractEntitiesWithIndices passes it); its type definitions leave it out. */
const hashtagsWithIndices = twitter.extractHashtagsWithIndices as (
  text: string,
  options: { checkUrlOverlap: boolean },
) => Entity[];

/**
 * Links, hashtags, mentions and cashtags with their offsets: what `twitter.extractEntitiesWithIndices` returns,
 * assembled the same way (same order, the library's own overlap removal) from the shared scans.
 */
export const entitiesOf = recent((text): readonly Readonly<Entity>[] => {
  const entities = [
    ...urlsOf(text),
    ...twitter.extractMentionsOrListsWithIndices(text),
    ...rawHashtagsOf(text),
    ...twitter.extractCashtagsWithIndices(text),
  ];
  if (entities.length === 0) return [];
  twitter.removeOverlappingEntities(entities);
  return entities;
});

/**
 * The hashtags of a text without "#": what `twitter.extractHashtags` returns (hashtags inside links dropped by the
 * library's overlap removal), from the shared scans.
 */
export const hashtagsOf = recent((text): readonly string[] => {
  let tags = rawHashtagsOf(text);
  const urls = urlsOf(text);
  if (urls.length > 0) {
    const entities = [...tags, ...urls];
    twitter.removeOverlappingEntities(entities);
    tags = entities.filter((entity) => 'hashtag' in entity);
  }
  return tags.map((tag) => (tag as import('twitter-text').HashtagWithIndices).hashtag);
});
