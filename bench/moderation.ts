/**
 * Moderation figures: precision and recall per rule family on the labelled corpus, and `moderate()` throughput
 * and latency on generated 1,000-character posts. Run with `npx tsx bench/moderation.ts`; prints Markdown.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BriefData, Platform, Tone } from '../src/entities';
import { OfflineProvider } from '../src/services/generation/providers/offline.provider';
import { moderate, screenBrief, type Verdict } from '../src/services/moderation';
import { clearProfanityCache } from '../src/services/moderation/profanity.rule';
import type { VariantDraft } from '../src/services/platforms/platform-rules';
import { autoFix } from '../src/services/quality/auto-fix';
import { scoreQuality } from '../src/services/quality/quality-score';
import { briefWith, CORPUS, type CorpusCase, inputOf } from '../test/support/moderation-corpus';
import { BENCH_BRAND, PLATFORMS, post, random } from './moderation-posts';

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
  // Before the cold run, which leaves the profanity cache empty: the report is measured warm, as in use.
  const report = run(posts, false, fullReport);
  const cold = run(posts, true);
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
