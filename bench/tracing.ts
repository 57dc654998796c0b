import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { benchDatabase, withCleanups } from './lifecycle';
import { runLoad } from './load';

/**
 * `npx tsx bench/tracing.ts`: the cost of tracing. Starts the built CLI (`npm run build` first) twice on a fresh
 * PostgreSQL database — without an OTLP endpoint, then with one (a local receiver that accepts and drops spans) —
 * and loads `{ viewer { role workspace { name } } }` with autocannon. BENCH_DURATION seconds per run (default 8).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROOT = path.join(__dirname, '..');
const QUERY = JSON.stringify({ query: '{ viewer { role workspace { name } } }' });

/** Starts `node --require dist/src/infra/tracing.js dist/src/main.js serve`; resolves to its GraphQL URL. */
function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--require', './dist/src/infra/tracing.js', 'dist/src/main.js', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const listening = /"msg":"listening"/.test(out) && /"url":"([^"]+)"/.exec(out);
      if (listening) resolve({ child, url: String(listening[1]) });
    });
    child.once('exit', (code) => reject(new Error(`copydesk exited (${code}) before listening`)));
  });
}

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(cleanups);
    let spans = 0;
    const receiver = createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        spans++;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const key = `cdk_${randomBytes(27).toString('base64url').slice(0, 36)}`;
    const base = { DATABASE_URL: db.url, COPYDESK_ADMIN_KEY: key, LOG_LEVEL: 'info', COPYDESK_RATE_LIMIT: 'off' };
    const rows: string[] = ['| tracing | req/s | p50 ms | p99 ms | errors |', '|---|---|---|---|---|'];
    for (const [name, env] of [
      ['off (no endpoint)', {}],
      ['on (OTLP http/protobuf)', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }],
      [
        'on, 10 % sampled',
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: '0.1',
        },
      ],
    ] as const) {
      const { child, url } = await serve({ ...base, ...env });
      try {
        const options = {
          url,
          connections: 50,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: QUERY,
        };
        await runLoad({ ...options, durationSeconds: 2 });
        const r = await runLoad({ ...options, durationSeconds: DURATION });
        rows.push(
          `| ${name} | ${Math.round(r.requestsPerSecond)} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.errors + r.non2xx + r.mismatches} |`,
        );
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    console.log(rows.join('\n'));
    console.log(`export requests received: ${spans}`);
  });
}

void main();
