import { stringify } from 'csv-stringify/sync';
import type { BriefData, OutlineData } from '../../entities';

/**
 * A campaign as a file to hand over: Markdown a client reads, CSV a spreadsheet opens, JSON a program reads. The
 * renderers take a plain snapshot (what the workflow knows about each variant's current version), so they are pure
 * and the same for the GraphQL `exportCampaign` and the `GET /export/campaigns/<id>.<ext>` route.
 */
/** One post of a variant on the schedule (cancelled ones are left out). */
export interface ExportedPost {
  id: string;
  scheduledAt: Date;
  /** The audience's IANA zone the time was chosen in. */
  timeZone: string;
  /** `scheduledAt` on that zone's wall clock, `yyyy-MM-dd HH:mm`. */
  localTime: string;
  status: string;
  /** The number of the exact version the post publishes. */
  version: number;
  /** Waiting for a newer version to be approved. */
  held: boolean;
  publishedAt: Date | null;
  externalUrl: string | null;
}

export interface ExportedVariant {
  id: string;
  platform: string;
  status: string;
  /** The current version's number (1 for a variant never edited). */
  version: number;
  title: string | null;
  body: string;
  hashtags: string[];
  moderation: { verdict: string; findings: number } | null;
  quality: number | null;
  posts: ExportedPost[];
}

export interface CampaignSnapshot {
  id: string;
  name: string;
  status: string;
  createdAt: Date;
  brief: BriefData;
  outline: OutlineData | null;
  variants: ExportedVariant[];
  exportedAt: Date;
}

export type ExportFormat = 'MARKDOWN' | 'CSV' | 'JSON';

export interface ExportFile {
  filename: string;
  contentType: string;
  content: string;
}

const EXTENSIONS: Record<ExportFormat, { ext: string; contentType: string }> = {
  MARKDOWN: { ext: 'md', contentType: 'text/markdown; charset=utf-8' },
  CSV: { ext: 'csv', contentType: 'text/csv; charset=utf-8' },
  JSON: { ext: 'json', contentType: 'application/json; charset=utf-8' },
};

/** The format a route's extension names (`md`, `csv`, `json`), or undefined. */
export function formatOfExtension(ext: string): ExportFormat | undefined {
  return (Object.keys(EXTENSIONS) as ExportFormat[]).find((format) => EXTENSIONS[format].ext === ext);
}

/** A file name from the campaign's name: ASCII letters, digits and dashes, never empty. */
export function exportFilename(snapshot: CampaignSnapshot, format: ExportFormat): string {
  const slug = snapshot.name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .toLowerCase()
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'campaign'}-${snapshot.id.slice(0, 8)}.${EXTENSIONS[format].ext}`;
}

export function renderExport(snapshot: CampaignSnapshot, format: ExportFormat): ExportFile {
  const content = format === 'CSV' ? toCsv(snapshot) : format === 'JSON' ? toJson(snapshot) : toMarkdown(snapshot);
  return { filename: exportFilename(snapshot, format), contentType: EXTENSIONS[format].contentType, content };
}

// ---------------------------------------------------------------------------------------------------------------- JSON

function toJson(snapshot: CampaignSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

// ----------------------------------------------------------------------------------------------------------------- CSV

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is run as a formula by Excel, LibreOffice and Google Sheets. Such cells get a leading apostrophe, which
 * spreadsheets show as text and do not evaluate. Quoting (RFC 4180) is csv-stringify's.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export const CSV_COLUMNS = [
  'campaign_id',
  'campaign_name',
  'variant_id',
  'platform',
  'status',
  'version',
  'title',
  'body',
  'hashtags',
  'moderation_verdict',
  'moderation_findings',
  'quality_score',
  'scheduled_at',
  'scheduled_local',
] as const;

function toCsv(snapshot: CampaignSnapshot): string {
  const rows = snapshot.variants.map((variant) => [
    snapshot.id,
    snapshot.name,
    variant.id,
    variant.platform,
    variant.status,
    variant.version,
    variant.title ?? '',
    variant.body,
    variant.hashtags.join(' '),
    variant.moderation?.verdict ?? '',
    variant.moderation?.findings ?? '',
    variant.quality ?? '',
    variant.posts.map((post) => `${post.scheduledAt.toISOString()} ${post.timeZone} ${post.status}`).join('; '),
    variant.posts.map((post) => `${post.localTime} ${post.timeZone}`).join('; '),
  ]);
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows', // RFC 4180: CRLF
    cast: { string: neutraliseFormula, number: (value) => String(value) },
  });
}

// ------------------------------------------------------------------------------------------------------------ Markdown

/** User text in Markdown: HTML is shown, not run (a client's viewer may render it). */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** One line of text for a heading or a table cell: no newlines, no pipes breaking the table. */
function inline(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim()).replaceAll('|', '\\|');
}

const PLATFORM_NAMES: Record<string, string> = {
  LINKEDIN: 'LinkedIn',
  TWITTER: 'X (Twitter)',
  FACEBOOK: 'Facebook',
  INSTAGRAM: 'Instagram',
  BLOG: 'Blog',
  EMAIL: 'Email',
};

/** A post for a client: the audience's wall clock and zone, where it stands, and where it went once published. */
function describePost(post: ExportedPost): string {
  const status = post.held ? `${post.status}, waiting for approval of a new version` : post.status;
  const where = post.externalUrl ? ` ${post.externalUrl}` : '';
  return `${post.localTime} ${post.timeZone} (${status.toLowerCase()}, version ${post.version})${where}`;
}

function toMarkdown(snapshot: CampaignSnapshot): string {
  const { brief, outline } = snapshot;
  const out: string[] = [];
  out.push(`# ${inline(snapshot.name)}`, '');
  out.push(`Campaign ${snapshot.id} · ${snapshot.status} · exported ${snapshot.exportedAt.toISOString()}`, '');
  out.push('## Brief', '');
  out.push(`- **Product:** ${inline(brief.productName)}`);
  if (brief.description) out.push(`- **Description:** ${inline(brief.description)}`);
  if (brief.audience) out.push(`- **Audience:** ${inline(brief.audience)}`);
  out.push(`- **Tone:** ${brief.tone}`);
  out.push(`- **Platforms:** ${brief.platforms.map((p) => PLATFORM_NAMES[p] ?? p).join(', ')}`);
  if (brief.features.length > 0) out.push(`- **Features:** ${brief.features.map(inline).join('; ')}`);
  if (brief.keywords.length > 0) out.push(`- **Keywords:** ${brief.keywords.map(inline).join(', ')}`);
  if (brief.callToAction) out.push(`- **Call to action:** ${inline(brief.callToAction)}`);
  if (brief.url) out.push(`- **URL:** <${encodeURI(brief.url)}>`);
  out.push(`- **Language:** ${brief.language}`, '');
  if (outline) {
    out.push('## Outline', '', `**${inline(outline.headline)}**`, '');
    if (outline.angle) out.push(`Angle: ${inline(outline.angle)}`, '');
    for (const message of outline.keyMessages) out.push(`- ${inline(message)}`);
    out.push('');
  }
  out.push('## Content', '');
  if (snapshot.variants.length === 0) out.push('_No content yet._', '');
  const platforms = [...new Set(snapshot.variants.map((variant) => variant.platform))];
  for (const platform of platforms) {
    out.push(`### ${PLATFORM_NAMES[platform] ?? platform}`, '');
    snapshot.variants
      .filter((variant) => variant.platform === platform)
      .forEach((variant, index) => {
        out.push(`#### Variant ${index + 1}${variant.title ? `: ${inline(variant.title)}` : ''}`, '');
        out.push('| Status | Version | Moderation | Quality | Scheduled |', '|---|---|---|---|---|');
        const moderation = variant.moderation
          ? `${variant.moderation.verdict}${variant.moderation.findings > 0 ? ` (${variant.moderation.findings} findings)` : ''}`
          : '—';
        const scheduled = variant.posts.map(describePost).join('<br>') || '—';
        out.push(
          `| ${variant.status} | ${variant.version} | ${moderation} | ${variant.quality ?? '—'} | ${inline(scheduled).replaceAll('&lt;br&gt;', '<br>')} |`,
          '',
        );
        // The copy itself as a quote: its own line breaks kept, HTML escaped.
        for (const line of variant.body.split(/\r?\n/)) out.push(line.trim() ? `> ${escapeHtml(line)}` : '>');
        out.push('');
        if (variant.hashtags.length > 0)
          out.push(variant.hashtags.map((tag) => `\`${tag.replaceAll('`', '')}\``).join(' '), '');
      });
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
