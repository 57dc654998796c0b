/**
 * Moderation figures: precision and recall per rule family on the labelled corpus, and `moderate()` throughput
 * and latency on generated 1,000-character posts. Run with `npx tsx bench/moderation.ts`; prints Markdown.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BriefData, Platform, Tone } from '../src/entities';
import { OfflineProvider } from '../src/services/generation/providers/offline.provider';
import { type BrandRules, EMPTY_BRAND, moderate, screenBrief, type Verdict } from '../src/services/moderation';
import { clearProfanityCache } from '../src/services/moderation/profanity.rule';
import type { VariantDraft } from '../src/services/platforms/platform-rules';
import { autoFix } from '../src/services/quality/auto-fix';
import { scoreQuality } from '../src/services/quality/quality-score';
import { briefWith, CORPUS, type CorpusCase, inputOf } from '../test/support/moderation-corpus';

const corpus = CORPUS;
const familyOf = (rule: string) => rule.split('.')[0]!;

/** Families found in a case: WARNING and ERROR findings (INFO is advice, not a detection). */
function foundFamilies(c: CorpusCase): Set<string> {
  if (c.kind === 'brief') return new Set(screenBrief(briefWith(c)).length > 0 ? ['injection'] : []);
  const result = moderate(inputOf(c));
  return new Set(result.findings.filter((f) => f.severity !== 'INFO').map((f) => familyOf(f.rule)));
}

function accuracyTable(): string {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const entry = (family: string) => {
    const value = counts.get(family) ?? { tp: 0, fp: 0, fn: 0 };
    counts.set(family, value);
    return value;
  };
  for (const c of corpus) {
    const expected = new Set(c.expectedRules.map(familyOf));
    const found = foundFamilies(c);
    for (const family of found) {
      if (expected.has(family)) entry(family).tp += 1;
      else entry(family).fp += 1;
    }
    for (const family of expected) if (!found.has(family)) entry(family).fn += 1;
  }
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)} %`);
  const lines = rows.map(
    ([family, { tp, fp, fn }]) =>
      `| ${family} | ${tp + fn} | ${tp} | ${fp} | ${fn} | ${pct(tp, tp + fp)} | ${pct(tp, tp + fn)} |`,
  );
  return [
    `Corpus: ${corpus.length} texts (${corpus.filter((c) => c.kind === 'content').length} content, ${corpus.filter((c) => c.kind === 'brief').length} briefs), per case and rule family (WARNING and ERROR findings).`,
    '',
    '| family | labelled | TP | FP | FN | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
  ].join('\n');
}

/** Deterministic PRNG (mulberry32) so every run moderates the same posts. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
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
const PLATFORMS = Object.values(Platform);
const BENCH_BRAND: BrandRules = {
  ...EMPTY_BRAND,
  bannedTerms: ['cheap', 'guru', 'hack'],
  competitorNames: ['RivalSoft', 'Globex'],
  requiredTerms: ['Acme'],
  disclaimers: ['Terms apply.'],
  emojiPolicy: 'some',
};

function post(next: () => number, length: number): string {
  let text = '';
  while (text.length < length - 60) {
    const sentence = SENTENCES[Math.floor(next() * SENTENCES.length)]!;
    text += next() < 0.2 ? `${sentence}\n\n` : `${sentence} `;
  }
  if (next() < 0.1) text = `${PROBLEMS[Math.floor(next() * PROBLEMS.length)]!} ${text}`;
  const tags = HASHTAGS.filter(() => next() < 0.3).join(' ');
  return `${text.trim()}\n\n${tags}`.slice(0, length);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface RunStats {
  perSecond: number;
  perCpuSecond: number;
  p50: number;
  p99: number;
  max: number;
  verdicts: Record<'PASS' | 'FLAG' | 'BLOCK', number>;
}

type Check = (platform: Platform, text: string) => Verdict;

/** What `moderate()` alone costs. */
const moderationOnly: Check = (platform, text) => moderate({ platform, text, brand: BENCH_BRAND }).verdict;

/** What validateContent computes for a pasted text: moderation, the quality score and the auto-fixes. */
const fullReport: Check = (platform, text) => {
  const moderation = moderate({ platform, text, brand: BENCH_BRAND });
  scoreQuality({ platform, text, moderation });
  autoFix({ platform, text, brand: BENCH_BRAND });
  return moderation.verdict;
};

/** Checks every post once, timing each; `cold` forgets the profanity word-pair cache before every text. */
function run(posts: string[], cold: boolean, check: Check = moderationOnly): RunStats {
  const latencies: number[] = [];
  const verdicts = { PASS: 0, FLAG: 0, BLOCK: 0 };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  posts.forEach((text, i) => {
    if (cold) clearProfanityCache();
    const t0 = performance.now();
    const verdict = check(PLATFORMS[i % 6]!, text);
    latencies.push(performance.now() - t0);
    verdicts[verdict] += 1;
  });
  const total = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: (posts.length / total) * 1000,
    perCpuSecond: (posts.length / ((cpu.user + cpu.system) / 1000)) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    verdicts,
  };
}

function throughputTable(): string {
  const next = random(42);
  const posts = Array.from({ length: 5000 }, () => post(next, 1000));
  for (let i = 0; i < 500; i += 1) moderate({ platform: PLATFORMS[i % 6]!, text: posts[i]!, brand: BENCH_BRAND });
  const warm = run(posts, false);
  const cold = run(posts, true);
  const report = run(posts, false, fullReport);
  const meanLength = Math.round(posts.reduce((sum, p) => sum + p.length, 0) / posts.length);
  const n = (value: number) => Math.round(value).toLocaleString('en');
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const { PASS, FLAG, BLOCK } = warm.verdicts;
  return [
    `Throughput: ${posts.length} generated posts (mean ${meanLength} characters, all six platforms, a brand with banned terms, competitors, a required term, a disclaimer and the "some" emoji policy), one thread, after 500 warm-up calls. "warm" keeps the profanity word-pair cache as it fills in use; "cold" empties it before every text (the worst case). Wall-clock figures include time lost to other processes on a busy machine; the CPU-second figure does not.`,
    '',
    '| metric | warm | cold | target |',
    '| --- | ---: | ---: | ---: |',
    `| texts per second (wall clock) | ${n(warm.perSecond)} | ${n(cold.perSecond)} | ≥ 2,000 |`,
    `| texts per CPU-second | ${n(warm.perCpuSecond)} | ${n(cold.perCpuSecond)} | |`,
    `| p50 latency | ${ms(warm.p50)} | ${ms(cold.p50)} | |`,
    `| p99 latency | ${ms(warm.p99)} | ${ms(cold.p99)} | ≤ 5 ms |`,
    `| max latency | ${ms(warm.max)} | ${ms(cold.max)} | |`,
    '',
    'validateContent as a whole (moderation + quality score + auto-fix, warm; without the GraphQL and brand-profile read around it):',
    '',
    '| metric | value | target |',
    '| --- | ---: | ---: |',
    `| texts per second (wall clock) | ${n(report.perSecond)} | ≥ 2,000 |`,
    `| texts per CPU-second | ${n(report.perCpuSecond)} | |`,
    `| p50 / p99 latency | ${ms(report.p50)} / ${ms(report.p99)} | p99 ≤ 5 ms |`,
    '',
    `Verdicts: PASS ${PASS} / FLAG ${FLAG} / BLOCK ${BLOCK} (X posts of 1,000 characters are over its limit). Load average at the end: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs.`,
  ].join('\n');
}

/**
 * What review adds to a generation: moderation and the quality score of the 18 variants a 6 × 3 job writes
 * (the offline writer's, for a typical brief), as the pipeline runs them. Median of 50 jobs' worth.
 */
async function reviewCostTable(): Promise<string> {
  const writer = new OfflineProvider({ chunkDelayMs: 0 });
  const brief: BriefData = {
    productName: 'Acme Rocket',
    description: 'A rocket-powered skateboard that folds into a backpack.',
    features: ['0–60 in 3 seconds', 'Folds into a backpack', 'Charges in 20 minutes'],
    audience: 'Urban commuters',
    tone: Tone.PLAYFUL,
    platforms: PLATFORMS,
    keywords: ['commute', 'electric skateboard'],
    callToAction: 'Pre-order today',
    url: 'https://acme.example/rocket',
    language: 'en',
  };
  const signal = new AbortController().signal;
  const { outline } = await writer.outline({ brief, signal });
  const drafts: { platform: Platform; draft: VariantDraft }[] = [];
  for (const platform of PLATFORMS) {
    const { variants } = await writer.variants({ brief, outline, platform, count: 3, signal, onDelta: () => {} });
    drafts.push(...variants.map((draft) => ({ platform, draft })));
  }
  const review = () => {
    for (const { platform, draft } of drafts) {
      const moderation = moderate({
        platform,
        text: draft.body,
        title: draft.title,
        hashtags: draft.hashtags,
        brand: BENCH_BRAND,
      });
      scoreQuality({ platform, text: draft.body, title: draft.title, hashtags: draft.hashtags, brief, moderation });
    }
  };
  for (let i = 0; i < 10; i += 1) review();
  const times: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const t0 = performance.now();
    review();
    times.push(performance.now() - t0);
  }
  const sorted = times.sort((a, b) => a - b);
  return [
    `Review of one 6 × 3 job (${drafts.length} variants, moderation + quality score): median ${percentile(sorted, 50).toFixed(2)} ms, worst ${sorted.at(-1)?.toFixed(2)} ms.`,
    "Compare with the generation overhead benchmark's wall time for the same job shape (`npm run bench:generation`): target ≤ 2 %.",
  ].join('\n');
}

console.log('## Moderation: precision and recall\n');
console.log(accuracyTable());
console.log('\n## Moderation: throughput\n');
console.log(throughputTable());
console.log('\n## Moderation: cost inside a generation\n');
reviewCostTable().then(console.log);
