import { Gauge, type Registry } from 'prom-client';
import type { HealthState } from './health.types';
import type { HealthMonitor } from './health-monitor';

const VALUE: Record<HealthState, number> = { OK: 0, DEGRADED: 1, DOWN: 2 };

/** copydesk_health_check_status{check}: 0 OK, 1 DEGRADED, 2 DOWN, from the latest periodic report (no check run). */
export function registerHealthGauge(registry: Registry, monitor: HealthMonitor): void {
  new Gauge({
    name: 'copydesk_health_check_status',
    help: 'Status of each health check in the latest report: 0 OK, 1 DEGRADED, 2 DOWN.',
    labelNames: ['check'],
    registers: [registry],
    collect() {
      for (const check of monitor.latestReport?.checks ?? []) this.set({ check: check.name }, VALUE[check.status]);
    },
  });
}
