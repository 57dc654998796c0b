export { injectionIn, screenBrief } from './brief-screening';
export { SOME_EMOJI_LIMIT } from './emoji-policy.rule';
export * from './moderation.types';
export { moderate, verdictOf } from './moderation-engine';
