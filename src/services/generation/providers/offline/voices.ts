import { Tone } from '../../../../entities';

/**
 * The offline writer's phrasebook for one tone. Templates use {product}, {name}, {people}, {feature}, {adj}.
 * Phrases are English only: the writer has no translations, so other languages get English framing around the
 * brief's own words (see offline.provider.ts).
 */
export interface Voice {
  /** Describing words that carry the tone ("refined" vs "fun"). */
  adjectives: readonly string[];
  /** Punctuation for emphatic sentences: exclamation marks only where the tone allows them. */
  end: '.' | '!';
  /** Emoji to decorate with; empty for tones where emoji would undercut the voice. */
  emoji: readonly string[];
  /** Used when the brief has no call to action. */
  defaultCta: string;
  greeting: string;
  signOff: string;
  headline: string;
  angle: string;
  /** Lead-ins for a list of features. */
  transitions: readonly string[];
  /** One-sentence closers before the call to action. */
  closers: readonly string[];
  conclusionHeading: string;
  /** Extra sentences for long-form copy in this voice. */
  fillers: readonly string[];
}

const PROFESSIONAL: Voice = {
  adjectives: ['reliable', 'efficient', 'proven', 'practical'],
  end: '.',
  emoji: [],
  defaultCta: 'Learn more',
  greeting: 'Hello,',
  signOff: 'Best regards,',
  headline: '{product}: {feature}',
  angle: 'Practical value for {people}: concrete benefits, stated clearly and credibly.',
  transitions: ['Key capabilities:', 'What it delivers:', 'The highlights:'],
  closers: [
    '{product} is built to fit the way {people} already work.',
    'The result is less friction and more time for the work that matters.',
  ],
  conclusionHeading: 'Next steps',
  fillers: [
    'Teams evaluating {product} usually ask two questions: does it save time, and does it fit existing processes? It was designed to answer yes to both.',
  ],
};

const FRIENDLY: Voice = {
  adjectives: ['easy', 'helpful', 'welcoming', 'simple'],
  end: '!',
  emoji: ['🙂', '👋', '💛', '🙌'],
  defaultCta: 'Come take a look',
  greeting: 'Hi there,',
  signOff: 'Cheers,',
  headline: 'Say hello to {product}',
  angle: 'A helpful friend for {people}: warm, plain words and an easy first step.',
  transitions: ["Here's what you'll love:", 'A few favourites:', 'What you get:'],
  closers: [
    "We can't wait for you to try {product}.",
    "We made {product} with people like you in mind, and we'd love to hear what you think.",
  ],
  conclusionHeading: 'Come say hi',
  fillers: [
    "We know how busy life gets, so we kept things simple. If you ever get stuck, we're here and happy to help.",
  ],
};

const PLAYFUL: Voice = {
  adjectives: ['fun', 'clever', 'delightful', 'bold'],
  end: '!',
  emoji: ['🚀', '🎉', '✨', '😎'],
  defaultCta: 'Give it a spin',
  greeting: 'Hey there!',
  signOff: 'High fives,',
  headline: '{product} is here, and it is a lot of fun',
  angle: 'Fun with a point: show {people} how {product} turns the everyday into something to smile about.',
  transitions: ['The good stuff:', 'Cool things inside:', 'Why it rocks:'],
  closers: ['Boring is officially optional now.', 'Warning: {product} may cause spontaneous grinning.'],
  conclusionHeading: 'Ready to roll?',
  fillers: ['Nobody ever said a tool had to be dull. {product} proves that useful and fun can share the same space.'],
};

const PREMIUM: Voice = {
  adjectives: ['refined', 'exceptional', 'meticulous', 'elegant'],
  end: '.',
  emoji: [],
  defaultCta: 'Discover more',
  greeting: 'Good day,',
  signOff: 'With appreciation,',
  headline: '{product}. Crafted without compromise',
  angle: 'Understated quality for {people}: craft, detail and a sense of occasion.',
  transitions: ['Considered details:', 'What sets it apart:', 'In detail:'],
  closers: ['Quality, quietly delivered.', '{product} is made for those who notice the difference.'],
  conclusionHeading: 'An invitation',
  fillers: ['Every detail of {product} has been considered, then considered again. Nothing is there by accident.'],
};

const URGENT: Voice = {
  adjectives: ['fast', 'essential', 'decisive', 'timely'],
  end: '!',
  emoji: [],
  defaultCta: 'Act now',
  greeting: 'Hello,',
  signOff: 'Talk soon,',
  headline: "{product} is here. Don't wait",
  angle: 'The moment is now: give {people} a clear, honest reason to act today.',
  transitions: ['Why act now:', 'What you get today:', "Don't miss:"],
  closers: [
    'Every day without {product} is a day of doing things the hard way.',
    'The sooner you start, the sooner it pays off.',
  ],
  conclusionHeading: "Don't wait",
  fillers: [
    'Waiting rarely makes a problem smaller. Starting with {product} today means the benefits start today too.',
  ],
};

const INFORMATIVE: Voice = {
  adjectives: ['clear', 'practical', 'straightforward', 'well-designed'],
  end: '.',
  emoji: [],
  defaultCta: 'Read the details',
  greeting: 'Hello,',
  signOff: 'Kind regards,',
  headline: 'What {product} does, and why it matters',
  angle: 'Explain, then persuade: what {product} is, how it works and why it matters to {people}.',
  transitions: ['How it works:', 'What is included:', 'The essentials:'],
  closers: [
    'That is {product} in short: what it does, how it works and why it matters.',
    'The details are worth a closer look.',
  ],
  conclusionHeading: 'Summary',
  fillers: [
    'To understand {product}, it helps to look at what it does and what it leaves out. The design favours clarity over clutter.',
  ],
};

const INSPIRATIONAL: Voice = {
  adjectives: ['empowering', 'visionary', 'meaningful', 'uplifting'],
  end: '.',
  emoji: [],
  defaultCta: 'Start your journey',
  greeting: 'Hello,',
  signOff: 'Onward,',
  headline: '{product}: made for what comes next',
  angle: 'Paint the outcome: show {people} what becomes possible with {product}.',
  transitions: ['What becomes possible:', 'Built to lift you up:', 'Where it takes you:'],
  closers: ['Great things start with a single step.', 'The best work is still ahead, and {product} is there for it.'],
  conclusionHeading: 'What comes next',
  fillers: [
    'Progress rarely arrives all at once. It comes from better days, one after another, and {product} is built for those days.',
  ],
};

const VOICES: Readonly<Record<Tone, Voice>> = Object.freeze({
  [Tone.PROFESSIONAL]: PROFESSIONAL,
  [Tone.FRIENDLY]: FRIENDLY,
  [Tone.PLAYFUL]: PLAYFUL,
  [Tone.PREMIUM]: PREMIUM,
  [Tone.URGENT]: URGENT,
  [Tone.INFORMATIVE]: INFORMATIVE,
  [Tone.INSPIRATIONAL]: INSPIRATIONAL,
});

/** The phrasebook for a tone. */
export function voiceFor(tone: Tone): Voice {
  return VOICES[tone];
}
