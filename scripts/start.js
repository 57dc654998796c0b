/**
 * `npm start`: serve from dist/, compiling the server first only when dist/ is missing or older than its sources
 * (`npm ci` builds it once; a checkout whose sources changed since is rebuilt). Then the server runs in this very
 * process, tracing loaded first as `node --require ./dist/src/infra/tracing.js` would.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** What the server's build reads (tsconfig.build.json): a change to any of them makes dist/ stale. */
const SOURCES = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** Written by every build (tsc's incremental state), after the outputs. */
const STAMP = path.join('dist', '.tsbuildinfo');

/** The newest modification time under `target` (a file or a folder), in ms; 0 when it does not exist. */
function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

/** True when the build output is missing or a source is newer than the last build. */
function needsBuild(root = ROOT) {
  const stamp = path.join(root, STAMP);
  if (!existsSync(stamp) || !existsSync(path.join(root, 'dist/src/main.js'))) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((source) => newest(path.join(root, source)) > built);
}

function main() {
  if (needsBuild()) {
    process.stderr.write('copydesk: compiling the server (dist/ is missing or older than src/)\n');
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (tsc.status !== 0) process.exit(tsc.status ?? 1);
    // tsc leaves its state file alone when nothing changed (a touched file): mark the build as now.
    const now = new Date();
    utimesSync(path.join(ROOT, STAMP), now, now);
  }
  process.argv = [process.argv[0], path.join(ROOT, 'dist/src/main.js'), 'serve', ...process.argv.slice(2)];
  require(path.join(ROOT, 'dist/src/infra/tracing.js'));
  require(path.join(ROOT, 'dist/src/main.js'));
}

if (require.main === module) main();

module.exports = { needsBuild, SOURCES, STAMP };
