import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { gql } from './support/graphql';
import { USAGE_REPORT } from './support/usage';

// Nothing is written during the test: the report must add what this process counted in memory.
const t = useTestApp({ env: { COPYDESK_USAGE_FLUSH_MS: '3600000' } });

describe('request counts not yet written', () => {
  it('are in the report at once, per key and for the workspace', async () => {
    const editorId = (await gql(t.graphqlUrl, '{ viewer { apiKeyId } }', { key: t.ws.editor })).data?.viewer.apiKeyId;
    for (let i = 0; i < 2; i++) await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.editor });
    const res = await gql(t.graphqlUrl, USAGE_REPORT, { key: t.ws.admin, variables: { period: 'DAY' } });
    const report = res.data?.usage;
    expect(report.requests).toBe(4);
    expect(
      report.byApiKey.map((slice: { key: string; requests: number }) => [slice.key, slice.requests]),
    ).toContainEqual([editorId, 3]);
    expect(report.byApiKey.find((slice: { label: string }) => slice.label.startsWith('admin ('))?.requests).toBe(1);
  });
});
