import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';

const FIELDS = 'voice bannedTerms competitorNames requiredTerms disclaimers preferredHashtags emojiPolicy';
const UPDATE = `mutation($input: BrandProfileInput!) { updateBrandProfile(input: $input) { ${FIELDS} } }`;

const t = useTestApp();

describe('brand profile', () => {
  it('starts empty, allowing any emoji', async () => {
    const res = await gql(t.graphqlUrl, `{ brandProfile { ${FIELDS} } }`, { key: t.ws.viewer });
    expect(res.data?.brandProfile).toEqual({
      voice: null,
      bannedTerms: [],
      competitorNames: [],
      requiredTerms: [],
      disclaimers: [],
      preferredHashtags: [],
      emojiPolicy: 'ANY',
    });
  });

  it('saves what an ADMIN sends, trimmed, deduplicated and with # added to hashtags', async () => {
    const input = {
      voice: '  Warm, direct, no jargon. ',
      bannedTerms: ['cheap', 'Cheap', ' guaranteed '],
      preferredHashtags: ['AcmeRocket', '#Commute'],
      emojiPolicy: 'NONE',
    };
    const res = await gql(t.graphqlUrl, UPDATE, { key: t.ws.admin, variables: { input } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateBrandProfile).toMatchObject({
      voice: 'Warm, direct, no jargon.',
      bannedTerms: ['cheap', 'guaranteed'],
      preferredHashtags: ['#AcmeRocket', '#Commute'],
      emojiPolicy: 'NONE',
    });
  });

  it('changes only the fields given', async () => {
    await gql(t.graphqlUrl, UPDATE, {
      key: t.ws.admin,
      variables: { input: { voice: 'Calm', bannedTerms: ['cheap'] } },
    });
    const res = await gql(t.graphqlUrl, UPDATE, { key: t.ws.admin, variables: { input: { requiredTerms: ['Acme'] } } });
    expect(res.data?.updateBrandProfile).toMatchObject({
      voice: 'Calm',
      bannedTerms: ['cheap'],
      requiredTerms: ['Acme'],
    });
  });

  it('refuses EDITOR and VIEWER keys and writes nothing', async () => {
    for (const key of [t.ws.editor, t.ws.viewer]) {
      const res = await gql(t.graphqlUrl, UPDATE, { key, variables: { input: { voice: 'Loud' } } });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    const after = await gql(t.graphqlUrl, '{ brandProfile { voice } }', { key: t.ws.viewer });
    expect(after.data?.brandProfile.voice).toBeNull();
  });

  it('names every bad field', async () => {
    const input = { voice: 'x'.repeat(1001), bannedTerms: ['ok', ''], preferredHashtags: ['no spaces allowed'] };
    const res = await gql(t.graphqlUrl, UPDATE, { key: t.ws.admin, variables: { input } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const paths = res.errors?.[0]?.extensions?.fields?.map((field) => field.path);
    expect(paths).toEqual(expect.arrayContaining(['voice', 'bannedTerms.1', 'preferredHashtags.0']));
  });

  it("keeps each workspace's profile to itself", async () => {
    const other = await createTestWorkspace(t.app);
    await gql(t.graphqlUrl, UPDATE, { key: other.admin, variables: { input: { bannedTerms: ['secret'] } } });
    const mine = await gql(t.graphqlUrl, '{ brandProfile { bannedTerms } }', { key: t.ws.viewer });
    expect(mine.data?.brandProfile.bannedTerms).toEqual([]);
  });
});
