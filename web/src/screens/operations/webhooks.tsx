import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, fieldError } from '../../api/errors';
import { useMutation, useQuery } from '../../api/hooks';
import { FormError, TextField } from '../../components/form';
import { formatDateTime } from '../../components/labels';
import { Pager, usePager } from '../../components/pager';
import { Empty, ErrorNotice, QueryView } from '../../components/states';
import { graphql, type ResultOf } from '../../graphql';
import { deliveriesInFlight, deliveryWords, endpointWords, eventsWords, toggleEvent } from './logic';
import { ConfirmButton, SecretReveal } from './parts';

/** The public event names (API.md, src/services/webhooks/webhook-events.ts; a browser test keeps them equal). */
export const WEBHOOK_EVENT_NAMES = [
  'campaign.generated',
  'generation.failed',
  'content.flagged',
  'content.review_requested',
  'content.approved',
  'content.changes_requested',
  'content.rejected',
  'post.scheduled',
  'post.publish',
  'post.published',
  'post.failed',
  'experiment.decided',
  'usage.budget_warning',
  'usage.limit_reached',
  'health.changed',
  'webhook.test',
] as const;

const EndpointsQuery = graphql(
  `
    query OperationsWebhookEndpoints {
      webhookEndpoints {
        id
        url
        events
        active
        disabledReason
        previousSecretExpiresAt
        createdAt
      }
    }
  `,
);

const DeliveriesQuery = graphql(
  `
    query OperationsWebhookDeliveries($endpointId: ID, $first: Int!, $after: String) {
      webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            eventId
            event
            status
            attempts
            responseCode
            latencyMs
            lastError
            nextAttemptAt
            createdAt
            deliveredAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
);

const CreateEndpoint = graphql(`
  mutation OperationsCreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

const UpdateEndpoint = graphql(`
  mutation OperationsUpdateWebhook($id: ID!, $input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      id
      active
      disabledReason
    }
  }
`);

const DeleteEndpoint = graphql(`
  mutation OperationsDeleteWebhook($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const RotateSecret = graphql(`
  mutation OperationsRotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

const SendTest = graphql(`
  mutation OperationsSendTestWebhook($endpointId: ID!) {
    sendTestWebhook(endpointId: $endpointId) {
      id
    }
  }
`);

const Redeliver = graphql(`
  mutation OperationsRedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      id
      status
    }
  }
`);

type Endpoint = ResultOf<typeof EndpointsQuery>['webhookEndpoints'][number];
type Delivery = ResultOf<typeof DeliveriesQuery>['webhookDeliveries']['edges'][number]['node'];

const PAGE_SIZE = 10;
const POLL_MS = 2_000;

export function WebhooksPanel() {
  const endpoints = useQuery(EndpointsQuery);
  const [revealed, setRevealed] = useState<{ url: string; secret: string; rotated: boolean }>();
  return (
    <div className="ops-webhooks">
      {revealed ? (
        <SecretReveal
          title={revealed.rotated ? `New signing secret for ${revealed.url}` : `Signing secret for ${revealed.url}`}
          secret={revealed.secret}
          onClose={() => setRevealed(undefined)}
        >
          <p className="muted">
            Verify each delivery's <code>webhook-signature</code> with it (Standard Webhooks).
            {revealed.rotated ? ' The previous secret also signs during the grace period.' : ''}
          </p>
        </SecretReveal>
      ) : null}
      <CreateEndpointForm
        onCreated={(url, secret) => {
          setRevealed({ url, secret, rotated: false });
          endpoints.refetch();
        }}
      />
      <section aria-labelledby="ops-endpoints-title">
        <h2 id="ops-endpoints-title">Endpoints</h2>
        <QueryView state={endpoints} loadingLabel="Reading the endpoints…">
          {(data) =>
            data.webhookEndpoints.length === 0 ? (
              <Empty title="No webhook endpoint yet">
                <p>Add one above: Copydesk POSTs the events you choose to it, signed.</p>
              </Empty>
            ) : (
              <ul className="ops-endpoints">
                {data.webhookEndpoints.map((endpoint) => (
                  <EndpointCard
                    key={endpoint.id}
                    endpoint={endpoint}
                    onChanged={endpoints.refetch}
                    onRotated={(url, secret) => setRevealed({ url, secret, rotated: true })}
                  />
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
    </div>
  );
}

function CreateEndpointForm({ onCreated }: { onCreated(url: string, secret: string): void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [create, state] = useMutation(CreateEndpoint);
  const legendId = useId();
  const fields = state.error instanceof ApiError ? state.error.fields : [];
  const eventsError = fieldError(fields, 'events') ?? (state.error ? fieldsUnder(fields, 'events') : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const data = await create({ input: { url: url.trim(), events } });
    if (data) {
      onCreated(data.createWebhookEndpoint.endpoint.url, data.createWebhookEndpoint.secret);
      setUrl('');
      setEvents(['*']);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="ops-new-endpoint" noValidate>
      <h2 id="ops-new-endpoint">Add an endpoint</h2>
      <FormError error={state.error} shown={['url', 'events']} />
      <TextField
        label="URL"
        name="url"
        type="url"
        value={url}
        onChange={setUrl}
        error={state.error}
        required
        placeholder="https://example.com/copydesk-hook"
        hint="http or https, reachable from the Copydesk server."
      />
      <fieldset
        className={eventsError ? 'ops-events field-invalid' : 'ops-events'}
        aria-describedby={eventsError ? `${legendId}-error` : undefined}
      >
        <legend id={legendId}>Events</legend>
        <label className="ops-check">
          <input
            type="checkbox"
            checked={events.includes('*')}
            onChange={(e) => setEvents((s) => toggleEvent(s, '*', e.target.checked))}
          />
          <span>
            All events (<code>*</code>), including ones added later
          </span>
        </label>
        <div className="ops-event-grid">
          {WEBHOOK_EVENT_NAMES.map((name) => (
            <label key={name} className="ops-check">
              <input
                type="checkbox"
                name="events"
                value={name}
                checked={events.includes(name)}
                onChange={(e) => setEvents((s) => toggleEvent(s, name, e.target.checked))}
              />
              <code>{name}</code>
            </label>
          ))}
        </div>
        {eventsError ? (
          <p className="field-error" id={`${legendId}-error`}>
            {eventsError}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className="button button-primary" disabled={state.loading}>
        {state.loading ? 'Adding…' : 'Add endpoint'}
      </button>
    </form>
  );
}

/** A field error on one element of a list input (e.g. `input.events.2`), shown under the list. */
function fieldsUnder(fields: readonly { path: string; message: string }[], name: string): string | undefined {
  return fields.find((f) => new RegExp(`(^|\\.)${name}(\\.|\\[)`).test(f.path))?.message;
}

function EndpointCard({
  endpoint,
  onChanged,
  onRotated,
}: {
  endpoint: Endpoint;
  onChanged(): void;
  onRotated(url: string, secret: string): void;
}) {
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [deliveriesTick, setDeliveriesTick] = useState(0);
  const latest = useQuery(DeliveriesQuery, { endpointId: endpoint.id, first: 1 });
  const [update, updateState] = useMutation(UpdateEndpoint);
  const [remove, removeState] = useMutation(DeleteEndpoint);
  const [rotate, rotateState] = useMutation(RotateSecret);
  const [sendTest, testState] = useMutation(SendTest);
  const [notice, setNotice] = useState<string>();
  const latestDelivery = latest.data?.webhookDeliveries.edges[0]?.node;
  const words = endpointWords(endpoint, latestDelivery);
  const titleId = useId();
  const deliveriesId = useId();
  const error = updateState.error ?? removeState.error ?? rotateState.error ?? testState.error;
  const busy = updateState.loading || removeState.loading || rotateState.loading || testState.loading;

  return (
    <li className="card ops-endpoint" aria-labelledby={titleId}>
      <div className="ops-endpoint-header">
        <h3 id={titleId} className="ops-url">
          {endpoint.url}
        </h3>
        <span className={`badge badge-${words.tone}`}>{words.label}</span>
      </div>
      <p className="ops-meta">
        <span>
          <span className="muted">Events:</span> {eventsWords(endpoint.events)}
        </span>
        <span>
          <span className="muted">Added</span> {formatDateTime(endpoint.createdAt)}
        </span>
        {endpoint.previousSecretExpiresAt ? (
          <span>
            <span className="muted">Previous secret signs until</span>{' '}
            {formatDateTime(endpoint.previousSecretExpiresAt)}
          </span>
        ) : null}
      </p>
      {words.detail ? <p className="ops-detail">{words.detail}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {notice ? (
        <p role="status" className="ops-notice">
          {notice}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={async () => {
            const done = await sendTest({ endpointId: endpoint.id });
            if (done) {
              setNotice('Test event sent: it is listed under Deliveries.');
              setShowDeliveries(true);
              setDeliveriesTick((t) => t + 1);
              latest.refetch();
            }
          }}
        >
          Send test
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={async () => {
            const done = await update({ id: endpoint.id, input: { active: !endpoint.active } });
            if (done) {
              setNotice(endpoint.active ? 'Disabled: no event is sent to it.' : 'Enabled again.');
              onChanged();
            }
          }}
        >
          {endpoint.active ? 'Disable' : 'Enable'}
        </button>
        <ConfirmButton
          label="Rotate secret"
          question="A new secret; the old one keeps signing for the grace period."
          confirmLabel="Rotate"
          danger={false}
          disabled={busy}
          onConfirm={async () => {
            const done = await rotate({ id: endpoint.id });
            if (done) {
              onRotated(done.rotateWebhookSecret.endpoint.url, done.rotateWebhookSecret.secret);
              onChanged();
            }
          }}
        />
        <ConfirmButton
          label="Delete"
          question="Delete this endpoint and its deliveries?"
          confirmLabel="Yes, delete"
          disabled={busy}
          onConfirm={async () => {
            if (await remove({ id: endpoint.id })) onChanged();
          }}
        />
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={showDeliveries}
          aria-controls={deliveriesId}
          onClick={() => setShowDeliveries((s) => !s)}
        >
          {showDeliveries ? 'Hide deliveries' : 'Deliveries'}
        </button>
      </div>
      <div id={deliveriesId}>
        {showDeliveries ? (
          <Deliveries endpointId={endpoint.id} tick={deliveriesTick} onChanged={latest.refetch} />
        ) : null}
      </div>
    </li>
  );
}

function Deliveries({ endpointId, tick, onChanged }: { endpointId: string; tick: number; onChanged(): void }) {
  const pager = usePager();
  const state = useQuery(DeliveriesQuery, { endpointId, first: PAGE_SIZE, after: pager.after });
  const { refetch } = state;
  const [redeliver, redeliverState] = useMutation(Redeliver);
  const nodes: Delivery[] = state.data?.webhookDeliveries.edges.map((e) => e.node) ?? [];
  const inFlight = deliveriesInFlight(nodes);
  // A new tick (a test was just sent) asks again; the first answer is already on its way.
  const seenTick = useRef(tick);
  useEffect(() => {
    if (seenTick.current === tick) return;
    seenTick.current = tick;
    refetch();
  }, [tick, refetch]);
  // While something is queued the page changes by itself: ask again until it settles.
  useEffect(() => {
    if (!inFlight) return;
    const timer = window.setInterval(() => {
      refetch();
      onChanged();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [inFlight, refetch, onChanged]);

  return (
    <section className="ops-deliveries" aria-label="Deliveries">
      <div className="ops-section-header">
        <h4>Deliveries</h4>
        <button type="button" className="button button-quiet" onClick={refetch} disabled={state.loading}>
          Refresh
        </button>
      </div>
      {redeliverState.error ? <ErrorNotice error={redeliverState.error} /> : null}
      <QueryView state={state} loadingLabel="Reading the deliveries…">
        {(data) =>
          data.webhookDeliveries.edges.length === 0 ? (
            <Empty title="No delivery yet">
              <p>Send a test event, or wait for one of its events.</p>
            </Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="ops-delivery-table">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Response</th>
                      <th scope="col">Next retry</th>
                      <th scope="col">Created</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {nodes.map((d) => {
                      const words = deliveryWords(d);
                      return (
                        <tr key={d.id} data-delivery={d.id}>
                          <td>
                            <code>{d.event}</code>
                          </td>
                          <td>
                            <span className={`badge badge-${words.tone}`}>{words.label}</span>
                            <span className="ops-detail-small">{words.detail}</span>
                          </td>
                          <td data-label="attempts">{d.attempts}</td>
                          <td>
                            {d.responseCode ?? '—'}
                            {d.latencyMs !== null && d.latencyMs !== undefined ? (
                              <span className="muted"> · {Math.round(d.latencyMs)} ms</span>
                            ) : null}
                          </td>
                          <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
                          <td>{formatDateTime(d.createdAt)}</td>
                          <td>
                            <button
                              type="button"
                              className="button"
                              disabled={redeliverState.loading || d.status === 'PENDING'}
                              aria-label={`Redeliver ${d.event} of ${formatDateTime(d.createdAt)}`}
                              onClick={async () => {
                                if (await redeliver({ deliveryId: d.id })) refetch();
                              }}
                            >
                              Redeliver
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager
                pager={pager}
                hasNextPage={data.webhookDeliveries.pageInfo.hasNextPage}
                endCursor={data.webhookDeliveries.pageInfo.endCursor}
                label="Delivery pages"
              />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
