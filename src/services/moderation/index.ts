export { injectionIn, screenBrief } from './brief-screening.service';
export { SOME_EMOJI_LIMIT } from './emoji-policy.rule';
export { moderate, verdictOf } from './moderation.service';
export * from './moderation.types';
