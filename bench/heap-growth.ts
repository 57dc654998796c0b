/**
 * Live JavaScript heap over many generations (`npm run bench:heap`): the embedded server (`node dist/src/main.js
 * serve`, offline writer) runs BENCH_HEAP_GENERATIONS small generations (default 500) after a first 100; a heap
 * snapshot (which collects garbage first) is taken after each batch, and the live heap of the two is compared,
 * with the object kinds that grew most. RSS and "heap used" include garbage not yet collected; this does not.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createCampaign, generate, post, waitUntilReady } from './api';

const ROOT = resolve(__dirname, '..');
const KEY = 'bench-heap-admin-key-0123456789abcdef0123';
const FIRST = 100;
const MORE = Number(process.env.BENCH_HEAP_GENERATIONS ?? 500);
const PORT = 4590 + (process.pid % 100);
const url = `http://127.0.0.1:${PORT}`;

/** Live bytes by object kind ("type:constructor") in a V8 heap snapshot. */
function liveByKind(file: string): Map<string, number> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [
    number,
    number,
    number,
  ];
  const kinds = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = types[snapshot.nodes[i + type]!]!;
    const label =
      kind === 'object' || kind === 'closure' ? `${kind}:${snapshot.strings[snapshot.nodes[i + name]!]}` : kind;
    kinds.set(label, (kinds.get(label) ?? 0) + snapshot.nodes[i + size]!);
  }
  return kinds;
}

async function generations(count: number, campaignIds: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    campaignIds.map(async (campaignId) => {
      while (next < count) {
        next += 1;
        const id = await generate(`${url}/graphql`, KEY, {
          campaignId,
          variantsPerPlatform: 1,
          platforms: ['LINKEDIN'],
        });
        for (;;) {
          const data = await post<{ generationJob: { status: string } }>(
            `${url}/graphql`,
            KEY,
            'query Job($id: ID!) { generationJob(id: $id) { status } }',
            { id },
          );
          if (data.generationJob.status === 'SUCCEEDED') break;
          if (data.generationJob.status === 'FAILED' || data.generationJob.status === 'CANCELLED') {
            throw new Error(`job ${id} ended ${data.generationJob.status}`);
          }
          await delay(20);
        }
      }
    }),
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'copydesk-heap-'));
  const snapshots = mkdtempSync(join(tmpdir(), 'copydesk-heap-snapshots-'));
  const child = spawn(process.execPath, ['--heapsnapshot-signal=SIGUSR2', join(ROOT, 'dist/src/main.js'), 'serve'], {
    cwd: snapshots,
    env: {
      ...process.env,
      PORT: String(PORT),
      LOG_LEVEL: 'error',
      COPYDESK_ADMIN_KEY: KEY,
      COPYDESK_PROVIDER: 'offline',
      COPYDESK_RATE_LIMIT: 'off',
      COPYDESK_OFFLINE_DELAY_MS: '0',
      COPYDESK_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const snapshot = async (): Promise<string> => {
    const before = readdirSync(snapshots).length;
    child.kill('SIGUSR2');
    // The file appears when the snapshot starts; it is complete once the server answers again.
    while (readdirSync(snapshots).length === before) await delay(100);
    while (
      !(await fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false))
    )
      await delay(100);
    return join(snapshots, readdirSync(snapshots).sort().at(-1)!);
  };
  try {
    await waitUntilReady(url);
    const campaignIds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createCampaign(`${url}/graphql`, KEY, `Heap bench ${i}`)),
    );
    await generations(FIRST, campaignIds);
    const first = liveByKind(await snapshot());
    await generations(MORE, campaignIds);
    const second = liveByKind(await snapshot());
    const total = (kinds: Map<string, number>) => [...kinds.values()].reduce((a, b) => a + b, 0) / 1024 / 1024;
    const grown = [...second.entries()]
      .map(([kind, bytes]) => [kind, bytes - (first.get(kind) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    console.log('## Live heap over generations\n');
    console.log(
      `Embedded server, offline writer, one LinkedIn variant per generation, eight at a time; what heap snapshots (garbage collected first) hold alive: JavaScript objects and the buffers they own, PGlite's 128 MB+ of WebAssembly memory included.\n`,
    );
    console.log(`| after | live heap |`);
    console.log('| ---: | ---: |');
    console.log(`| ${FIRST} generations | ${total(first).toFixed(1)} MB |`);
    console.log(`| ${FIRST + MORE} generations | ${total(second).toFixed(1)} MB |`);
    console.log(
      `\nGrowth over the last ${MORE}: ${(total(second) - total(first)).toFixed(1)} MB; most by kind: ${grown
        .map(([kind, bytes]) => `${kind} ${(bytes / 1024).toFixed(0)} kB`)
        .join(', ')}.`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(snapshots, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
