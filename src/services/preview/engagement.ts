import { type BriefData, Platform } from '../../entities';
import { countCharacters, hookFits, hookOf, ruleFor, wordCount } from '../platforms/platform-rules';
import { twitter } from '../platforms/tweet-text';
import { findCallToAction } from '../quality/call-to-action';
import { hookDevice, IDEAL_LENGTH } from '../quality/text-components';
import type { EngagementEstimate, EngagementFactor } from './preview.types';

/** Where every estimate starts: an average post. */
const BASELINE = 50;

/**
 * A rough engagement estimate from copy features that social-media guides agree on: a hook before the fold,
 * a call to action, a length in the platform's sweet spot, a few hashtags, an emoji or two, tagging people.
 * It knows nothing of the audience, the timing or the picture, so it is labelled a heuristic; each factor shows
 * its effect in points so a reader can see why.
 */
export function estimateEngagement(platform: Platform, text: string, brief: BriefData | null): EngagementEstimate {
  const rule = ruleFor(platform);
  const factors: EngagementFactor[] = [];
  const add = (name: string, effect: number) => factors.push({ name, effect });

  const device = hookDevice(hookOf(text));
  add(device ? `Hook ${device}` : 'Hook has no question, number or strong verb', device ? 10 : -5);
  if (!hookFits(platform, text)) add(`Hook runs past the ${rule.foldAt}-character fold`, -10);

  const cta = findCallToAction(text, brief?.callToAction);
  add(cta ? `Call to action ("${cta.phrase}")` : 'No call to action', cta ? 10 : -10);

  const ideal = IDEAL_LENGTH[platform];
  const length = ideal.unit === 'words' ? wordCount(text) : countCharacters(platform, text);
  const inRange = length >= ideal.min && length <= ideal.max;
  add(
    inRange
      ? `Length in the ideal ${ideal.min}–${ideal.max} ${ideal.unit}`
      : `Length outside ${ideal.min}–${ideal.max} ${ideal.unit}`,
    inRange ? 10 : -5,
  );

  const tags = twitter.extractHashtags(text).length;
  if (tags > rule.hashtags.max) add(`${tags} hashtags, over the ${rule.hashtags.max} maximum`, -10);
  else if (tags > 0 && tags >= rule.hashtags.min) add(`${tags} hashtag${tags === 1 ? '' : 's'}`, 5);

  const emoji = text.match(/\p{Extended_Pictographic}/gu)?.length ?? 0;
  if (emoji >= 1 && emoji <= 3 && platform !== Platform.BLOG) add(`${emoji} emoji`, 5);
  if (emoji > 10) add(`${emoji} emoji read as spam`, -5);

  if (twitter.extractMentions(text).length > 0) add('Mentions people or brands', 3);
  // Instagram captions do not link: a URL there is dead text that asks for a copy-paste.
  if (platform === Platform.INSTAGRAM && twitter.extractUrls(text).length > 0)
    add('Link in an Instagram caption is not clickable', -5);

  const total = factors.reduce((sum, factor) => sum + factor.effect, BASELINE);
  return { score: Math.max(0, Math.min(100, total)), label: 'heuristic', factors };
}
