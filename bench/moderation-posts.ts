/**
 * The generated posts and brand of the moderation benchmark, shared with profiling scripts so a profile reads the
 * same texts the benchmark times.
 */
import { Platform } from '../src/entities';
import { type BrandRules, EMPTY_BRAND } from '../src/services/moderation';

/** Deterministic PRNG (mulberry32) so every run moderates the same posts. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SENTENCES = [
  'We rebuilt our reporting engine so dashboards refresh the moment your data changes.',
  'Teams in the beta told us Friday reports used to take three hours; now they take eighteen minutes.',
  'Scheduled exports land in your inbox before the Monday stand-up, filtered for your team.',
  'Our support team answers in under two hours, in English, German and French.',
  'Northwind Bank cut account opening from three days to twenty minutes with Acme.',
  'Dark mode follows your system theme, and search now loads in under 200 ms.',
  'Invite your whole team: every plan includes unlimited viewers at no extra cost.',
  'Connect PostgreSQL, BigQuery or a spreadsheet in a few clicks, no engineers required.',
  'What would you do with three extra hours every week?',
  'Read the full case study on our blog: https://acme.example.com/cases/northwind',
  'Join our webinar on May 14 at 16:00 CET for a walkthrough and live questions.',
  'Spring is here, and so is our new collection of hand-made planters 🌷',
  'Thank you to the 2,300 teams who sent feedback this quarter ✨',
  'Acme Insights is SOC 2 Type II audited and GDPR compliant.',
  'Our product managers interviewed forty customers before writing a single line of code.',
  'The new onboarding checklist walks every admin through permissions, data sources and alerts.',
  'Marketing teams use Acme to see which campaigns actually bring in revenue, not just clicks.',
  'Finance leads love the monthly close report: one click, every number reconciled.',
  'Alerts reach you in Slack, Teams or email the moment a metric moves outside its usual range.',
  'We publish our roadmap openly, and you can vote for the features you need next.',
  'Export any chart as PNG, CSV or a live link that stays up to date.',
  'Start with a template for sales, marketing or operations, then make it your own.',
  'Terms apply.',
];
/** Sentences with something to find; one in ten posts gets one, as generated copy occasionally does. */
const PROBLEMS = [
  'Unlike RivalSoft, we never charge extra for exports.',
  'Questions? Email jane.miller@gmail.com or call +44 20 7946 0958.',
  'Guaranteed results, the #1 tool for data teams!!!',
  'Click here to claim your free gift before midnight.',
];
const HASHTAGS = ['#Analytics', '#SaaS', '#Reporting', '#DataTeams', '#ProductLaunch', '#B2B', '#Dashboards'];
export const PLATFORMS = Object.values(Platform);
export const BENCH_BRAND: BrandRules = {
  ...EMPTY_BRAND,
  bannedTerms: ['cheap', 'guru', 'hack'],
  competitorNames: ['RivalSoft', 'Globex'],
  requiredTerms: ['Acme'],
  disclaimers: ['Terms apply.'],
  emojiPolicy: 'some',
};

export function post(next: () => number, length: number): string {
  let text = '';
  while (text.length < length - 60) {
    const sentence = SENTENCES[Math.floor(next() * SENTENCES.length)]!;
    text += next() < 0.2 ? `${sentence}\n\n` : `${sentence} `;
  }
  if (next() < 0.1) text = `${PROBLEMS[Math.floor(next() * PROBLEMS.length)]!} ${text}`;
  const tags = HASHTAGS.filter(() => next() < 0.3).join(' ');
  return `${text.trim()}\n\n${tags}`.slice(0, length);
}
