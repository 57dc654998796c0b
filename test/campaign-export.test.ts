import { parse } from 'csv-parse/sync';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { Platform, Tone } from '../src/entities';
import {
  type CampaignSnapshot,
  CSV_COLUMNS,
  exportFilename,
  formatOfExtension,
  neutraliseFormula,
  renderExport,
} from '../src/services/export/campaign-export';

const snapshot = (overrides: Partial<CampaignSnapshot> = {}): CampaignSnapshot => ({
  id: '01a246fb-967e-73de-b228-3e695704b50b',
  name: 'Spring launch: "Aurora" <beta>',
  status: 'GENERATED',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  exportedAt: new Date('2026-12-05T12:00:00Z'),
  brief: {
    productName: 'Aurora',
    description: 'A lamp that wakes you gently',
    features: ['sunrise simulation', 'quiet, "no-click" switch'],
    audience: 'light sleepers',
    tone: Tone.FRIENDLY,
    platforms: [Platform.LINKEDIN, Platform.EMAIL],
    keywords: ['sleep'],
    callToAction: 'Pre-order now',
    url: 'https://example.com/aurora',
    language: 'en',
  },
  outline: { headline: 'Wake up to light', keyMessages: ['Gentle mornings', 'No more alarms'], angle: 'wellbeing' },
  variants: [
    {
      id: 'v-1',
      platform: 'LINKEDIN',
      status: 'APPROVED',
      version: 3,
      title: null,
      body: 'Mornings, reinvented.\n\nMeet Aurora, the lamp that wakes you with light, "not noise", and commas, too.',
      hashtags: ['#sleep', '#wellbeing'],
      moderation: { verdict: 'ALLOW', findings: 0 },
      quality: 82,
      posts: [
        {
          id: 'p-1',
          scheduledAt: new Date('2027-03-23T09:00:00Z'),
          timeZone: 'Europe/Berlin',
          localTime: '2027-03-23 10:00',
          status: 'SCHEDULED',
          version: 3,
          held: false,
          publishedAt: null,
          externalUrl: null,
        },
        {
          id: 'p-2',
          scheduledAt: new Date('2027-03-30T07:00:00Z'),
          timeZone: 'Europe/Berlin',
          localTime: '2027-03-30 09:00',
          status: 'PUBLISHED',
          version: 3,
          held: false,
          publishedAt: new Date('2027-03-30T07:00:02Z'),
          externalUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:7',
        },
      ],
    },
    {
      id: 'v-2',
      platform: 'EMAIL',
      status: 'DRAFT',
      version: 1,
      title: '=HYPERLINK("http://evil.example","click")',
      body: '-2+3 <script>alert(1)</script>\r\n@SUM(A1:A9)',
      hashtags: [],
      moderation: { verdict: 'FLAG', findings: 2 },
      quality: null,
      posts: [],
    },
  ],
  ...overrides,
});

describe('CSV export', () => {
  it('parses back with a CSV parser: a header, one row per variant, quotes, commas and line breaks intact', () => {
    const file = renderExport(snapshot(), 'CSV');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.content).toContain('\r\n');
    const rows = parse(file.content, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      campaign_name: 'Spring launch: "Aurora" <beta>',
      variant_id: 'v-1',
      platform: 'LINKEDIN',
      status: 'APPROVED',
      version: '3',
      body: snapshot().variants[0]?.body,
      hashtags: '#sleep #wellbeing',
      moderation_verdict: 'ALLOW',
      moderation_findings: '0',
      quality_score: '82',
      scheduled_at:
        '2027-03-23T09:00:00.000Z Europe/Berlin SCHEDULED; 2027-03-30T07:00:00.000Z Europe/Berlin PUBLISHED',
      scheduled_local: '2027-03-23 10:00 Europe/Berlin; 2027-03-30 09:00 Europe/Berlin',
    });
  });

  it('neutralises formulas: cells starting with = + - @ tab or CR are text', () => {
    const rows = parse(renderExport(snapshot(), 'CSV').content, { columns: true }) as Record<string, string>[];
    expect(rows[1]?.title).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[1]?.body).toBe(`'-2+3 <script>alert(1)</script>\r\n@SUM(A1:A9)`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${start}1`)).toBe(`'${start}1`);
    expect(neutraliseFormula('plain, text')).toBe('plain, text');
    expect(neutraliseFormula('')).toBe('');
  });
});

describe('Markdown export', () => {
  it('renders as a readable deliverable: title, brief, outline, content per platform with its status', async () => {
    const file = renderExport(snapshot(), 'MARKDOWN');
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    const html = await marked.parse(file.content);
    expect(html).toContain('<h1>Spring launch: &quot;Aurora&quot; &lt;beta&gt;</h1>');
    expect(html).toContain('<h2>Brief</h2>');
    expect(html).toContain('<strong>Product:</strong> Aurora');
    expect(html).toContain('<h2>Outline</h2>');
    expect(html).toContain('<li>No more alarms</li>');
    expect(html).toContain('<h3>LinkedIn</h3>');
    expect(html).toContain('<h3>Email</h3>');
    expect(html).toMatch(/<td>APPROVED<\/td>\s*<td>3<\/td>\s*<td>ALLOW<\/td>\s*<td>82<\/td>/);
    expect(html).toContain('<blockquote>');
    expect(html).toContain('Mornings, reinvented.');
    expect(html).toContain('<code>#sleep</code>');
    // The schedule on the audience's wall clock, one post per line of the cell, with where it went.
    expect(html).toContain('2027-03-23 10:00 Europe/Berlin (scheduled, version 3)<br>2027-03-30 09:00 Europe/Berlin');
    expect(html).toContain('(published, version 3) <a href="https://www.linkedin.com/feed/update/urn:li:activity:7">');
  });

  it('shows user text, never runs it: HTML in names, bodies and titles is escaped', async () => {
    const html = await marked.parse(renderExport(snapshot(), 'MARKDOWN').content);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<beta>');
  });

  it('says when there is no content yet', async () => {
    const html = await marked.parse(renderExport(snapshot({ variants: [], outline: null }), 'MARKDOWN').content);
    expect(html).toContain('<em>No content yet.</em>');
    expect(html).not.toContain('<h2>Outline</h2>');
  });
});

describe('JSON export and file names', () => {
  it('is the snapshot as JSON, dates as ISO strings', () => {
    const file = renderExport(snapshot(), 'JSON');
    const parsed = JSON.parse(file.content);
    expect(parsed.variants).toHaveLength(2);
    expect(parsed.variants[0].posts[0].scheduledAt).toBe('2027-03-23T09:00:00.000Z');
    expect(parsed.brief.productName).toBe('Aurora');
  });

  it('names the file after the campaign, safely', () => {
    expect(exportFilename(snapshot(), 'CSV')).toBe('spring-launch-aurora-beta-01a246fb.csv');
    expect(exportFilename(snapshot({ name: '../../etc/passwd\u0000' }), 'MARKDOWN')).toBe('etcpasswd-01a246fb.md');
    expect(exportFilename(snapshot({ name: '日本語' }), 'JSON')).toBe('campaign-01a246fb.json');
    expect(formatOfExtension('md')).toBe('MARKDOWN');
    expect(formatOfExtension('xlsx')).toBeUndefined();
  });
});
