import { Platform, Tone } from '../../entities';
import { CLOSING_PATTERN, closingVariables, optional, productVariable, required } from './common-variables.data';
import type { TemplateDefinition } from './template.types';

const thoughtLeadership: TemplateDefinition = {
  key: 'thought-leadership',
  name: 'Thought leadership',
  category: 'editorial',
  description:
    'Take a clear position on a question in your field and back it with arguments; builds authority, not a pitch.',
  platforms: [Platform.LINKEDIN, Platform.BLOG, Platform.TWITTER],
  tone: Tone.PROFESSIONAL,
  variables: [
    productVariable('Your company or product: the experience the view comes from.'),
    required('topic', 'text', 'The trend or question the piece is about.'),
    required('pointOfView', 'text', 'Your position in one or two sentences: what you believe that others may not.'),
    required('arguments', 'list', 'Two to four supporting points or pieces of evidence, one per line.'),
    optional('author', 'text', 'Whose voice it is, e.g. "Maya Chen, CEO". Leave empty for the company voice.'),
    ...closingVariables({
      audience: 'Senior practitioners and leaders in our industry',
      callToAction: 'Share your view in the comments',
      url: 'The full article, if it lives elsewhere.',
    }),
  ],
  campaignName: 'Point of view: {{topic}}',
  brief: {
    productName: '{{productName}}',
    description: [
      'Thought-leadership piece on {{topic}}',
      'Our position: {{pointOfView}}',
      'Written in the voice of {{author}}',
      'Mention {{productName}} lightly, as the experience behind the view, never as a sales pitch',
    ],
    features: ['{{arguments}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'Open with the position as a surprising or contrarian line; back it with one first-hand observation. No product pitch; end with a question that invites disagreement.',
    [Platform.BLOG]:
      'An essay: the thesis in the first paragraph, one "## " section per argument with evidence or an example, one that answers the strongest objection, and a conclusion on what readers should do differently.',
    [Platform.TWITTER]:
      'State the position as a standalone claim people can quote; the link goes to the full piece. One topic hashtag at most.',
  },
  example: {
    variables: {
      productName: 'Shiftline',
      topic: 'four-day weeks in customer support',
      pointOfView:
        'Support teams are the best place to start a four-day week, because ticket data shows exactly where the hours go.',
      arguments:
        'Half of ticket volume arrives in predictable peaks that rotas can cover\nBurnout, not headcount, drives most support attrition\nTeams we studied kept response times flat after the switch',
      author: 'Maya Chen, CEO of Shiftline',
      keywords: 'four-day week; support operations; workforce planning',
    },
    sample: {
      platform: Platform.LINKEDIN,
      text: 'Unpopular opinion: customer support is the easiest team to move to a four-day week, not the hardest.\n\nYour ticket data already shows where the hours go. Half of the volume arrives in predictable peaks a smart rota can cover.\n\nThe teams we studied kept response times flat after the switch, and burnout dropped.\n\nWhat would stop your team from trying it?\n\n#FutureOfWork #CustomerSupport',
    },
  },
};

const industryNews: TemplateDefinition = {
  key: 'industry-news',
  name: 'Industry news',
  category: 'editorial',
  description:
    'Comment on news in your industry: the facts with their source, what it means for your audience, what to do next.',
  platforms: [Platform.LINKEDIN, Platform.TWITTER, Platform.BLOG],
  tone: Tone.INFORMATIVE,
  variables: [
    productVariable('Your company or product: the voice commenting on the news.'),
    required('headline', 'text', 'The news in one line.'),
    required('whatHappened', 'text', 'The facts: what changed, who is affected, from when.'),
    optional('source', 'url', 'Link to the original report or announcement.'),
    required('takeaways', 'list', 'What it means for your audience and what they should do, one per line.'),
    optional(
      'howWeHelp',
      'text',
      'How your product helps readers respond, if it does. Leave empty to keep the piece neutral.',
    ),
    ...closingVariables({
      audience: 'Professionals who follow our industry',
      callToAction: 'Read our full analysis',
      url: 'Your own analysis or landing page.',
    }),
  ],
  campaignName: 'News: {{headline}}',
  brief: {
    productName: '{{productName}}',
    description: [
      'Commentary from {{productName}} on industry news: {{headline}}',
      'What happened: {{whatHappened}}',
      'Source: {{source}}',
      'How {{productName}} helps: {{howWeHelp}}',
    ],
    features: ['{{takeaways}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'The news in the first sentence, your take in the second. Cite the source, keep fact and opinion apart, and end with what readers should do this week.',
    [Platform.TWITTER]: 'The headline fact, a one-line take and the source link. Never present speculation as fact.',
    [Platform.BLOG]:
      'News analysis: a summary of the facts with the source linked, why it matters, what readers should do, what to watch next. Date the piece; news ages.',
  },
  example: {
    variables: {
      productName: 'Consentry',
      headline: 'EU regulators publish new guidance on cookie banners',
      whatHappened:
        'The data protection board says "reject all" must be as easy to find as "accept all", with enforcement starting in September.',
      source: 'https://regulator.example/guidance/cookie-banners',
      takeaways:
        'Audit your banner for a first-layer "reject all" button\nExpect lower consent rates and plan analytics for it\nDocument your choices before September',
      howWeHelp: 'Consentry templates already meet the new first-layer rule.',
      url: 'https://consentry.example/blog/cookie-guidance',
      keywords: 'cookie banner; GDPR compliance; consent management',
    },
    sample: {
      platform: Platform.TWITTER,
      text: 'EU regulators: "reject all" must be as easy as "accept all" on cookie banners, enforced from September. Audit your first layer now. Our analysis: https://consentry.example/blog/cookie-guidance',
    },
  },
};

/** Editorial: thought leadership and industry news. */
export const EDITORIAL_TEMPLATES: readonly TemplateDefinition[] = [thoughtLeadership, industryNews];
