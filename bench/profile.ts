import { writeFile } from 'node:fs/promises';
import { type Profiler, Session } from 'node:inspector/promises';

/** Self time by npm package (or Node's own code), the shares that say what a request spends its CPU on. */
function selfTimeByPackage(profile: Profiler.Profile): [string, number][] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples?.forEach((id, i) => {
    const delta = profile.timeDeltas?.[i] ?? 0;
    const { url, functionName } = nodes.get(id)?.callFrame ?? { url: '', functionName: '' };
    const inModules = url.split('node_modules/').at(-1) ?? '';
    const name = url.includes('node_modules/')
      ? inModules
          .split('/')
          .slice(0, inModules.startsWith('@') ? 2 : 1)
          .join('/')
      : url.startsWith('node:')
        ? 'node (core)'
        : url
          ? url.replace(/^.*\/(src|bench)\//, '$1/')
          : functionName || '(native)';
    byPackage.set(name, (byPackage.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...byPackage].map(([name, time]): [string, number] => [name, time / total]).sort((a, b) => b[1] - a[1]);
}

/**
 * Runs `work` under the V8 CPU profiler of this process (the in-process server) when `file` is set: writes the
 * .cpuprofile (open it in Chrome DevTools) and prints where the time went. Profiling slows the server down;
 * figures taken with it on are not the ones to publish.
 */
export async function withCpuProfile<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
    const shares = selfTimeByPackage(profile);
    const idle = shares.find(([name]) => name === '(idle)')?.[1] ?? 0;
    console.log(`CPU profile written to ${file}; event loop idle ${(idle * 100).toFixed(1)}%; busy time by package:`);
    for (const [name, share] of shares.filter(([n]) => n !== '(idle)').slice(0, 12)) {
      console.log(`  ${((share / (1 - idle)) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
}
