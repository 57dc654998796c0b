/** A check's state: OK, DEGRADED (works, but an operator should look) or DOWN (does not work). */
export type HealthState = 'OK' | 'DEGRADED' | 'DOWN';

export interface HealthCheckResult {
  name: string;
  status: HealthState;
  latencyMs: number;
  message: string | null;
}

export interface HealthReportData {
  status: HealthState;
  /** The process that ran the checks (host:pid, or COPYDESK_INSTANCE_NAME). */
  instance: string;
  checks: HealthCheckResult[];
  checkedAt: string;
}

/** One check's status change, as `healthAlerts` and the `health.changed` event carry it. */
export interface HealthAlertData {
  check: string;
  from: HealthState;
  to: HealthState;
  message: string | null;
  instance: string;
  at: string;
}

/** A check: answers a status and message; the monitor measures latency and applies the timeout. */
export interface HealthCheck {
  name: string;
  /** A check that can only degrade never makes the whole report DOWN (its DOWN counts as DEGRADED overall). */
  degradeOnly: boolean;
  run(): Promise<{ status: HealthState; message: string | null }>;
}

const RANK: Record<HealthState, number> = { OK: 0, DEGRADED: 1, DOWN: 2 };

/** The worse of two states. */
export function worst(a: HealthState, b: HealthState): HealthState {
  return RANK[a] >= RANK[b] ? a : b;
}

/** OK under `degraded`, DEGRADED under `down`, else DOWN. */
export function byThreshold(value: number, degraded: number, down: number): HealthState {
  if (value >= down) return 'DOWN';
  return value >= degraded ? 'DEGRADED' : 'OK';
}
