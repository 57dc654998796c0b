import { useCallback, useState } from 'react';

/**
 * Keyset pagination state: the cursor of the page shown and the ones before it, so "Previous" goes back exactly.
 * `reset` starts again from the first page (e.g. when a filter changes).
 */
export function usePager() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack[stack.length - 1] ?? null;
  const next = useCallback((cursor: string | null | undefined) => {
    if (cursor) setStack((s) => [...s, cursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { after, page: stack.length, next, previous, reset, hasPrevious: stack.length > 1 };
}

export function Pager({
  pager,
  hasNextPage,
  endCursor,
  label,
}: {
  pager: ReturnType<typeof usePager>;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  label: string;
}) {
  if (!pager.hasPrevious && !hasNextPage) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={!pager.hasPrevious} onClick={pager.previous}>
        ← Previous
      </button>
      <span>Page {pager.page}</span>
      <button type="button" className="button" disabled={!hasNextPage} onClick={() => pager.next(endCursor)}>
        Next →
      </button>
    </nav>
  );
}
