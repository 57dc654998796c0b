import { Platform, Tone } from '../../entities';
import { CLOSING_PATTERN, closingVariables, optional, productVariable, required } from './common-variables.data';
import type { TemplateDefinition } from './template.types';

const howToGuide: TemplateDefinition = {
  key: 'how-to-guide',
  name: 'How-to guide',
  category: 'education',
  description:
    'Teach readers to get one job done with your product, step by step; useful content that also shows the product at work.',
  platforms: [Platform.BLOG, Platform.LINKEDIN, Platform.TWITTER, Platform.EMAIL],
  tone: Tone.INFORMATIVE,
  variables: [
    productVariable('The product the guide uses.'),
    required(
      'task',
      'text',
      'What readers will be able to do, starting with a verb: "automate weekly client reports".',
    ),
    required('steps', 'list', 'The steps in order, one per line, each starting with a verb.'),
    optional('prerequisites', 'text', 'What readers need before starting: plan, permissions, files.'),
    optional('timeNeeded', 'text', 'How long it takes, e.g. "10 minutes".'),
    ...closingVariables({
      audience: 'People who use the product and want to get more done with it',
      callToAction: 'Try it yourself',
      url: 'The full guide or the docs page.',
    }),
  ],
  campaignName: 'How to {{task}}',
  brief: {
    productName: '{{productName}}',
    description: [
      'A step-by-step guide: how to {{task}} with {{productName}}',
      'Before you start: {{prerequisites}}',
      'Time needed: {{timeNeeded}}',
    ],
    features: ['{{steps}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.BLOG]:
      'Title starts with "How to". A short intro with the outcome and time needed, the prerequisites, one "## Step N" section per action, a troubleshooting tip, and the call to action at the end.',
    [Platform.LINKEDIN]:
      'Promise the outcome and the time in the first line, then the steps as a numbered list of short lines. Offer the full guide through the link.',
    [Platform.TWITTER]: 'The outcome plus "in N steps" and the link; if there is room, the first step as a teaser.',
    [Platform.EMAIL]:
      'Subject promises the outcome ("Automate your weekly reports in 10 minutes"). Show the first two steps and link to the full guide.',
  },
  example: {
    variables: {
      productName: 'Trackwise',
      task: 'automate weekly client reports',
      steps:
        "Open the dashboard you share with the client\nChoose Share → Schedule and pick Monday 9:00\nAdd the client's email addresses\nPreview the PDF and save the schedule",
      prerequisites: 'A Trackwise Team plan and edit access to the dashboard',
      timeNeeded: '10 minutes',
      url: 'https://trackwise.example/guides/scheduled-reports',
      keywords: 'client reporting; automated reports; agency workflow',
    },
    sample: {
      platform: Platform.LINKEDIN,
      text: "Still exporting client reports by hand every Monday? Automate them in 10 minutes.\n\n1. Open the dashboard you share with the client\n2. Choose Share → Schedule, pick Monday 9:00\n3. Add your client's email addresses\n4. Preview the PDF and save\n\nThat's it: the report lands in their inbox every week.\n\nFull guide: https://trackwise.example/guides/scheduled-reports\n\n#ClientReporting #AgencyLife",
    },
  },
};

const behindTheScenes: TemplateDefinition = {
  key: 'behind-the-scenes',
  name: 'Behind the scenes',
  category: 'culture',
  description: 'Show the people, craft and process behind your brand; builds trust and a following, and helps hiring.',
  platforms: [Platform.INSTAGRAM, Platform.LINKEDIN, Platform.FACEBOOK],
  tone: Tone.FRIENDLY,
  variables: [
    productVariable('Your company or brand.'),
    required('subject', 'text', 'What you are showing: a team, a process, a place or a moment.'),
    required('story', 'text', 'What happens behind the scenes and why it matters, in a few sentences.'),
    required('details', 'list', 'Specific, human details, one per line: numbers, rituals, small surprises.'),
    optional('people', 'text', 'Who features, with their roles. Only people who agreed to be named.'),
    ...closingVariables({
      audience: 'Followers, customers and future colleagues',
      callToAction: 'Follow along for more',
      url: 'A careers page, shop or longer story, if any.',
    }),
  ],
  campaignName: 'Behind the scenes: {{subject}}',
  brief: {
    productName: '{{productName}}',
    description: ['Behind the scenes at {{productName}}: {{subject}}', '{{story}}', 'Featuring {{people}}'],
    features: ['{{details}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.INSTAGRAM]:
      'Start in the moment ("6:40 am, first batch out of the oven"); the first line must work without the image. Ask a question to invite comments.',
    [Platform.LINKEDIN]:
      'Tell it as a short story about people and craft: the problem, the unglamorous work, what you learned. Tag colleagues who agreed; a hiring angle is welcome, a sales pitch is not.',
    [Platform.FACEBOOK]:
      'Warm and conversational, as if telling a regular customer. One or two details they would never see otherwise; invite questions.',
  },
  example: {
    variables: {
      productName: 'Kettle & Crumb',
      subject: 'the 5 am bake',
      story:
        'Every loaf we sell is shaped by hand before sunrise. The dough starts the afternoon before, so each morning depends on decisions made 14 hours earlier.',
      details:
        '220 loaves shaped between 5:00 and 7:00\nA sourdough starter we have fed every day since 2017\nThe radio is always on the same jazz station',
      people: 'Tomás, head baker, and Ines, who joined as an apprentice last spring',
      keywords: 'sourdough; artisan bakery; local bakery',
    },
    sample: {
      platform: Platform.INSTAGRAM,
      text: '5:00 am. The radio is on, the ovens are hot, and 220 loaves are waiting to be shaped by hand. 🍞\n\nTomás and Ines start every morning with dough they mixed 14 hours earlier, fed by a starter we have kept alive since 2017.\n\nWhat would you like to see behind the counter next?\n\n#Sourdough #ArtisanBakery #BehindTheScenes #RealBread #LocalBakery',
    },
  },
};

/** Engagement: how-to guides and behind-the-scenes stories. */
export const ENGAGEMENT_TEMPLATES: readonly TemplateDefinition[] = [howToGuide, behindTheScenes];
