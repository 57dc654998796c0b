import { describe, expect, it } from 'vitest';
import { ContentVariant, Platform } from '../src/entities';
import { useTestApp } from './support/app';
import { createTestWorkspace, insertCampaigns } from './support/factories';
import { codeOf, gql } from './support/graphql';

const VALIDATE = `query($input: ValidateContentInput!) { validateContent(input: $input) {
  verdict findings { rule severity start end message suggestion } quality { score components { name score weight } suggestions }
  fixedText fixes characterCount limit } }`;
const PREVIEW = `query($input: PreviewInput!) { preview(input: $input) {
  platform visibleText truncated characterCount rawCharacterCount limit hashtags mentions links html
  engagement { label } seo { keywordDensity { keyword count } } } }`;

const t = useTestApp();

function validate(key: string, input: Record<string, unknown>) {
  return gql(t.graphqlUrl, VALIDATE, { key, variables: { input } });
}

describe('validateContent', () => {
  it('passes clean copy and scores it', async () => {
    const text = 'Meet Acme Rocket: the commuter board that folds into your backpack. Pre-order today! #Commute';
    const res = await validate(t.ws.viewer, { platform: 'LINKEDIN', text });
    expect(res.errors).toBeUndefined();
    const report = res.data?.validateContent;
    expect(report.verdict).toBe('PASS');
    // 93 characters: only the length is short of a LinkedIn post's (59 of 100); every other component is full.
    expect(report.quality.score).toBe(93);
    expect(report.quality.components.map((c: { name: string; score: number }) => [c.name, c.score])).toEqual([
      ['readability', 100],
      ['length_fit', 59],
      ['hook', 100],
      ['call_to_action', 100],
      ['hashtags', 100],
      ['keyword_coverage', 100],
      ['moderation', 100],
    ]);
    expect(report.quality.suggestions).toEqual(['Expand to at least 300 characters (now 93)']);
    expect(report.limit).toBe(3000);
  });

  it('blocks profanity and explains where it is', async () => {
    const text = 'This board is f*cking fast. Pre-order today!';
    const report = (await validate(t.ws.viewer, { platform: 'TWITTER', text })).data?.validateContent;
    expect(report.verdict).toBe('BLOCK');
    const finding = report.findings.find((f: { rule: string }) => f.rule === 'profanity');
    expect(finding.severity).toBe('ERROR');
    expect(text.slice(finding.start, finding.end).toLowerCase()).toContain('f*ck');
  });

  it("applies the workspace's banned terms", async () => {
    await gql(t.graphqlUrl, 'mutation { updateBrandProfile(input: { bannedTerms: ["cheap"] }) { bannedTerms } }', {
      key: t.ws.admin,
    });
    const report = (await validate(t.ws.viewer, { platform: 'FACEBOOK', text: 'The cheap way to commute.' })).data
      ?.validateContent;
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain('brand.banned-term');
    expect(report.fixedText).not.toContain('cheap');
  });

  it('offers a fixed text for shouting and double spaces', async () => {
    const report = (await validate(t.ws.viewer, { platform: 'FACEBOOK', text: 'AMAZING  NEWS for commuters today.' }))
      .data?.validateContent;
    expect(report.fixes).toEqual([
      'Collapsed double spaces (once)',
      'Changed shouted words to capitalised: AMAZING → Amazing, NEWS → News',
    ]);
    expect(report.fixedText).toBe('Amazing News for commuters today.');
  });

  it('counts X text the way X does', async () => {
    const report = (
      await validate(t.ws.viewer, { platform: 'TWITTER', text: '日本語 https://example.com/a/very/long/path' })
    ).data?.validateContent;
    expect(report.characterCount).toBe(3 * 2 + 1 + 23);
    expect(report.limit).toBe(280);
  });

  it("refuses a huge text, and treats another workspace's campaign as unknown", async () => {
    const huge = await validate(t.ws.viewer, { platform: 'BLOG', text: 'a'.repeat(100_001) });
    expect(codeOf(huge)).toBe('BAD_USER_INPUT');
    const other = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, other.workspace, 1);
    const foreign = await validate(t.ws.viewer, { platform: 'BLOG', text: 'Hello', campaignId: campaign?.id });
    expect(codeOf(foreign)).toBe('NOT_FOUND');
  });
});

describe('preview', () => {
  it('folds LinkedIn text at 210 characters and escapes the HTML', async () => {
    const text = `<script>alert(1)</script> ${'Acme Rocket makes commuting fun. '.repeat(12)}#Commute @acme https://acme.com`;
    const res = await gql(t.graphqlUrl, PREVIEW, {
      key: t.ws.viewer,
      variables: { input: { platform: 'LINKEDIN', text } },
    });
    const preview = res.data?.preview;
    expect(preview.truncated).toBe(true);
    expect(preview.visibleText.length).toBeLessThanOrEqual(210);
    expect(preview.hashtags).toEqual(['#Commute']);
    expect(preview.mentions).toEqual(['@acme']);
    expect(preview.links).toEqual(['https://acme.com']);
    expect(preview.html).not.toContain('<script>');
    expect(preview.engagement.label).toBe('heuristic');
  });

  it('previews a stored variant on several platforms, and only in its own workspace', async () => {
    const [campaign] = await insertCampaigns(t.app, t.ws.workspace, 1);
    const em = t.app.orm.em.fork();
    const variant = em.create(ContentVariant, {
      workspace: t.ws.workspace.id,
      campaign: campaign?.id as string,
      platform: Platform.INSTAGRAM,
      body: 'Your commute, reimagined. Link in bio.',
      hashtags: ['#Commute', '#AcmeRocket', '#Skate'],
      characterCount: 40,
    });
    await em.flush();
    const query = `query($input: MultiPreviewInput!) { previews(input: $input) { platform hashtags truncated } }`;
    const input = { platforms: ['INSTAGRAM', 'TWITTER'], variantId: variant.id };
    const res = await gql(t.graphqlUrl, query, { key: t.ws.viewer, variables: { input } });
    expect(res.data?.previews.map((p: { platform: string }) => p.platform)).toEqual(['INSTAGRAM', 'TWITTER']);
    expect(res.data?.previews[0].hashtags).toEqual(['#Commute', '#AcmeRocket', '#Skate']);
    const other = await createTestWorkspace(t.app);
    expect(codeOf(await gql(t.graphqlUrl, query, { key: other.viewer, variables: { input } }))).toBe('NOT_FOUND');
  });

  it('needs exactly one of text and variantId', async () => {
    const both = await gql(t.graphqlUrl, PREVIEW, {
      key: t.ws.viewer,
      variables: { input: { platform: 'BLOG', text: 'x', variantId: '01a21307-579a-73db-a56c-41bd4e4bea33' } },
    });
    expect(codeOf(both)).toBe('BAD_USER_INPUT');
    const neither = await gql(t.graphqlUrl, PREVIEW, { key: t.ws.viewer, variables: { input: { platform: 'BLOG' } } });
    expect(codeOf(neither)).toBe('BAD_USER_INPUT');
  });
});
