import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCopydeskSchema } from '../src/resolvers';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:print` after an API change)', async () => {
    const committed = readFileSync(path.resolve(__dirname, '../schema.graphql'), 'utf8');
    const built = `${printSchema(await buildCopydeskSchema())}\n`;
    expect(built).toBe(committed);
  });

  it('keeps the names API.md fixes', async () => {
    const schema = await buildCopydeskSchema();
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['viewer', 'campaign', 'campaigns', 'generationJob']));
    expect(Object.keys(mutation)).toEqual(
      expect.arrayContaining(['createCampaign', 'updateCampaign', 'archiveCampaign']),
    );
    expect(query.campaigns?.args.map((arg) => arg.name)).toEqual(['first', 'after', 'status', 'search']);
    expect(String(query.campaigns?.args[0]?.type)).toBe('Int');
    expect(query.campaigns?.args[0]?.defaultValue).toBe(20);
  });
});
