import { Platform, Tone } from '../../entities';
import { CLOSING_PATTERN, closingVariables, optional, productVariable, required } from './common-variables.data';
import type { TemplateDefinition } from './template.types';

const productLaunch: TemplateDefinition = {
  key: 'product-launch',
  name: 'Product launch',
  category: 'announcement',
  description:
    'Announce a new product across channels: the problem it solves, the three features that matter, the launch date and offer.',
  platforms: [Platform.LINKEDIN, Platform.TWITTER, Platform.FACEBOOK, Platform.INSTAGRAM, Platform.EMAIL],
  tone: Tone.INSPIRATIONAL,
  variables: [
    productVariable('The product name exactly as customers will see it.'),
    required('pitch', 'text', 'What the product does for the customer, in one or two sentences, in their words.'),
    required('features', 'list', 'Three to five headline features, one per line. Lead each with the benefit.'),
    optional('launchDate', 'date', 'When it becomes available (YYYY-MM-DD). Leave empty if available now.'),
    optional('offer', 'text', 'An optional launch offer, stated exactly: "50% off the first three months".'),
    ...closingVariables({
      audience: 'People who have the problem this product solves',
      callToAction: 'Try it today',
      url: 'The launch page or sign-up link.',
    }),
  ],
  campaignName: '{{productName}} launch',
  brief: {
    productName: '{{productName}}',
    description: [
      'Launch announcement for {{productName}}',
      '{{pitch}}',
      'Available from {{launchDate}}',
      'Launch offer: {{offer}}',
    ],
    features: ['{{features}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'Lead with the customer problem the launch solves, not the product name. One concrete before/after, the top three features as short lines, then the date or offer and the call to action.',
    [Platform.TWITTER]:
      'One line: what is new and why it matters, plus the link. Save the features for a reply thread.',
    [Platform.FACEBOOK]:
      'Tell it like news to a friend: the everyday frustration, the product that ends it, one feature that shows how. Close with the offer and link.',
    [Platform.INSTAGRAM]:
      'Write for the launch visual: the first line names the change customers will feel. Features as short lines with emoji bullets, "link in bio", launch hashtag plus category tags.',
    [Platform.EMAIL]:
      'Subject names the product and the benefit ("Meet Ledgerly: get paid on time"); the preheader carries the offer or date. Features as three bullets, one call-to-action button.',
  },
  example: {
    variables: {
      productName: 'Ledgerly',
      pitch:
        'Ledgerly sends polite, automatic invoice reminders so small agencies get paid on time without awkward follow-up calls.',
      features:
        'Reminder schedules that follow your payment terms\nOne-click payment links in every reminder\nA live view of who owes what',
      launchDate: '2026-03-10',
      offer: '50% off the first three months for teams that join in March',
      audience: 'Owners and office managers of agencies with 5–50 people',
      callToAction: 'Start a free 14-day trial',
      url: 'https://ledgerly.example/launch',
      keywords: 'invoice reminders; accounts receivable; agency finance',
    },
    sample: {
      platform: Platform.LINKEDIN,
      text: "Chasing unpaid invoices should not be part of anyone's job description.\n\nToday we launch Ledgerly: polite, automatic invoice reminders for small agencies.\n\n→ Reminders that follow your payment terms\n→ A one-click payment link in every email\n→ A live view of who owes what\n\nJoin in March and get 50% off your first three months.\n\nStart a free 14-day trial: https://ledgerly.example/launch\n\n#InvoiceReminders #AgencyLife #SmallBusiness",
    },
  },
};

const featureUpdate: TemplateDefinition = {
  key: 'feature-update',
  name: 'Feature update',
  category: 'announcement',
  description:
    'Tell customers about a new or improved feature: what they can do now, the benefits, and how to turn it on.',
  platforms: [Platform.LINKEDIN, Platform.TWITTER, Platform.EMAIL, Platform.BLOG],
  tone: Tone.INFORMATIVE,
  variables: [
    productVariable('The product that gets the update.'),
    required('featureName', 'text', 'The new or improved feature, as it is named in the product.'),
    required('whatChanged', 'text', 'What users can do now that they could not before, in one or two sentences.'),
    required('benefits', 'list', 'Concrete benefits, one per line: time saved, steps removed, errors avoided.'),
    optional('availability', 'text', 'Who gets it and when.', 'Available today on every plan'),
    optional('whereToFind', 'text', 'Where to find it in the product, e.g. "Settings → Automations".'),
    ...closingVariables({
      audience: 'Existing customers and people trying the product',
      callToAction: 'See what is new',
      url: 'The changelog entry, docs page or demo video.',
    }),
  ],
  campaignName: '{{productName}}: {{featureName}}',
  brief: {
    productName: '{{productName}}',
    description: [
      'New in {{productName}}: {{featureName}}',
      '{{whatChanged}}',
      '{{availability}}',
      'Find it in {{whereToFind}}',
    ],
    features: ['{{benefits}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'Frame the update around the customer request or pain it answers; show before and after in two short lines. Credit customer feedback if it drove the change.',
    [Platform.TWITTER]:
      'Name the feature and the one thing it lets users do, then the link. A short screen recording beats a screenshot.',
    [Platform.EMAIL]:
      'Subject: "New in {product}: {feature}". Lead with the outcome, show how to turn it on in numbered steps, link to the docs. Send to active users.',
    [Platform.BLOG]:
      'Changelog plus story: what changed, why we built it, how to use it (numbered steps), what comes next. Link to the docs.',
  },
  example: {
    variables: {
      productName: 'Trackwise',
      featureName: 'Scheduled reports',
      whatChanged:
        "You can now schedule any dashboard as a PDF report that lands in your clients' inboxes every Monday at 9:00.",
      benefits:
        'No more exporting and emailing reports by hand\nClients see the same numbers you do\nPause or change a schedule in two clicks',
      whereToFind: 'Dashboards → Share → Schedule',
      url: 'https://trackwise.example/changelog/scheduled-reports',
      keywords: 'client reporting; marketing dashboards',
    },
    sample: {
      platform: Platform.TWITTER,
      text: 'New in Trackwise: scheduled reports. Pick a dashboard, pick a time, and your clients get a PDF every Monday at 9:00. No more exporting by hand. https://trackwise.example/changelog/scheduled-reports',
    },
  },
};

/** Announcements: launches and feature updates. */
export const ANNOUNCEMENT_TEMPLATES: readonly TemplateDefinition[] = [productLaunch, featureUpdate];
