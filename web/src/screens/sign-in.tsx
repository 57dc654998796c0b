import { type FormEvent, useState } from 'react';
import { describeError } from '../api/errors';
import { useSession } from '../session';

/** Paste an API key: it is checked against the API and kept in this tab only. */
export function SignInScreen() {
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!key.trim()) {
      setError(new Error('Paste the API key first.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signIn(key);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <h1>Copydesk</h1>
        <p>Sign in with an API key. On the first start, Copydesk printed an ADMIN key in its terminal.</p>
        <form onSubmit={submit} noValidate>
          <div className={error ? 'field field-invalid' : 'field'}>
            <label htmlFor="api-key">API key</label>
            <input
              id="api-key"
              name="apiKey"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'api-key-error api-key-hint' : 'api-key-hint'}
            />
            <p className="field-hint" id="api-key-hint">
              Kept in this browser tab only (sessionStorage) and sent as the Authorization header.
            </p>
            {error ? (
              <p className="field-error" id="api-key-error" role="alert">
                {describeError(error)}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
