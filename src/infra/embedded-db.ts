import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ConfigError } from './config';

/** The embedded PostgreSQL (PGlite) served on a loopback port, so the ordinary `pg` driver reaches it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Two processes writing one PGlite directory corrupt it: hold a pid lock file while open. */
function acquireLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'copydesk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        // An operator's mistake, not a fault: main.ts prints a ConfigError's message without a stack trace.
        throw new ConfigError(`The embedded database in ${dataDir} is in use by process ${pid} (COPYDESK_DATA_DIR)`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}

/**
 * Compiles PGlite's PostgreSQL (a 9 MB WebAssembly module) with V8's baseline compiler only. By default V8 also
 * recompiles hot functions with its optimising compiler on background threads; during start-up that competes with
 * start-up itself on a small machine and leaves 50–70 MB of compiler memory in malloc's arenas for good. Measured
 * here (bench:startup, README "Start-up and memory"): ready about 1 s sooner, ~60 MB less resident, and no
 * difference in query time we could measure on the embedded workload. Set once, before the module is compiled;
 * it concerns WebAssembly only (no JavaScript), and PGlite is the only WebAssembly the server compiles itself.
 */
function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * Opens (or creates) the PGlite database in `dataDir` and serves it on 127.0.0.1 on a free port.
 * PGlite runs one query at a time; the socket server queues connections' queries and keeps a transaction's
 * statements together, so a small pool is safe.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  maxConnections: number,
  sharedBuffersMb = 16,
): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const release = acquireLock(dir);
  try {
    // PostgreSQL's shared_buffers (128 MB by default) live in PGlite's WebAssembly heap and stay resident once
    // touched; a single team's data fits a far smaller cache (the files are in the OS page cache too).
    useBaselineWasmCompiler();
    const db = await PGlite.create({
      dataDir: path.join(dir, 'pgdata'),
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMb}MB`],
    });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
    return {
      url,
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
