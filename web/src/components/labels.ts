/** Names for people of the API's enum values. */
export const PLATFORM_LABELS: Record<string, string> = {
  LINKEDIN: 'LinkedIn',
  TWITTER: 'X',
  FACEBOOK: 'Facebook',
  INSTAGRAM: 'Instagram',
  BLOG: 'Blog',
  EMAIL: 'Email',
};

export const PLATFORMS = ['LINKEDIN', 'TWITTER', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'EMAIL'] as const;

/** SCREAMING_CASE as words: IN_REVIEW → "In review". */
export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? humanize(platform);
}

/** A status as a small coloured badge class: ok, warn, bad or neutral. */
export function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (['APPROVED', 'PUBLISHED', 'READY', 'PASS', 'OK', 'SUCCEEDED', 'DELIVERED', 'SCHEDULED'].includes(status))
    return 'ok';
  if (
    [
      'FLAGGED',
      'FLAG',
      'CHANGES_REQUESTED',
      'IN_REVIEW',
      'PENDING',
      'DEGRADED',
      'GENERATING',
      'RUNNING',
      'QUEUED',
      'WARNING',
      'PUBLISHING',
      'RETRYING',
    ].includes(status)
  )
    return 'warn';
  if (['REJECTED', 'BLOCK', 'FAILED', 'DOWN', 'ERROR', 'CANCELLED'].includes(status)) return 'bad';
  return 'neutral';
}

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );
}

export function formatUsd(value: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(
    value,
  );
}
