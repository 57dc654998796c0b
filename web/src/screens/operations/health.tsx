import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../api/errors';
import { useQuery, useSubscription } from '../../api/hooks';
import { formatDateTime, formatNumber } from '../../components/labels';
import { ErrorNotice, Loading } from '../../components/states';
import { graphql } from '../../graphql';
import {
  type AlertView,
  addAlert,
  currentChecks,
  currentStatus,
  describeAlert,
  formatInstant,
  HEALTH_WORDS,
  type HealthStatus,
  healthTone,
} from './logic';

export const HealthQuery = graphql(`
  query OperationsHealth {
    health {
      status
      instance
      checkedAt
      checks {
        name
        status
        latencyMs
        message
      }
    }
  }
`);

const HealthAlertsSubscription = graphql(`
  subscription OperationsHealthAlerts {
    healthAlerts {
      check
      from
      to
      message
      instance
      at
    }
  }
`);

/** How often the report is asked again by itself; alerts arrive live in between. */
const REFRESH_MS = 30_000;

/**
 * The live alerts of every instance, collected for the whole screen (so none is missed while another tab is open).
 * Not subscribed for a VIEWER: the API refuses it healthAlerts.
 */
export function useHealthAlerts(enabled: boolean): { alerts: AlertView[]; error: ApiError | undefined } {
  const [alerts, setAlerts] = useState<AlertView[]>([]);
  const onData = useCallback(
    (data: { healthAlerts: AlertView }) => setAlerts((log) => addAlert(log, data.healthAlerts)),
    [],
  );
  const { error } = useSubscription(HealthAlertsSubscription, {}, onData, { skip: !enabled });
  return { alerts, error };
}

function StatusWord({ status }: { status: HealthStatus }) {
  return <span className={`badge badge-${healthTone(status)}`}>{HEALTH_WORDS[status]}</span>;
}

export function HealthPanel({
  alerts,
  alertsEnabled,
  alertsError,
}: {
  alerts: AlertView[];
  alertsEnabled: boolean;
  alertsError: ApiError | undefined;
}) {
  const state = useQuery(HealthQuery);
  const { refetch } = state;
  useEffect(() => {
    const timer = window.setInterval(refetch, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);
  const report = state.data?.health;
  const checks = report ? currentChecks(report, alerts) : [];
  const status = report ? currentStatus(report, checks) : undefined;

  return (
    <div className="ops-health">
      <section className="card" aria-labelledby="ops-health-title">
        <div className="ops-section-header">
          <h2 id="ops-health-title">Health</h2>
          {report && status ? (
            <p className="ops-overall" aria-live="polite">
              <span className="sr-only">Overall: </span>
              <StatusWord status={status} />
              <span className="muted">
                {report.instance} · checked {formatDateTime(report.checkedAt)}
              </span>
            </p>
          ) : null}
          <button type="button" className="button" onClick={refetch} disabled={state.loading}>
            {state.loading && report ? 'Checking…' : 'Check now'}
          </button>
        </div>
        {!report && state.error ? <ErrorNotice error={state.error} retry={refetch} /> : null}
        {!report && !state.error ? <Loading label="Reading the health report…" /> : null}
        {report && state.error ? <ErrorNotice error={state.error} retry={refetch} /> : null}
        {report ? (
          <div className="table-wrap">
            <table className="ops-checks">
              <caption className="sr-only">Health checks of {report.instance}</caption>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Status</th>
                  <th scope="col">Time</th>
                  <th scope="col">What it saw</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((check) => (
                  <tr key={check.name} data-check={check.name}>
                    <th scope="row">{check.name}</th>
                    <td>
                      <StatusWord status={check.status} />
                      {check.changedAt ? <span className="muted ops-live-note"> updated live</span> : null}
                    </td>
                    <td>{check.latencyMs === null ? '—' : `${formatNumber(check.latencyMs, 1)} ms`}</td>
                    <td className="ops-message">{check.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="ops-alerts-title">
        <h2 id="ops-alerts-title">Live alerts</h2>
        {alertsEnabled ? (
          <>
            <p className="muted">
              Every check status change of every instance appears here as it happens (the same change may come from two
              instances).
            </p>
            {alertsError ? <ErrorNotice error={alertsError} /> : null}
            <div role="log" aria-live="polite" aria-label="Health alerts">
              <ol className="ops-alerts">
                {alerts.map((alert) => (
                  <li key={`${alert.instance}:${alert.check}:${alert.at}:${alert.to}`} className="ops-alert">
                    <StatusWord status={alert.to} />
                    <span className="ops-alert-text">
                      <strong>{describeAlert(alert)}</strong>
                      {alert.message ? <span className="ops-message"> — {alert.message}</span> : null}
                    </span>
                    <span className="muted">
                      {alert.instance} · <time dateTime={alert.at}>{formatInstant(alert.at)}</time>
                    </span>
                  </li>
                ))}
              </ol>
            </div>
            {alerts.length === 0 ? <p className="muted">No change since this page opened.</p> : null}
          </>
        ) : (
          <p className="muted">Live alerts are for EDITOR and ADMIN keys; this VIEWER key sees the report above.</p>
        )}
      </section>
    </div>
  );
}
