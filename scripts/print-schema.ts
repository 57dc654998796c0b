/** Writes schema.graphql at the repository root from the code (`npm run schema:print`); a test checks it. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { buildCopydeskSchema } from '../src/resolvers';

async function main() {
  const schema = await buildCopydeskSchema();
  const file = path.resolve(__dirname, '../schema.graphql');
  writeFileSync(file, `${printSchema(schema)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
