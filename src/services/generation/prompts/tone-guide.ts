import { Tone } from '../../../entities';

/** How each tone of the brief should sound. Part of the static prompt prefix, so every tone is listed. */
export const TONE_GUIDE: Readonly<Record<Tone, string>> = Object.freeze({
  [Tone.PROFESSIONAL]:
    'Clear, confident and precise. Concrete benefits, no slang, no hype, measured use of emoji (none).',
  [Tone.FRIENDLY]:
    'Warm and conversational, like a helpful colleague. Plain words, "you" and "we", light emoji at most.',
  [Tone.PLAYFUL]:
    'Witty and energetic. Wordplay and surprise are welcome; keep it kind and never at the reader’s expense.',
  [Tone.PREMIUM]:
    'Understated and refined. Craft, quality and exclusivity; short sentences, no exclamation marks, no emoji.',
  [Tone.URGENT]:
    'Direct and time-aware. Lead with the reason to act now; strong verbs; honest urgency, never fake scarcity.',
  [Tone.INFORMATIVE]:
    'Factual and helpful. Explain what it is, how it works and why it matters; numbers over adjectives.',
  [Tone.INSPIRATIONAL]:
    'Uplifting and vivid. Paint the outcome the reader wants; purposeful, not vague; end on momentum.',
});

/** The tone guide as prompt text: one line per tone. */
export function toneGuideText(): string {
  const lines = Object.entries(TONE_GUIDE).map(([tone, guide]) => `- ${tone}: ${guide}`);
  return `# Tone guide\nWrite in the tone the brief names:\n${lines.join('\n')}`;
}
