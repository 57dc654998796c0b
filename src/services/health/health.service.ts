import type { HealthState } from './health.types';
import type { HealthMonitor } from './health-monitor';

/** One check in the application/health+json style (IETF draft "Health Check Response Format for HTTP APIs"). */
export interface ReadinessCheck {
  status: 'pass' | 'warn' | 'fail';
  observedValue: number;
  observedUnit: 'ms';
  output?: string;
  time: string;
}

export interface Readiness {
  status: 'pass' | 'warn' | 'fail';
  serviceId: string;
  checks: Record<string, ReadinessCheck[]>;
}

const IETF: Record<HealthState, ReadinessCheck['status']> = { OK: 'pass', DEGRADED: 'warn', DOWN: 'fail' };

/**
 * Answers /readyz cheaply: the database and Redis pinged live (they decide readiness), the other checks from the
 * latest periodic report (they can only warn). A draining server is not ready.
 */
export class HealthService {
  private draining = false;

  constructor(private readonly monitor: HealthMonitor) {}

  markDraining(): void {
    this.draining = true;
  }

  /** The readiness body; `status` fail means 503. */
  async readiness(): Promise<Readiness> {
    const report = await this.monitor.report();
    const live = await this.monitor.runLive(['database', 'redis']);
    const time = new Date().toISOString();
    const checks: Record<string, ReadinessCheck[]> = {};
    let status: Readiness['status'] = 'pass';
    for (const result of report.checks) {
      const fresh = live.find((check) => check.name === result.name) ?? result;
      const critical = fresh.name === 'database' || fresh.name === 'redis';
      const state = IETF[fresh.status] === 'fail' && !critical ? 'warn' : IETF[fresh.status];
      checks[fresh.name] = [
        {
          status: state,
          observedValue: fresh.latencyMs,
          observedUnit: 'ms',
          ...(fresh.message ? { output: fresh.message } : {}),
          time,
        },
      ];
      if (state === 'fail') status = 'fail';
      else if (state === 'warn' && status === 'pass') status = 'warn';
    }
    if (this.draining) {
      checks.server = [{ status: 'fail', observedValue: 0, observedUnit: 'ms', output: 'shutting down', time }];
      status = 'fail';
    }
    return { status, serviceId: report.instance, checks };
  }
}
