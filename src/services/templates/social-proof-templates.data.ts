import { Platform, Tone } from '../../entities';
import { CLOSING_PATTERN, closingVariables, optional, productVariable, required } from './common-variables.data';
import type { TemplateDefinition } from './template.types';

const caseStudy: TemplateDefinition = {
  key: 'case-study',
  name: 'Case study',
  category: 'social-proof',
  description:
    'Turn a customer success into a story: their challenge, how they used the product, and measured results.',
  platforms: [Platform.LINKEDIN, Platform.BLOG, Platform.EMAIL],
  tone: Tone.PROFESSIONAL,
  variables: [
    productVariable('The product the customer uses.'),
    required('customerName', 'text', 'The customer as approved for publication, e.g. "Northwind Logistics".'),
    optional('customerProfile', 'text', 'Who the customer is: industry, size, region.'),
    required('challenge', 'text', 'The problem they had before, with its cost if you know it.'),
    required('solution', 'text', 'How they used the product to solve it.'),
    required(
      'results',
      'list',
      'Measured outcomes with numbers, one per line ("cut month-end close from 9 to 4 days").',
    ),
    optional('quote', 'text', "A short approved quote, with the person's name and role."),
    ...closingVariables({
      audience: 'Decision-makers at companies like this customer',
      callToAction: 'Read the full case study',
      url: 'The full case study page.',
    }),
  ],
  campaignName: '{{customerName}} case study',
  brief: {
    productName: '{{productName}}',
    description: [
      'Case study: how {{customerName}} uses {{productName}}',
      'About the customer: {{customerProfile}}',
      'Challenge: {{challenge}}',
      'Solution: {{solution}}',
      'In their words: {{quote}}',
    ],
    features: ['{{results}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'Open with the strongest result as a number, then challenge, solution and result in three short paragraphs. Tag the customer only with their approval.',
    [Platform.BLOG]:
      'Headline with the result, a customer snapshot, then "## Challenge", "## Solution", "## Results" (bullets with numbers) and the quote. Claim only what the customer approved.',
    [Platform.EMAIL]:
      'Subject names the customer and the result. Two sentences of story, the results as bullets, one link to the full case study.',
  },
  example: {
    variables: {
      productName: 'Closebook',
      customerName: 'Northwind Logistics',
      customerProfile: 'a 240-person freight forwarder with offices in Rotterdam and Hamburg',
      challenge:
        'Month-end close took nine working days because subsidiaries sent spreadsheets that finance reconciled by hand.',
      solution:
        'Northwind connected its three ERPs to Closebook and replaced the spreadsheets with automatic intercompany matching.',
      results:
        'Month-end close cut from 9 to 4 days\n92% of intercompany entries matched automatically\nAudit preparation time halved',
      quote: '"We finally close the books before the numbers are stale." — Anja Weber, CFO',
      keywords: 'month-end close; intercompany reconciliation; finance automation',
      url: 'https://closebook.example/customers/northwind',
    },
    sample: {
      platform: Platform.LINKEDIN,
      text: 'Northwind Logistics closes its books in 4 days instead of 9.\n\nTheir finance team used to reconcile spreadsheets from three subsidiaries by hand. Now Closebook matches 92% of intercompany entries automatically.\n\n"We finally close the books before the numbers are stale." — Anja Weber, CFO\n\nRead the full case study: https://closebook.example/customers/northwind\n\n#Finance #MonthEndClose',
    },
  },
};

const customerTestimonial: TemplateDefinition = {
  key: 'customer-testimonial',
  name: 'Customer testimonial',
  category: 'social-proof',
  description: "Share an approved customer quote with the result behind it, in the customer's own words.",
  platforms: [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.LINKEDIN, Platform.TWITTER],
  tone: Tone.FRIENDLY,
  variables: [
    productVariable('The product the customer talks about.'),
    required('customerName', 'text', 'Who said it: name and role or company, as approved for publication.'),
    required('quote', 'text', 'The testimonial word for word, as approved. Do not paraphrase.'),
    optional('outcome', 'text', 'The result behind the quote, e.g. "onboarding down from 3 weeks to 4 days".'),
    optional('highlights', 'list', 'Features or moments the customer mentions, one per line.'),
    ...closingVariables({
      audience: 'People comparing options in our category',
      callToAction: 'Start your free trial',
      url: 'Where readers can try the product or read more reviews.',
    }),
  ],
  campaignName: 'Testimonial: {{customerName}}',
  brief: {
    productName: '{{productName}}',
    description: [
      'Customer testimonial for {{productName}} from {{customerName}}',
      'Their words, to quote exactly: {{quote}}',
    ],
    features: ['Testimonial from {{customerName}}', 'Result: {{outcome}}', '{{highlights}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.INSTAGRAM]:
      'Let the quote be the hook: its strongest 8–12 words first, in quotation marks, attributed on the next line. One line of our own, the call to action, "link in bio".',
    [Platform.FACEBOOK]:
      "Quote first, then one or two sentences on the customer's situation and result. Invite readers to share their own experience.",
    [Platform.LINKEDIN]:
      'Open with the result, then the quote with full attribution (name, role, company). Thank the customer; tag them if they agreed.',
    [Platform.TWITTER]:
      "The quote, attributed, and the link. Shorten only with the customer's approval and never change their words.",
  },
  example: {
    variables: {
      productName: 'Brightdesk',
      customerName: 'Priya Nair, Head of Support at Fernhill Games',
      quote: 'New agents answer real tickets on day two. That used to take us three weeks.',
      outcome: 'agent onboarding down from 3 weeks to 4 days',
      highlights: 'Suggested replies from past tickets\nGuided first-week playbooks',
      url: 'https://brightdesk.example/trial',
    },
    sample: {
      platform: Platform.INSTAGRAM,
      text: '"New agents answer real tickets on day two." 💬\n— Priya Nair, Head of Support at Fernhill Games\n\nOnboarding at Fernhill went from 3 weeks to 4 days with suggested replies and guided first-week playbooks.\n\nStart your free trial — link in bio.\n\n#CustomerSupport #Onboarding #Helpdesk #CustomerExperience #SupportTeam',
    },
  },
};

/** Social proof: case studies and testimonials. */
export const SOCIAL_PROOF_TEMPLATES: readonly TemplateDefinition[] = [caseStudy, customerTestimonial];
