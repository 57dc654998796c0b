// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import pg from 'pg';
import { createLogger } from '../src/infra/logger';
import { openOrm } from '../src/infra/orm';
import { ADMIN_URL } from './database';

/**
 * `npm run bench:sql`: what one statement costs on this machine's PostgreSQL when nothing else runs, through the
 * `pg` driver alone and through MikroORM's `execute` (the path Copydesk's hand-written SQL takes), one after another
 * on one connection; and a transaction of one statement (BEGIN, the statement, COMMIT). The floor under the
 * generation bench's fixed intervals: a statement there costs what it costs here plus the event loop's wait.
 * BENCH_SQL_ROUNDS (default 5) rounds of BENCH_SQL_STATEMENTS (default 500); the median round is printed.
 */

const ROUNDS = Number(process.env.BENCH_SQL_ROUNDS ?? 5);
const STATEMENTS = Number(process.env.BENCH_SQL_STATEMENTS ?? 500);

async function perStatement(work: (i: number) => Promise<unknown>, count = STATEMENTS): Promise<number> {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < count; i++) await work(i);
    rounds.push((performance.now() - started) / count);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] as number;
}

async function main(): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const orm = await openOrm({ url: ADMIN_URL, poolMax: 1, logger: createLogger('silent'), migrate: false });
  try {
    const raw = await perStatement((i) => client.query('select $1::int as x', [i]));
    const em = orm.em.fork();
    const viaOrm = await perStatement((i) => em.getConnection().execute('select ?::int as x', [i]));
    const transaction = await perStatement(
      (i) =>
        em.transactional((tx) =>
          tx.getConnection().execute('select ?::int as x', [i], 'all', tx.getTransactionContext()),
        ),
      Math.ceil(STATEMENTS / 2),
    );
    console.log(`\n### One SQL statement, nothing else running (median of ${ROUNDS} rounds of ${STATEMENTS})\n`);
    console.log('| path | per statement |');
    console.log('|---|---:|');
    console.log(`| pg driver alone | ${raw.toFixed(3)} ms |`);
    console.log(`| MikroORM execute | ${viaOrm.toFixed(3)} ms |`);
    console.log(`| MikroORM transaction: BEGIN, one statement, COMMIT | ${transaction.toFixed(3)} ms |`);
  } finally {
    await client.end();
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
