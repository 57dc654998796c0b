/** The Operations screen's decisions, as plain functions (unit-tested in web/test/operations.test.ts). */
import { formatDateTime } from '../../components/labels';

export type HealthStatus = 'OK' | 'DEGRADED' | 'DOWN';
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface CheckView {
  name: string;
  status: HealthStatus;
  /** Null when the check is known only from an alert (no timing). */
  latencyMs: number | null;
  message: string | null | undefined;
  /** When an alert changed it after the report: the alert's time. */
  changedAt?: string;
}

export interface AlertView {
  check: string;
  from: HealthStatus;
  to: HealthStatus;
  message?: string | null;
  instance: string;
  at: string;
}

export interface ReportView {
  status: HealthStatus;
  instance: string;
  checkedAt: string;
  checks: readonly CheckView[];
}

const RANK: Record<HealthStatus, number> = { OK: 0, DEGRADED: 1, DOWN: 2 };

export const HEALTH_WORDS: Record<HealthStatus, string> = { OK: 'OK', DEGRADED: 'Degraded', DOWN: 'Down' };

export function healthTone(status: HealthStatus): Tone {
  return status === 'OK' ? 'ok' : status === 'DEGRADED' ? 'warn' : 'bad';
}

/** The worst of the statuses (OK when there are none). */
export function worstStatus(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'OK');
}

/**
 * The checks of a report as they are now: every alert of the report's instance seen after the report replaces that
 * check's status and message, in the order they happened (a newer report supersedes older alerts). Alerts of other
 * instances change nothing here: the report is one instance's.
 */
export function currentChecks(report: ReportView, alerts: readonly AlertView[]): CheckView[] {
  const checks = report.checks.map((check) => ({ ...check }));
  const since = Date.parse(report.checkedAt);
  const relevant = alerts
    .filter((a) => a.instance === report.instance && Date.parse(a.at) > since)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const alert of relevant) {
    const check = checks.find((c) => c.name === alert.check);
    if (check) {
      check.status = alert.to;
      check.message = alert.message;
      check.changedAt = alert.at;
    } else {
      checks.push({
        name: alert.check,
        status: alert.to,
        latencyMs: null,
        message: alert.message,
        changedAt: alert.at,
      });
    }
  }
  return checks;
}

/** The report's overall status once alerts are applied (the report's own when nothing changed since). */
export function currentStatus(report: ReportView, checks: readonly CheckView[]): HealthStatus {
  return checks.some((c) => c.changedAt) ? worstStatus(checks.map((c) => c.status)) : report.status;
}

/** Adds an alert to the log, newest first, without duplicates (the same change can arrive twice), at most `max`. */
export function addAlert(log: readonly AlertView[], alert: AlertView, max = 100): AlertView[] {
  const same = (a: AlertView) =>
    a.check === alert.check &&
    a.from === alert.from &&
    a.to === alert.to &&
    a.instance === alert.instance &&
    a.at === alert.at;
  if (log.some(same)) return [...log];
  return [alert, ...log].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, max);
}

/** A moment to the second (alerts come seconds apart). */
export function formatInstant(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(
    new Date(iso),
  );
}

/** "database: OK → Down" */
export function describeAlert(alert: AlertView): string {
  return `${alert.check}: ${HEALTH_WORDS[alert.from]} → ${HEALTH_WORDS[alert.to]}`;
}

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'DEAD';

export interface DeliveryView {
  status: DeliveryStatus;
  attempts: number;
  responseCode?: number | null;
  lastError?: string | null;
  nextAttemptAt?: string | null;
  deliveredAt?: string | null;
}

/** A delivery's state in words: a short label for the badge, a tone and a sentence with the detail. */
export function deliveryWords(d: DeliveryView, timeZone?: string): { label: string; tone: Tone; detail: string } {
  const attempts = d.attempts === 1 ? '1 attempt' : `${d.attempts} attempts`;
  const why = d.lastError ?? (d.responseCode ? `HTTP ${d.responseCode}` : undefined);
  switch (d.status) {
    case 'SUCCEEDED':
      return {
        label: 'Delivered',
        tone: 'ok',
        detail: `Delivered${d.deliveredAt ? ` ${formatDateTime(d.deliveredAt, timeZone)}` : ''} after ${attempts}.`,
      };
    case 'PENDING':
      return {
        label: 'Sending',
        tone: 'warn',
        detail: d.attempts === 0 ? 'Not attempted yet.' : `Queued again after ${attempts}.`,
      };
    case 'FAILED':
      return {
        label: 'Retrying',
        tone: 'warn',
        detail: `Failed${why ? ` (${why})` : ''} after ${attempts}; next try ${
          d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, timeZone) : 'soon'
        }.`,
      };
    case 'DEAD':
      return {
        label: 'Gave up',
        tone: 'bad',
        detail: `Every attempt failed${why ? ` (${why})` : ''}: ${attempts}. Redeliver sends it again.`,
      };
  }
}

/** Whether a page of deliveries will change by itself soon (something is queued): the screen polls while it is. */
export function deliveriesInFlight(deliveries: readonly DeliveryView[]): boolean {
  return deliveries.some((d) => d.status === 'PENDING');
}

export interface EndpointView {
  active: boolean;
  disabledReason?: string | null;
}

/** An endpoint's state: enabled, disabled by an ADMIN, or disabled automatically (with why), or failing lately. */
export function endpointWords(
  endpoint: EndpointView,
  latest?: DeliveryView | null,
): { label: string; tone: Tone; detail?: string } {
  if (!endpoint.active) {
    return endpoint.disabledReason
      ? { label: 'Disabled automatically', tone: 'bad', detail: endpoint.disabledReason }
      : { label: 'Disabled', tone: 'neutral' };
  }
  if (latest && (latest.status === 'FAILED' || latest.status === 'DEAD')) {
    return { label: 'Failing', tone: 'bad', detail: deliveryWords(latest).detail };
  }
  return { label: 'Enabled', tone: 'ok' };
}

/** The event checkboxes: "*" alone means every event; choosing "*" clears the rest, choosing a name clears "*". */
export function toggleEvent(selected: readonly string[], name: string, on: boolean): string[] {
  if (name === '*') return on ? ['*'] : [];
  const rest = selected.filter((e) => e !== '*' && e !== name);
  return on ? [...rest, name] : rest;
}

/** The events an endpoint receives, in words. */
export function eventsWords(events: readonly string[]): string {
  if (events.includes('*')) return 'All events';
  return events.join(', ');
}

export interface KeyView {
  role: string;
  expiresAt?: string | null;
  revokedAt?: string | null;
}

/** A key's state at `now`: revoked, expired, expiring (a rotated key in its grace period, or an expiry), active. */
export function keyState(
  key: KeyView,
  now: number,
  timeZone?: string,
): { label: string; tone: Tone; usable: boolean; detail?: string } {
  if (key.revokedAt)
    return { label: 'Revoked', tone: 'neutral', usable: false, detail: formatDateTime(key.revokedAt, timeZone) };
  if (key.expiresAt) {
    const at = Date.parse(key.expiresAt);
    if (at <= now)
      return { label: 'Expired', tone: 'neutral', usable: false, detail: formatDateTime(key.expiresAt, timeZone) };
    const soon = at - now < 7 * 24 * 3600 * 1000;
    return {
      label: soon ? 'Expires soon' : 'Active',
      tone: soon ? 'warn' : 'ok',
      usable: true,
      detail: `Expires ${formatDateTime(key.expiresAt, timeZone)}`,
    };
  }
  return { label: 'Active', tone: 'ok', usable: true };
}

export const TIERS = ['STANDARD', 'HIGH', 'UNLIMITED'] as const;

/** The rate-limit tiers a key may give a new key: its own and the ones below it. */
export function tiersUpTo(tier: string | undefined): string[] {
  const index = TIERS.indexOf((tier ?? 'STANDARD') as (typeof TIERS)[number]);
  return TIERS.slice(0, index < 0 ? 1 : index + 1);
}

/**
 * The value of a `datetime-local` input (local wall time, no zone) as an ISO instant for the API; undefined when
 * empty or not a time.
 */
export function localInputToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** One page of a list the API returns whole (1-based page, clamped). */
export function pageOf<T>(
  items: readonly T[],
  page: number,
  size: number,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  return { items: items.slice((current - 1) * size, current * size), page: current, pages };
}
