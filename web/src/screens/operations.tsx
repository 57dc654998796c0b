import { type KeyboardEvent, useRef } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useCan } from '../session';
import { ApiKeysPanel } from './operations/api-keys';
import { HealthPanel, useHealthAlerts } from './operations/health';
import { WebhooksPanel } from './operations/webhooks';
import './operations.css';

const TABS = [
  { id: 'health', label: 'Health', admin: false },
  { id: 'webhooks', label: 'Webhooks', admin: true },
  { id: 'keys', label: 'API keys', admin: true },
] as const;

type TabId = (typeof TABS)[number]['id'];

/** /operations: health and live alerts (every role; alerts EDITOR and ADMIN), webhooks and API keys (ADMIN). */
export function OperationsScreen() {
  const can = useCan();
  const search = useSearch();
  const [, navigate] = useLocation();
  const tabs = TABS.filter((tab) => can.admin || !tab.admin);
  const asked = new URLSearchParams(search).get('tab');
  const active: TabId = tabs.find((tab) => tab.id === asked)?.id ?? 'health';
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // Collected here, not in the Health tab: an alert that arrives while another tab is open is not lost.
  const alerts = useHealthAlerts(can.alerts);
  const select = (id: TabId, focus = false) => {
    navigate(id === 'health' ? '/operations' : `/operations?tab=${id}`, { replace: true });
    if (focus) refs.current[id]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      select((e.key === 'Home' ? tabs[0] : tabs[tabs.length - 1])?.id ?? 'health', true);
    } else if (step) {
      e.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length]?.id ?? 'health', true);
    }
  };
  const downCount = alerts.alerts.length;
  const panel =
    active === 'webhooks' ? (
      <WebhooksPanel />
    ) : active === 'keys' ? (
      <ApiKeysPanel />
    ) : (
      <HealthPanel alerts={alerts.alerts} alertsEnabled={can.alerts} alertsError={alerts.error} />
    );

  return (
    <div className="ops">
      <div className="page-header">
        <h1>Operations</h1>
      </div>
      {tabs.length > 1 ? (
        <div className="tabs" role="tablist" aria-label="Operations sections" onKeyDown={onKeyDown}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              ref={(el) => {
                refs.current[tab.id] = el;
              }}
              type="button"
              role="tab"
              id={`ops-tab-${tab.id}`}
              className="tab"
              aria-selected={tab.id === active}
              aria-controls={`ops-panel-${tab.id}`}
              tabIndex={tab.id === active ? 0 : -1}
              onClick={() => select(tab.id)}
            >
              {tab.label}
              {tab.id === 'health' && downCount > 0 && active !== 'health' ? (
                <span className="badge badge-warn ops-tab-count">
                  {downCount} <span className="sr-only">alerts</span>
                </span>
              ) : null}
            </button>
          ))}
        </div>
      ) : (
        <p className="muted ops-role-note">Webhooks and API keys are managed with an ADMIN key.</p>
      )}
      {tabs.length > 1 ? (
        <div id={`ops-panel-${active}`} role="tabpanel" aria-labelledby={`ops-tab-${active}`}>
          {panel}
        </div>
      ) : (
        panel
      )}
    </div>
  );
}
