import { Platform, Tone } from '../../entities';
import { CLOSING_PATTERN, closingVariables, optional, required } from './common-variables.data';
import type { TemplateDefinition } from './template.types';

const eventPromotion: TemplateDefinition = {
  key: 'event-promotion',
  name: 'Event promotion',
  category: 'promotion',
  description:
    'Fill seats for a webinar, meetup or conference: what attendees gain, who speaks, when and where, how to register.',
  platforms: [Platform.LINKEDIN, Platform.TWITTER, Platform.FACEBOOK, Platform.INSTAGRAM, Platform.EMAIL],
  tone: Tone.FRIENDLY,
  variables: [
    required('eventName', 'text', "The event's name as it appears on the registration page."),
    required('organizer', 'text', 'Who hosts it: your company or brand.'),
    required('eventDate', 'date', 'The day of the event (YYYY-MM-DD).'),
    required('location', 'text', 'City and venue, or "Online" with the time and time zone.'),
    required('highlights', 'list', 'Speakers, sessions and what attendees will take away, one per line.'),
    optional('price', 'text', 'Ticket price or "Free"; mention early-bird deadlines.'),
    ...closingVariables({
      audience: 'Professionals who would benefit from attending',
      callToAction: 'Save your seat',
      url: 'The registration page.',
    }),
  ],
  campaignName: '{{eventName}} promotion',
  brief: {
    productName: '{{eventName}}',
    description: [
      '{{eventName}}, hosted by {{organizer}}',
      'When: {{eventDate}}',
      'Where: {{location}}',
      'Tickets: {{price}}',
    ],
    features: ['{{highlights}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.LINKEDIN]:
      'Event name, date and format in the first line; the top two speakers or sessions and what attendees can do afterwards. Post again a week and a day before.',
    [Platform.TWITTER]:
      'Event name, date and registration link in one post; speakers and sessions in replies. Use the official event hashtag.',
    [Platform.FACEBOOK]:
      'A conversational invitation: who it is for, what happens there, when and where. Suggest tagging a colleague who should come.',
    [Platform.INSTAGRAM]:
      'Hook with the experience (the room, the speaker, the takeaway), then date and place on their own lines, "link in bio" to register, the event hashtag plus 4–8 topic tags.',
    [Platform.EMAIL]:
      'Subject with event name and date; preheader with the headline speaker or price. Agenda highlights as bullets, one registration button, an add-to-calendar line.',
  },
  example: {
    variables: {
      eventName: 'Growth Ops Live',
      organizer: 'Funnelworks',
      eventDate: '2026-05-21',
      location: 'Online, 16:00–17:30 CET',
      highlights:
        'Lena Ortiz on building a lifecycle program with a team of two\nLive teardown of three onboarding emails submitted by attendees\nA checklist to audit your own funnel the next day',
      price: 'Free, with the recording sent to everyone who registers',
      audience: 'Marketers and founders at B2B SaaS companies under 100 people',
      url: 'https://funnelworks.example/live',
      keywords: 'lifecycle marketing; onboarding emails; B2B SaaS growth',
    },
    sample: {
      platform: Platform.EMAIL,
      text: "Subject: Growth Ops Live, 21 May: fix your onboarding emails\n\nA free 90-minute session with Lena Ortiz, live teardowns and a checklist to use the next day.\n\nHi there,\n\nOn 21 May at 16:00 CET, Lena Ortiz shows how a team of two built a lifecycle program, then we tear down three onboarding emails sent in by attendees.\n\nYou leave with a checklist to audit your own funnel. Can't make it live? Everyone who registers gets the recording.\n\nSave your seat: https://funnelworks.example/live\n\nSee you there,\nThe Funnelworks team",
    },
  },
};

const seasonalPromotion: TemplateDefinition = {
  key: 'seasonal-promotion',
  name: 'Seasonal promotion',
  category: 'promotion',
  description:
    'Drive sales for a season or occasion: the offer, the deadline, the code and the products worth featuring.',
  platforms: [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.EMAIL, Platform.TWITTER],
  tone: Tone.PLAYFUL,
  variables: [
    required('productName', 'text', 'The brand or product range on offer.'),
    required('occasion', 'text', 'The season or occasion, e.g. "Black Friday", "Back to school", "Summer sale".'),
    required('offer', 'text', 'The deal, stated exactly: "25% off all plans", "free shipping over €50".'),
    required('endDate', 'date', 'The last day of the offer (YYYY-MM-DD).'),
    optional('startDate', 'date', 'The first day, if not today (YYYY-MM-DD).'),
    optional('promoCode', 'text', 'The code to enter at checkout, if any.'),
    optional('featuredProducts', 'list', 'Products or plans to feature, one per line, with why they make a good buy.'),
    optional('terms', 'text', 'Conditions customers must know, e.g. "New orders only; not combinable".'),
    ...closingVariables({
      audience: 'Existing customers and newsletter subscribers',
      callToAction: 'Shop the sale',
      url: 'The sale landing page.',
    }),
  ],
  campaignName: '{{occasion}}: {{offer}}',
  brief: {
    productName: '{{productName}}',
    description: [
      '{{occasion}} offer from {{productName}}: {{offer}}',
      'Starts {{startDate}}',
      'Ends {{endDate}}',
      'Code at checkout: {{promoCode}}',
      'Terms: {{terms}}',
    ],
    features: ['{{offer}} until {{endDate}}', '{{featuredProducts}}'],
    ...CLOSING_PATTERN,
  },
  guidance: {
    [Platform.INSTAGRAM]:
      'Hook with the offer itself ("25% off everything until Sunday"). Festive but clear; code and end date on their own lines; "link in bio"; seasonal hashtags plus the brand tag.',
    [Platform.FACEBOOK]:
      'Offer and deadline in the first sentence; one featured product and who it suits. Repeat the deadline in the last line.',
    [Platform.EMAIL]:
      'Subject: the offer and the deadline, ideally under 45 characters; the code in the preheader. One hero offer, featured products below, terms at the end.',
    [Platform.TWITTER]:
      'Offer, code and end date in one post with the link; post a "last day" reminder on the end date.',
  },
  example: {
    variables: {
      productName: 'Loam & Leaf',
      occasion: 'Spring planting week',
      offer: '20% off all seed kits',
      endDate: '2026-04-12',
      startDate: '2026-04-06',
      promoCode: 'SPRING20',
      featuredProducts:
        'Balcony herb kit: six herbs that grow in a 60 cm planter\nBeginner veg kit: fast growers that are hard to kill',
      terms: 'Online orders only; cannot be combined with other codes',
      url: 'https://loamandleaf.example/spring',
      keywords: 'seed kits; balcony garden; spring planting',
    },
    sample: {
      platform: Platform.INSTAGRAM,
      text: '20% off every seed kit this week 🌱\n\nOur balcony herb kit fits six herbs in one 60 cm planter. The beginner veg kit is for anyone who has killed a cactus.\n\nCode: SPRING20\nEnds: 12 April\n\nShop the sale — link in bio.\n\n#SpringPlanting #BalconyGarden #GrowYourOwn #HerbGarden #UrbanGardening',
    },
  },
};

/** Promotions: events and seasonal offers. */
export const PROMOTION_TEMPLATES: readonly TemplateDefinition[] = [eventPromotion, seasonalPromotion];
