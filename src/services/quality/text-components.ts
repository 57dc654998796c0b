import { Platform } from '../../entities';
import { countCharacters, hookFits, hookOf, postedText, ruleFor, wordCount } from '../platforms/platform-rules';
import { findCallToAction } from './call-to-action';
import type { ComponentResult, ScoreQualityInput } from './quality.types';
import { readabilityOf } from './readability';

/**
 * The length each platform rewards, inside its hard limit. Sources: the platforms' own guidance and the
 * common findings of social-media studies (short tweets, LinkedIn posts under ~1,300 characters, Facebook
 * posts of 40–120 words); blog and email take the word ranges of PLATFORM_RULES.
 */
export const IDEAL_LENGTH: Readonly<Record<Platform, { unit: 'characters' | 'words'; min: number; max: number }>> = {
  [Platform.LINKEDIN]: { unit: 'characters', min: 300, max: 1300 },
  [Platform.TWITTER]: { unit: 'characters', min: 70, max: 240 },
  [Platform.FACEBOOK]: { unit: 'words', min: 40, max: 120 },
  [Platform.INSTAGRAM]: { unit: 'characters', min: 125, max: 1000 },
  [Platform.BLOG]: { unit: 'words', min: 300, max: 600 },
  [Platform.EMAIL]: { unit: 'words', min: 80, max: 300 },
};

/** Highest comfortable Flesch–Kincaid grade: feeds are skimmed, articles are read. */
export const TARGET_GRADE: Readonly<Record<Platform, number>> = {
  [Platform.LINKEDIN]: 10,
  [Platform.TWITTER]: 8,
  [Platform.FACEBOOK]: 8,
  [Platform.INSTAGRAM]: 8,
  [Platform.BLOG]: 10,
  [Platform.EMAIL]: 8,
};

/** Points lost per grade above the target. */
const POINTS_PER_GRADE = 12;

/** Readability for the platform: full marks up to its target grade, then 12 points off per grade. */
export function scoreReadability(input: ScoreQualityInput): ComponentResult {
  const language = input.brief?.language?.toLowerCase();
  const measured = language && !language.startsWith('en') ? null : readabilityOf(input.text);
  if (!measured) {
    return {
      score: 100,
      reason: 'Not measured: Flesch scores need at least 5 English words',
      suggestions: [],
      applies: false,
    };
  }
  const target = TARGET_GRADE[input.platform];
  const over = measured.grade - target;
  const score = over <= 0 ? 100 : Math.max(0, Math.round(100 - POINTS_PER_GRADE * over));
  const where = ruleFor(input.platform).label;
  const reason = `Flesch–Kincaid grade ${measured.grade} (reading ease ${measured.readingEase}); aim for ${target} or below in a ${where}`;
  const suggestions =
    over > 0 ? [`Shorten sentences and prefer shorter words: grade ${measured.grade}, aim for ${target} or below`] : [];
  return { score, reason, suggestions, applies: true };
}

/** Length against the platform's ideal range: 100 inside it, sliding down with the distance, 0 over the limit. */
export function scoreLengthFit(input: ScoreQualityInput): ComponentResult {
  const rule = ruleFor(input.platform);
  const ideal = IDEAL_LENGTH[input.platform];
  const posted = postedText(input.platform, input.text, input.hashtags ?? []);
  const characters = countCharacters(input.platform, posted);
  if (characters > rule.maxLength) {
    return {
      score: 0,
      reason: `${characters} characters: over the ${rule.maxLength} a ${rule.label} allows`,
      suggestions: [`Cut the text to at most ${rule.maxLength} characters (now ${characters})`],
      applies: true,
    };
  }
  const value = ideal.unit === 'words' ? wordCount(input.text) : characters;
  const range = `${ideal.min}–${ideal.max} ${ideal.unit}`;
  if (value >= ideal.min && value <= ideal.max) {
    return { score: 100, reason: `${value} ${ideal.unit}, inside the ideal ${range}`, suggestions: [], applies: true };
  }
  const short = value < ideal.min;
  // Relative distance, so 10 words short of 40 weighs like 150 short of 600.
  const distance = short ? (ideal.min - value) / ideal.min : (value - ideal.max) / ideal.max;
  const score = Math.max(10, Math.round(100 - 60 * Math.min(1, distance)));
  const advice = short
    ? `Expand to at least ${ideal.min} ${ideal.unit} (now ${value})`
    : `Tighten to at most ${ideal.max} ${ideal.unit} (now ${value})`;
  return {
    score,
    reason: `${value} ${ideal.unit}, ${short ? 'under' : 'over'} the ideal ${range}`,
    suggestions: [advice],
    applies: true,
  };
}

/** Openers that make a strong first word: imperatives and announcements. */
const STRONG_OPENERS = new Set(
  (
    'announcing introducing meet imagine discover stop start forget say ready want tired try get join see ' +
    'unlock save grab build learn break ditch skip launch'
  ).split(' '),
);

/** Why a hook catches the eye, or null. A question, a number and a strong opening verb all count. */
export function hookDevice(hook: string): string | null {
  if (/[?？]/u.test(hook)) return 'asks a question';
  if (/\p{N}/u.test(hook)) return 'leads with a number';
  const first = hook.match(/\p{L}+/u)?.[0]?.toLowerCase() ?? '';
  if (STRONG_OPENERS.has(first)) return `opens with the strong verb "${first}"`;
  return null;
}

/** The first line: it must end before the fold and give a reason to read on. */
export function scoreHook(input: ScoreQualityInput): ComponentResult {
  const titled = (input.platform === Platform.BLOG || input.platform === Platform.EMAIL) && input.title?.trim();
  const hook = titled ? input.title!.trim() : hookOf(input.text);
  if (hook.length === 0) {
    return {
      score: 0,
      reason: 'No opening line',
      suggestions: ['Open with a hook: a question, a number or a strong verb'],
      applies: true,
    };
  }
  const fold = ruleFor(input.platform).foldAt;
  const fits = titled || hookFits(input.platform, input.text);
  const device = hookDevice(hook);
  const addressesReader = /\byou(r)?\b/i.test(hook);
  const suggestions: string[] = [];
  if (!fits)
    suggestions.push(`Move the hook into the first ${fold} characters: the feed hides the rest behind "see more"`);
  if (!device) suggestions.push('Open with a question, a number or a strong verb');
  const score = (fits ? 50 : 10) + (device ? 50 : addressesReader ? 30 : 10);
  const placement = fits
    ? fold
      ? `ends inside the first ${fold} characters`
      : 'is the first line'
    : `runs past the ${fold}-character fold`;
  const pull =
    device ??
    (addressesReader
      ? 'speaks to the reader but has no question, number or strong verb'
      : 'has no question, number or strong verb');
  return { score, reason: `The hook ${placement} and ${pull}`, suggestions, applies: true };
}

/** Full marks for the brief's own call to action, 60 for a generic one when the brief has its own, 0 for none. */
export function scoreCallToAction(input: ScoreQualityInput): ComponentResult {
  const briefCta = input.brief?.callToAction?.trim() || null;
  const match = findCallToAction(input.text, briefCta);
  if (match?.kind === 'brief') {
    return { score: 100, reason: `Uses the brief's call to action "${match.phrase}"`, suggestions: [], applies: true };
  }
  if (match && !briefCta) {
    return { score: 100, reason: `Asks the reader to act ("${match.phrase}")`, suggestions: [], applies: true };
  }
  const add = briefCta
    ? `Add the call to action '${briefCta}'`
    : 'End with a clear call to action, e.g. "Learn more at …"';
  if (match) {
    return {
      score: 60,
      reason: `Has a generic call to action ("${match.phrase}") but not the brief's "${briefCta}"`,
      suggestions: [add],
      applies: true,
    };
  }
  return { score: 0, reason: 'No call to action', suggestions: [add], applies: true };
}
