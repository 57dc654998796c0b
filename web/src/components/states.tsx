import type { ReactNode } from 'react';
import { describeError } from '../api/errors';

/** A region that is still loading, announced politely to screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** Nothing to show yet, with what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** A failed request in words, with a retry when there is one. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{describeError(error)}</p>
      {retry ? (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * The three states of a query in one place: loading (first answer), error, then `children(data)`. Refetches keep
 * the old data on screen.
 */
export function QueryView<T>({
  state,
  children,
  loadingLabel,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean; refetch(): void };
  children: (data: T) => ReactNode;
  loadingLabel?: string;
}) {
  if (state.data === undefined) {
    if (state.error) return <ErrorNotice error={state.error} retry={state.refetch} />;
    return <Loading label={loadingLabel} />;
  }
  return (
    <>
      {state.error ? <ErrorNotice error={state.error} retry={state.refetch} /> : null}
      {children(state.data)}
    </>
  );
}
