import { type BriefData, type OutlineData, Platform } from '../../../../entities';
import { buildContext } from './context';
import { abridge, clipChars, fill, firstSentences, sentence, upperFirst } from './text';

const MAX_KEY_MESSAGES = 5;

/**
 * The outline from the brief alone: a headline in the tone, 3–5 key messages (features first, then the
 * description and the audience, then tone-level messages to reach three) and the tone's angle.
 */
export function writeOutline(brief: BriefData): OutlineData {
  // The outline has no platform; the blog's first variant shares its choices, so its title matches the headline.
  const ctx = buildContext(brief, null, Platform.BLOG, 0);
  const { vars, voice } = ctx;
  const features = ctx.features.slice(0, 3).map((feature) => sentence(upperFirst(abridge(feature, 160)), '.'));
  const description = abridge(firstSentences(ctx.description, 1), 200);
  const audience = brief.audience ? fill('Made for {people}.', vars) : '';
  const toneLevel = [fill('{product} is {adj} and {adj2}.', vars), sentence(ctx.cta, voice.end)];
  // There is always at least one feature and two tone-level messages, so three are always reached.
  const keyMessages = [...new Set([...features, description, audience, ...toneLevel])]
    .filter((message) => message.length > 0)
    .slice(0, MAX_KEY_MESSAGES);
  return {
    headline: clipChars(fill(voice.headline, { ...vars, feature: abridge(vars.feature ?? '', 60) }), 100),
    keyMessages,
    angle: fill(voice.angle, vars),
  };
}
