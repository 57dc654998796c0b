import { describe, expect, it } from 'vitest';
import {
  type AlertView,
  addAlert,
  currentChecks,
  currentStatus,
  deliveriesInFlight,
  deliveryWords,
  describeAlert,
  endpointWords,
  eventsWords,
  keyState,
  localInputToIso,
  pageOf,
  type ReportView,
  tiersUpTo,
  toggleEvent,
} from '../src/screens/operations/logic';

const report: ReportView = {
  status: 'OK',
  instance: 'api-1',
  checkedAt: '2025-03-01T10:00:00.000Z',
  checks: [
    { name: 'database', status: 'OK', latencyMs: 2, message: null },
    { name: 'redis', status: 'OK', latencyMs: 1, message: null },
  ],
};

const alert = (over: Partial<AlertView>): AlertView => ({
  check: 'database',
  from: 'OK',
  to: 'DOWN',
  message: 'connect ECONNREFUSED',
  instance: 'api-1',
  at: '2025-03-01T10:00:05.000Z',
  ...over,
});

describe('health alerts merged into the report', () => {
  it("applies an alert of the report's instance seen after the report to its check and the overall status", () => {
    const checks = currentChecks(report, [alert({})]);
    expect(checks[0]).toMatchObject({ name: 'database', status: 'DOWN', message: 'connect ECONNREFUSED' });
    expect(checks[0]?.changedAt).toBe('2025-03-01T10:00:05.000Z');
    expect(checks[1]).toMatchObject({ name: 'redis', status: 'OK' });
    expect(currentStatus(report, checks)).toBe('DOWN');
  });

  it('applies alerts in the order they happened, whatever order they arrived in', () => {
    const down = alert({});
    const up = alert({ from: 'DOWN', to: 'OK', message: null, at: '2025-03-01T10:00:09.000Z' });
    expect(currentChecks(report, [up, down])[0]?.status).toBe('OK');
    expect(currentChecks(report, [down, up])[0]?.status).toBe('OK');
  });

  it('ignores alerts older than the report and alerts of other instances', () => {
    const old = alert({ at: '2025-03-01T09:59:00.000Z' });
    const other = alert({ instance: 'api-2' });
    const checks = currentChecks(report, [old, other]);
    expect(checks.map((c) => c.status)).toEqual(['OK', 'OK']);
    expect(currentStatus(report, checks)).toBe('OK');
  });

  it('adds a check it did not know, without a time', () => {
    const checks = currentChecks(report, [alert({ check: 'queue', to: 'DEGRADED' })]);
    expect(checks[2]).toMatchObject({ name: 'queue', status: 'DEGRADED', latencyMs: null });
    expect(currentStatus(report, checks)).toBe('DEGRADED');
  });

  it('keeps the log newest first, without the same change twice, and bounded', () => {
    const first = alert({});
    const second = alert({ from: 'DOWN', to: 'OK', at: '2025-03-01T10:00:09.000Z' });
    let log = addAlert([], first);
    log = addAlert(log, second);
    log = addAlert(log, { ...first });
    expect(log).toEqual([second, first]);
    expect(addAlert(log, alert({ at: '2025-03-01T10:01:00.000Z' }), 2)).toHaveLength(2);
    expect(describeAlert(first)).toBe('database: OK → Down');
  });
});

describe('webhook deliveries and endpoints in words', () => {
  it('says where each delivery stands', () => {
    expect(deliveryWords({ status: 'SUCCEEDED', attempts: 1, responseCode: 204 })).toMatchObject({
      label: 'Delivered',
      tone: 'ok',
      detail: 'Delivered after 1 attempt.',
    });
    expect(deliveryWords({ status: 'PENDING', attempts: 0 })).toMatchObject({
      label: 'Sending',
      detail: 'Not attempted yet.',
    });
    expect(deliveryWords({ status: 'PENDING', attempts: 4 }).detail).toBe('Queued again after 4 attempts.');
    const failed = deliveryWords({ status: 'FAILED', attempts: 2, responseCode: 500, nextAttemptAt: null });
    expect(failed).toMatchObject({ label: 'Retrying', tone: 'warn' });
    expect(failed.detail).toBe('Failed (HTTP 500) after 2 attempts; next try soon.');
    const dead = deliveryWords({ status: 'DEAD', attempts: 4, lastError: 'timeout after 300 ms' });
    expect(dead).toMatchObject({ label: 'Gave up', tone: 'bad' });
    expect(dead.detail).toContain('(timeout after 300 ms): 4 attempts');
  });

  it('polls only while something is queued', () => {
    expect(deliveriesInFlight([{ status: 'SUCCEEDED', attempts: 1 }])).toBe(false);
    expect(
      deliveriesInFlight([
        { status: 'SUCCEEDED', attempts: 1 },
        { status: 'PENDING', attempts: 0 },
      ]),
    ).toBe(true);
  });

  it('tells enabled, disabled, disabled automatically and failing endpoints apart', () => {
    expect(endpointWords({ active: true })).toEqual({ label: 'Enabled', tone: 'ok' });
    expect(endpointWords({ active: false })).toEqual({ label: 'Disabled', tone: 'neutral' });
    expect(endpointWords({ active: false, disabledReason: 'The receiver answered 410' })).toMatchObject({
      label: 'Disabled automatically',
      detail: 'The receiver answered 410',
    });
    expect(endpointWords({ active: true }, { status: 'DEAD', attempts: 4 }).label).toBe('Failing');
    expect(endpointWords({ active: true }, { status: 'SUCCEEDED', attempts: 1 }).label).toBe('Enabled');
  });

  it('treats "*" as every event, exclusive of names', () => {
    expect(toggleEvent(['*'], 'post.failed', true)).toEqual(['post.failed']);
    expect(toggleEvent(['post.failed', 'webhook.test'], '*', true)).toEqual(['*']);
    expect(toggleEvent(['post.failed', 'webhook.test'], 'post.failed', false)).toEqual(['webhook.test']);
    expect(toggleEvent(['*'], '*', false)).toEqual([]);
    expect(eventsWords(['*'])).toBe('All events');
    expect(eventsWords(['post.failed', 'webhook.test'])).toBe('post.failed, webhook.test');
  });
});

describe('API keys', () => {
  const now = Date.parse('2025-03-01T10:00:00.000Z');
  it('says whether a key is active, expiring, expired or revoked', () => {
    expect(keyState({ role: 'ADMIN' }, now)).toEqual({ label: 'Active', tone: 'ok', usable: true });
    expect(keyState({ role: 'ADMIN', revokedAt: '2025-02-01T00:00:00.000Z' }, now)).toMatchObject({
      label: 'Revoked',
      usable: false,
    });
    expect(keyState({ role: 'ADMIN', expiresAt: '2025-02-28T00:00:00.000Z' }, now)).toMatchObject({
      label: 'Expired',
      usable: false,
    });
    expect(keyState({ role: 'ADMIN', expiresAt: '2025-03-02T10:00:00.000Z' }, now)).toMatchObject({
      label: 'Expires soon',
      tone: 'warn',
      usable: true,
    });
    expect(keyState({ role: 'ADMIN', expiresAt: '2026-03-02T10:00:00.000Z' }, now)).toMatchObject({
      label: 'Active',
      usable: true,
    });
  });

  it('offers the tiers up to the signed-in key’s own', () => {
    expect(tiersUpTo('STANDARD')).toEqual(['STANDARD']);
    expect(tiersUpTo('HIGH')).toEqual(['STANDARD', 'HIGH']);
    expect(tiersUpTo('UNLIMITED')).toEqual(['STANDARD', 'HIGH', 'UNLIMITED']);
    expect(tiersUpTo(undefined)).toEqual(['STANDARD']);
  });

  it('reads a datetime-local value as an instant, empty as none', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('nonsense')).toBeUndefined();
    expect(localInputToIso('2030-01-02T03:04')).toBe(new Date(2030, 0, 2, 3, 4).toISOString());
  });

  it('pages a whole list', () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(items, 1, 20)).toMatchObject({ page: 1, pages: 3 });
    expect(pageOf(items, 3, 20).items).toEqual([40, 41, 42, 43, 44]);
    expect(pageOf(items, 9, 20).page).toBe(3);
    expect(pageOf([], 1, 20)).toEqual({ items: [], page: 1, pages: 1 });
  });
});
