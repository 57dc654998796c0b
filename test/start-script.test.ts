import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(__filename);
const { needsBuild } = require('../scripts/start.js') as { needsBuild(root: string): boolean };

/** A checkout-shaped folder: sources, and (optionally) a build, each file at the time given (seconds). */
function tree(files: Record<string, number>): string {
  const root = path.join(os.tmpdir(), `copydesk-start-${process.pid}-${Math.random().toString(36).slice(2)}`);
  for (const [file, seconds] of Object.entries(files)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, '');
    utimesSync(full, seconds, seconds);
  }
  // Folders are older than everything, so only the files decide.
  for (const file of Object.keys(files)) {
    for (let dir = path.dirname(path.join(root, file)); dir.startsWith(root); dir = path.dirname(dir)) {
      utimesSync(dir, 1, 1);
    }
  }
  roots.push(root);
  return root;
}
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('npm start (scripts/start.js)', () => {
  const built = { 'dist/.tsbuildinfo': 2_000, 'dist/src/main.js': 2_000 };

  it('serves the build as it is when no source is newer than it (what npm ci leaves)', () => {
    const root = tree({ 'src/main.ts': 1_000, 'migrations/m.ts': 1_000, 'package.json': 1_000, ...built });
    expect(needsBuild(root)).toBe(false);
  });

  it('compiles first when a source, a migration or the build configuration changed since the build', () => {
    expect(needsBuild(tree({ 'src/services/a.ts': 3_000, ...built }))).toBe(true);
    expect(needsBuild(tree({ 'src/main.ts': 1_000, 'migrations/m.ts': 3_000, ...built }))).toBe(true);
    expect(needsBuild(tree({ 'src/main.ts': 1_000, 'tsconfig.json': 3_000, ...built }))).toBe(true);
  });

  it('compiles first when there is no build, or only part of one', () => {
    expect(needsBuild(tree({ 'src/main.ts': 1_000 }))).toBe(true);
    expect(needsBuild(tree({ 'src/main.ts': 1_000, 'dist/.tsbuildinfo': 2_000 }))).toBe(true);
  });
});
