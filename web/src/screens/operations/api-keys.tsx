import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { FormError, SelectField, TextField } from '../../components/form';
import { formatDateTime, humanize } from '../../components/labels';
import { Empty, ErrorNotice, QueryView } from '../../components/states';
import { graphql, type ResultOf } from '../../graphql';
import { useSession } from '../../session';
import { keyState, localInputToIso, pageOf, tiersUpTo } from './logic';
import { ConfirmButton, SecretReveal } from './parts';

const KeysQuery = graphql(
  `
    query OperationsApiKeys {
      apiKeys {
        id
        name
        prefix
        role
        rateLimitTier
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
      }
    }
  `,
);

const CreateKey = graphql(`
  mutation OperationsCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
        name
        role
      }
    }
  }
`);

const RotateKey = graphql(`
  mutation OperationsRotateApiKey($id: ID!) {
    rotateApiKey(id: $id) {
      secret
      apiKey {
        id
        name
        role
      }
    }
  }
`);

const RevokeKey = graphql(`
  mutation OperationsRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

type Key = ResultOf<typeof KeysQuery>['apiKeys'][number];

const ROLES = [
  { value: 'VIEWER', label: 'Viewer — reads' },
  { value: 'EDITOR', label: 'Editor — also writes content' },
  { value: 'ADMIN', label: 'Admin — also keys, limits, webhooks' },
] as const;

const TIER_WORDS: Record<string, string> = {
  STANDARD: 'Standard',
  HIGH: 'High (×10 budgets)',
  UNLIMITED: 'Unlimited',
};

const PAGE_SIZE = 20;

export function ApiKeysPanel() {
  const keys = useQuery(KeysQuery);
  const { viewer } = useSession();
  const [revealed, setRevealed] = useState<{ name: string; secret: string; rotatedOwn: boolean }>();
  const [showInactive, setShowInactive] = useState(false);
  const [page, setPage] = useState(1);
  const now = Date.now();
  const all: Key[] = keys.data?.apiKeys ?? [];
  const own = all.find((k) => k.id === viewer?.apiKeyId);

  return (
    <div className="ops-keys">
      {revealed ? (
        <SecretReveal
          title={`Secret of the key “${revealed.name}”`}
          secret={revealed.secret}
          onClose={() => setRevealed(undefined)}
        >
          <p className="muted">
            Send it as <code>Authorization: Bearer …</code>.
          </p>
          {revealed.rotatedOwn ? <UseNewKey secret={revealed.secret} /> : null}
        </SecretReveal>
      ) : null}
      <CreateKeyForm
        ownTier={own?.rateLimitTier}
        onCreated={(name, secret) => {
          setRevealed({ name, secret, rotatedOwn: false });
          keys.refetch();
        }}
      />
      <section aria-labelledby="ops-keys-title">
        <div className="ops-section-header">
          <h2 id="ops-keys-title">API keys</h2>
          <label className="ops-check">
            <input
              type="checkbox"
              checked={showInactive}
              onChange={(e) => {
                setShowInactive(e.target.checked);
                setPage(1);
              }}
            />
            Show revoked and expired keys
          </label>
        </div>
        <QueryView state={keys} loadingLabel="Reading the keys…">
          {() => {
            const shown = all.filter((k) => showInactive || keyState(k, now).usable);
            if (shown.length === 0) return <Empty title="No key to show" />;
            const current = pageOf(shown, page, PAGE_SIZE);
            return (
              <>
                <div className="table-wrap">
                  <table className="ops-key-table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Role</th>
                        <th scope="col">Created</th>
                        <th scope="col">Last used</th>
                        <th scope="col">State</th>
                        <th scope="col">
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {current.items.map((key) => (
                        <KeyRow
                          key={key.id}
                          apiKey={key}
                          now={now}
                          own={key.id === viewer?.apiKeyId}
                          onChanged={keys.refetch}
                          onRotated={(secret) => {
                            setRevealed({ name: key.name, secret, rotatedOwn: key.id === viewer?.apiKeyId });
                            keys.refetch();
                          }}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
                {current.pages > 1 ? (
                  <nav className="pager" aria-label="Key pages">
                    <button
                      type="button"
                      className="button"
                      disabled={current.page <= 1}
                      onClick={() => setPage(current.page - 1)}
                    >
                      ← Previous
                    </button>
                    <span>
                      Page {current.page} of {current.pages}
                    </span>
                    <button
                      type="button"
                      className="button"
                      disabled={current.page >= current.pages}
                      onClick={() => setPage(current.page + 1)}
                    >
                      Next →
                    </button>
                  </nav>
                ) : null}
              </>
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}

/** After rotating the signed-in key: switch this tab to the new secret before the old one expires. */
function UseNewKey({ secret }: { secret: string }) {
  const { signIn } = useSession();
  const [state, setState] = useState<'idle' | 'done' | unknown>('idle');
  if (state === 'done') return <p role="status">This tab now uses the new key.</p>;
  return (
    <>
      {state !== 'idle' ? <ErrorNotice error={state} /> : null}
      <p>
        This is the key this tab is signed in with; the old secret stops working after the grace period.{' '}
        <button
          type="button"
          className="button"
          onClick={async () => {
            try {
              await signIn(secret);
              setState('done');
            } catch (error) {
              setState(error);
            }
          }}
        >
          Use the new key in this tab
        </button>
      </p>
    </>
  );
}

function KeyRow({
  apiKey,
  now,
  own,
  onChanged,
  onRotated,
}: {
  apiKey: Key;
  now: number;
  own: boolean;
  onChanged(): void;
  onRotated(secret: string): void;
}) {
  const { signOut } = useSession();
  const [rotate, rotateState] = useMutation(RotateKey);
  const [revoke, revokeState] = useMutation(RevokeKey);
  const state = keyState(apiKey, now);
  const error = rotateState.error ?? revokeState.error;
  const busy = rotateState.loading || revokeState.loading;
  return (
    <tr data-key={apiKey.id}>
      <th scope="row">
        {apiKey.name}
        {own ? <span className="badge badge-neutral ops-own">this tab</span> : null}
        <br />
        <code className="muted">{apiKey.prefix}…</code>
      </th>
      <td>
        {humanize(apiKey.role)}
        <br />
        <span className="muted">{TIER_WORDS[apiKey.rateLimitTier] ?? humanize(apiKey.rateLimitTier)} tier</span>
      </td>
      <td>{formatDateTime(apiKey.createdAt)}</td>
      <td>{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : 'Never'}</td>
      <td>
        <span className={`badge badge-${state.tone}`}>{state.label}</span>
        {state.detail ? <span className="ops-detail-small">{state.detail}</span> : null}
      </td>
      <td>
        {state.usable ? (
          <div className="actions ops-row-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              aria-label={`Rotate ${apiKey.name}`}
              onClick={async () => {
                const done = await rotate({ id: apiKey.id });
                if (done) onRotated(done.rotateApiKey.secret);
              }}
            >
              Rotate
            </button>
            <ConfirmButton
              label="Revoke"
              name={`Revoke ${apiKey.name}`}
              question={own ? 'This is the key of this tab: you will be signed out.' : 'It stops working at once.'}
              confirmLabel="Yes, revoke"
              disabled={busy}
              onConfirm={async () => {
                const done = await revoke({ id: apiKey.id });
                if (!done) return;
                if (own) signOut();
                else onChanged();
              }}
            />
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
      </td>
    </tr>
  );
}

function CreateKeyForm({ ownTier, onCreated }: { ownTier?: string; onCreated(name: string, secret: string): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'VIEWER' | 'EDITOR' | 'ADMIN'>('VIEWER');
  const [tier, setTier] = useState('STANDARD');
  const [expires, setExpires] = useState('');
  const [create, state] = useMutation(CreateKey);
  const tiers = tiersUpTo(ownTier).map((t) => ({ value: t, label: TIER_WORDS[t] ?? humanize(t) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const data = await create({
      input: {
        name: name.trim(),
        role,
        rateLimitTier: tier as 'STANDARD' | 'HIGH' | 'UNLIMITED',
        expiresAt: localInputToIso(expires) ?? null,
      },
    });
    if (data) {
      onCreated(data.createApiKey.apiKey.name, data.createApiKey.secret);
      setName('');
      setExpires('');
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="ops-new-key" noValidate>
      <h2 id="ops-new-key">Make a key</h2>
      <FormError error={state.error} shown={['name', 'role', 'rateLimitTier', 'expiresAt']} />
      <div className="ops-form-grid">
        <TextField
          label="Name"
          name="name"
          value={name}
          onChange={setName}
          error={state.error}
          required
          maxLength={100}
          placeholder="CI, dashboard, connector…"
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(v) => setRole(v as typeof role)}
          options={ROLES}
          error={state.error}
        />
        <SelectField
          label="Rate-limit tier"
          name="rateLimitTier"
          value={tier}
          onChange={setTier}
          options={tiers}
          error={state.error}
          hint="At most this key's own tier."
        />
        <TextField
          label="Expires"
          name="expiresAt"
          type="datetime-local"
          value={expires}
          onChange={setExpires}
          error={state.error}
          hint="Optional; empty: never."
        />
      </div>
      <button type="submit" className="button button-primary" disabled={state.loading}>
        {state.loading ? 'Making…' : 'Make key'}
      </button>
    </form>
  );
}
