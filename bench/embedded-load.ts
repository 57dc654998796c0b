/**
 * Jobs under read load in embedded mode (`npm run bench:embedded-load`): the embedded server as a newcomer runs it
 * (`node dist/src/main.js serve`: PGlite, in-process worker, offline writer at its default pace), first idle, then
 * with BENCH_READERS clients (default 200) loading the campaigns page for BENCH_DURATION seconds (default 60)
 * while one job (outline + 6 platforms × 1 variant) is submitted every BENCH_JOB_EVERY_MS (default 2,000).
 * A job's time is its row's `finishedAt − createdAt` (the server's clock: accepted to SUCCEEDED), so polling for
 * the result adds nothing to it. BENCH_CPU_PROFILE=<dir> profiles the server. Target (issue 13): the median job under load within 2× of the same job idle,
 * reads still answered.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createCampaign, generate, post, waitUntilReady } from './api';
import { runLoad } from './load';
import { pageQuery, requestHeaders } from './query';

const ROOT = resolve(__dirname, '..');
const KEY = 'bench-embedded-load-admin-key-0123456789ab';
const READERS = Number(process.env.BENCH_READERS ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const JOB_EVERY_MS = Number(process.env.BENCH_JOB_EVERY_MS ?? 2_000);
const IDLE_JOBS = 5;
const CAMPAIGNS = 20;
const PORT = 4690 + (process.pid % 100);
const url = `http://127.0.0.1:${PORT}`;
const graphql = `${url}/graphql`;
const { needsBuild } = require(join(ROOT, 'scripts/start.js')) as { needsBuild: () => boolean };

interface JobTimes {
  status: string;
  createdAt: string;
  finishedAt: string | null;
}

async function jobOf(id: string): Promise<JobTimes> {
  const data = await post<{ generationJob: JobTimes }>(
    graphql,
    KEY,
    'query Job($id: ID!) { generationJob(id: $id) { status createdAt finishedAt } }',
    { id },
  );
  return data.generationJob;
}

async function finished(id: string, deadline: number): Promise<JobTimes> {
  for (;;) {
    const job = await jobOf(id);
    if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return job;
    if (Date.now() > deadline) return job;
    await delay(100);
  }
}

const seconds = (job: JobTimes) =>
  job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000 : Number.NaN;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const oneJob = (campaignId: string) => generate(graphql, KEY, { campaignId, variantsPerPlatform: 1 });

/** Seconds from the moment the client sent the mutation to the job's SUCCEEDED (the mutation's own wait included). */
const fromClick = (sentAt: number, job: JobTimes) =>
  job.finishedAt ? (Date.parse(job.finishedAt) - sentAt) / 1000 : Number.NaN;

/** Submits a job; resolves to its id and when the mutation was sent. */
async function submit(campaignId: string): Promise<{ id: string; sentAt: number }> {
  const sentAt = Date.now();
  return { id: await oneJob(campaignId), sentAt };
}

async function main(): Promise<void> {
  if (needsBuild()) {
    console.error('dist/ is stale: building first');
    if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('build');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'copydesk-embedded-load-'));
  // BENCH_CPU_PROFILE=<dir>: the server writes a .cpuprofile there when it stops (and runs slower).
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'dist/src/main.js'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(PORT),
      LOG_LEVEL: 'error',
      COPYDESK_ADMIN_KEY: KEY,
      COPYDESK_PROVIDER: 'offline',
      COPYDESK_RATE_LIMIT: 'off',
      COPYDESK_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilReady(url);
    const campaignIds = await Promise.all(
      Array.from({ length: CAMPAIGNS }, (_, i) => createCampaign(graphql, KEY, `Embedded load ${i}`)),
    );
    // Content to read: every campaign generated once (not measured).
    const seeded = await Promise.all(campaignIds.map(oneJob));
    await Promise.all(seeded.map((id) => finished(id, Date.now() + 120_000)));

    const idle: number[] = [];
    const idleClick: number[] = [];
    for (let i = 0; i < IDLE_JOBS; i++) {
      const { id, sentAt } = await submit(campaignIds[i]!);
      const job = await finished(id, Date.now() + 60_000);
      idle.push(seconds(job));
      idleClick.push(fromClick(sentAt, job));
    }
    idle.sort((a, b) => a - b);
    idleClick.sort((a, b) => a - b);
    const idleMedian = quantile(idle, 0.5);

    const submitted: Promise<{ id: string; sentAt: number } | undefined>[] = [];
    let refused = 0;
    const load = runLoad({
      url: graphql,
      connections: READERS,
      durationSeconds: DURATION,
      headers: requestHeaders(KEY),
      body: JSON.stringify({ query: pageQuery(20) }),
    });
    const loadEnds = Date.now() + DURATION * 1000;
    // The readers connect before the first job; then one job every JOB_EVERY_MS while they read.
    await delay(1_000);
    for (let i = 0; Date.now() + JOB_EVERY_MS < loadEnds; i++) {
      submitted.push(
        submit(campaignIds[i % CAMPAIGNS]!).catch(() => {
          refused += 1;
          return undefined;
        }),
      );
      await delay(JOB_EVERY_MS);
    }
    const reads = await load;
    const accepted = (await Promise.all(submitted)).filter((job) => job !== undefined);
    const ids = accepted.map((job) => job.id);
    const insideWindow = await Promise.all(ids.map((id) => jobOf(id)));
    const doneInside = insideWindow.filter((job) => job.status === 'SUCCEEDED').length;
    const jobs = await Promise.all(ids.map((id) => finished(id, Date.now() + 300_000)));
    const succeeded = jobs.flatMap((job, i) =>
      job.status === 'SUCCEEDED' ? [{ job, sentAt: accepted[i]!.sentAt }] : [],
    );
    const times = succeeded.map(({ job }) => seconds(job)).sort((a, b) => a - b);
    const clicks = succeeded.map(({ job, sentAt }) => fromClick(sentAt, job)).sort((a, b) => a - b);
    const median = quantile(times, 0.5);

    console.log('## Jobs under read load, embedded\n');
    console.log(
      `\`node dist/src/main.js serve\` with no DATABASE_URL or REDIS_URL (PGlite, in-process worker, offline writer), ${READERS} clients loading \`campaigns(first: 20)\` for ${DURATION} s, one job (outline + 6 platforms × 1 variant) submitted every ${JOB_EVERY_MS} ms, COPYDESK_HTTP_CONCURRENCY ${process.env.COPYDESK_HTTP_CONCURRENCY ?? 'unset (1)'}. A job's time is accepted → SUCCEEDED on the server's clock; "from the click" adds the mutation's own wait (sent → SUCCEEDED).\n`,
    );
    console.log('| | jobs | job time p50 | p95 | max | from the click p50 | p95 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const row = (label: string, count: string, t: number[], c: number[]) =>
      console.log(
        `| ${label} | ${count} | ${quantile(t, 0.5).toFixed(2)} s | ${quantile(t, 0.95).toFixed(2)} s | ${t.at(-1)?.toFixed(2)} s | ${quantile(c, 0.5).toFixed(2)} s | ${quantile(c, 0.95).toFixed(2)} s |`,
      );
    row('idle, one at a time', String(idle.length), idle, idleClick);
    row(`under ${READERS} readers`, `${times.length} of ${ids.length} accepted`, times, clicks);
    console.log(
      `\nUnder load / idle (median): ${(median / idleMedian).toFixed(2)}× accepted → SUCCEEDED, ${(quantile(clicks, 0.5) / quantile(idleClick, 0.5)).toFixed(2)}× from the click (target ≤ 2×). Finished while the readers ran: ${doneInside} of ${ids.length}; refused submissions: ${refused}.`,
    );
    console.log(
      `Reads: ${reads.requestsPerSecond.toFixed(0)} requests/s, p50 ${reads.latencyP50Ms} ms, p99 ${reads.latencyP99Ms} ms, non-2xx ${reads.non2xx}, errors ${reads.errors}, wrong bodies ${reads.mismatches}.`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
