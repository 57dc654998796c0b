import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../session';
import { type AnyDocument, request, subscribe } from './client';
import { ApiError } from './errors';

type ResultOf<D> = D extends import('gql.tada').TadaDocumentNode<infer R, infer _V> ? R : never;
type VariablesOf<D> = D extends import('gql.tada').TadaDocumentNode<infer _R, infer V> ? V : never;

export interface QueryState<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
  /** Asks again; the old data stays on screen until the new answer arrives. */
  refetch(): void;
}

/** Runs a query with the session's key when the variables change (compared as JSON); `skip` holds it. */
export function useQuery<D extends AnyDocument>(
  document: D,
  variables?: VariablesOf<D>,
  options: { skip?: boolean } = {},
): QueryState<ResultOf<D>> {
  const { key, signOutIfRefused } = useSession();
  const [state, setState] = useState<{ data?: ResultOf<D>; error?: unknown; loading: boolean }>({
    loading: !options.skip,
  });
  const [tick, setTick] = useState(0);
  const vars = JSON.stringify(variables ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the variables are compared by their JSON
  useEffect(() => {
    if (options.skip) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request(key, document, JSON.parse(vars), abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        signOutIfRefused(error);
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => abort.abort();
  }, [document, vars, key, tick, options.skip]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}

export interface MutationState {
  loading: boolean;
  error: unknown;
  reset(): void;
}

/**
 * A mutation to run on demand: `run` resolves with the data, or with undefined when it failed (the error is then in
 * the state, for the form to show next to its fields).
 */
export function useMutation<D extends AnyDocument>(
  document: D,
): [(variables: VariablesOf<D>) => Promise<ResultOf<D> | undefined>, MutationState] {
  const { key, signOutIfRefused } = useSession();
  const [state, setState] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (variables: VariablesOf<D>) => {
      setState({ loading: true, error: undefined });
      try {
        const data = await request(key, document, variables);
        if (mounted.current) setState({ loading: false, error: undefined });
        return data;
      } catch (error) {
        signOutIfRefused(error);
        if (mounted.current) setState({ loading: false, error });
        return undefined;
      }
    },
    [document, key, signOutIfRefused],
  );
  const reset = useCallback(() => setState({ loading: false, error: undefined }), []);
  return [run, { ...state, reset }];
}

/**
 * A live subscription while the component is mounted (and `skip` is false): `onData` sees every event; the state
 * says whether it is connected and the last error.
 */
export function useSubscription<D extends AnyDocument>(
  document: D,
  variables: VariablesOf<D>,
  onData: (data: ResultOf<D>) => void,
  options: { skip?: boolean; onComplete?: () => void } = {},
): { error: ApiError | undefined; completed: boolean } {
  const { key } = useSession();
  const [error, setError] = useState<ApiError>();
  const [completed, setCompleted] = useState(false);
  const handler = useRef(onData);
  handler.current = onData;
  const completeHandler = useRef(options.onComplete);
  completeHandler.current = options.onComplete;
  const vars = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (options.skip || !key) return;
    setError(undefined);
    setCompleted(false);
    return subscribe(key, document, JSON.parse(vars), {
      next: (data) => handler.current(data),
      error: (e) => setError(e),
      complete: () => {
        setCompleted(true);
        completeHandler.current?.();
      },
    });
  }, [document, vars, key, options.skip]);
  return { error, completed };
}
