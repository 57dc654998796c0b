import { Platform } from '../src/entities';
import { type FakeReply, type RecordedRequest, reply } from '../test/support/fake-openai';

/**
 * What the fake OpenAI server answers during the generation benchmark: a valid outline, and for each platform call
 * exactly the requested number of variants, with bodies as long as a model writes them for that platform.
 */

/** The model as the benchmark plays it: 400 ms to the first token, then 80 tokens/s of 4 characters. */
export const FAKE_MODEL = { timeToFirstTokenMs: 400, tokensPerSecond: 80, charsPerToken: 4 } as const;

const OUTLINE = {
  headline: 'Warm, steady light for the evenings you spend at your desk',
  keyMessages: [
    'Charges in under an hour, so the cable stays in the drawer',
    'Every part is repairable with a standard screwdriver',
    'Fanless and silent, even in a quiet room',
    'Light that follows the time of day',
  ],
  angle: 'Remote work moved the office home; the desk deserves the same care as the rest of the house.',
};

const HOOKS = [
  'What if your desk lamp lasted as long as your desk?',
  'We spent eighteen months listening to remote workers before we shipped a single lamp.',
  'It is 9 pm, the house is quiet, and the only light left on is the one on your desk.',
  '214 notes from early testers shaped the lamp we are launching today.',
  'Most desk lamps are built to be replaced. Aurora is built to be repaired.',
];

const SENTENCES = [
  'Aurora gives a warm, steady light that shifts gently with the time of day, so late evenings feel less like overtime.',
  'It charges in under an hour, and a full charge lasts the working week.',
  'Every part comes apart with a standard screwdriver, and we sell each one separately for as long as we make the lamp.',
  'There is no fan and no hum: just light, even when the room is silent.',
  'Early testers used it every evening for a month and sent us 214 notes; we acted on most of them.',
  'The head tilts without tools, the base stays where you put it, and the dimmer remembers your last setting.',
  'Remote work made the desk the busiest place in the house, and the light on it should be worth it.',
  'We chose aluminium and linen over glossy plastic, because they age well and are easy to recycle.',
];

const CTA = 'Order this week and shipping is on us: https://example.com/aurora';

/** Sentences from the pool, starting at `from`, until the text is at least `chars` long; a blank line every 3. */
function prose(chars: number, from: number): string {
  let text = '';
  for (let i = 0; text.length < chars && i < 200; i++) {
    const sentence = SENTENCES[(from + i) % SENTENCES.length] ?? '';
    text += i === 0 ? sentence : `${i % 3 === 0 ? '\n\n' : ' '}${sentence}`;
  }
  return text;
}

interface Draft {
  title: string | null;
  body: string;
  hashtags: string[];
}

function blog(index: number): Draft {
  const sections = ['Light that follows your day', 'Built to be repaired', 'What our testers taught us'];
  const body = [
    `${HOOKS[index]} ${prose(350, index)}`,
    ...sections.map((heading, i) => `## ${heading}\n\n${prose(520, index + 2 * i + 1)}`),
    `## Bring it home\n\n${prose(200, index + 5)} ${CTA}`,
  ].join('\n\n');
  return { title: `Aurora: a desk lamp built for long evenings (${index + 1})`, body, hashtags: ['#desksetup'] };
}

/** One variant for `platform`, about as long as a model writes it (blog about 450 words, X under 280). */
export function benchVariant(platform: Platform, index: number): Draft {
  const hook = HOOKS[index % HOOKS.length] ?? '';
  switch (platform) {
    case Platform.LINKEDIN:
      return { title: null, body: `${hook}\n\n${prose(950, index)}\n\n${CTA}`, hashtags: ['#RemoteWork', '#Design'] };
    case Platform.TWITTER:
      return {
        title: null,
        body: `${hook} Warm light, a one-hour charge, and parts you fix with a screwdriver. Order this week.`,
        hashtags: ['#DeskSetup'],
      };
    case Platform.FACEBOOK:
      return { title: null, body: `${hook} ${prose(420, index)}\n\n${CTA}`, hashtags: ['#RemoteWork'] };
    case Platform.INSTAGRAM: {
      const tags = ['#desksetup', '#remotework', '#wfh', '#homeoffice', '#lighting', '#design', '#repairable'];
      return { title: null, body: `${hook}\n\n${prose(650, index)}\n\nLink in bio.`, hashtags: tags };
    }
    case Platform.BLOG:
      return blog(index % HOOKS.length);
    case Platform.EMAIL: {
      const preheader = 'Warm light, an hour to charge, and parts you can replace yourself.';
      const body = `${preheader}\n\nHi there,\n\n${hook} ${prose(800, index)}\n\n${CTA}\n\nThe Aurora team`;
      return { title: 'Meet Aurora, the lamp for long evenings', body, hashtags: [] };
    }
  }
}

const VARIANTS_LINE = /Target platform: ([A-Z]+) \(.*?\)\. Variants: (\d+)\./;

/** The fake's `respond`: outline, variants (the requested platform and count, read from the prompt), or shorten. */
export function benchReply(request: RecordedRequest): FakeReply {
  const schema = request.body.response_format?.json_schema?.name;
  const user = request.body.messages.find((message) => message.role === 'user')?.content ?? '';
  if (schema === 'campaign_outline') return reply.json(OUTLINE);
  if (schema === 'platform_variants') {
    const [, platform, count] = VARIANTS_LINE.exec(user) ?? [];
    if (!platform || !(platform in Platform)) return reply.status(400);
    const variants = Array.from({ length: Number(count) }, (_, i) => benchVariant(platform as Platform, i));
    return reply.json({ variants });
  }
  // Not expected (every variant fits its platform); answered so the run goes on, and counted by the bench.
  if (schema === 'shortened_variant') return reply.json({ title: null, body: HOOKS[0], hashtags: [] });
  return reply.status(400);
}
