import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../api/graphql';

/**
 * Runs a query when its variables change; `reload` runs it again (after a mutation). `loadedAt`
 * is when the data arrived (Date.now()), for what is shown relative to that moment.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, options: { skip?: boolean } = {}) {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; loadedAt?: number }>({ loading: !options.skip });
  // Another query or other variables show as loading from this render on: state adjusted while
  // rendering when an input changes, rather than by the effect that fetches.
  const request = options.skip ? null : `${query}\n${key}`;
  const [requested, setRequested] = useState(request);
  if (requested !== request) {
    setRequested(request);
    if (request !== null) setState((previous) => ({ ...previous, loading: true }));
  }
  const fetchData = useCallback(
    () =>
      graphql<T>(query, JSON.parse(key) as Record<string, unknown>).then(
        (data) => setState({ data, loading: false, loadedAt: Date.now() }),
        (error: unknown) => setState({ error, loading: false }),
      ),
    [query, key],
  );
  const reload = useCallback(async () => {
    if (options.skip) return;
    setState((previous) => ({ ...previous, loading: true }));
    await fetchData();
  }, [fetchData, options.skip]);
  useEffect(() => {
    if (!options.skip) void fetchData();
  }, [fetchData, options.skip]);
  return { ...state, reload };
}

/** A mutation with its pending state and last error. */
export function useMutation<T>(mutation: string) {
  const [state, setState] = useState<{ pending: boolean; error?: unknown }>({ pending: false });
  const run = useCallback(
    async (variables: Record<string, unknown> = {}): Promise<T | undefined> => {
      setState({ pending: true });
      try {
        const data = await graphql<T>(mutation, variables);
        setState({ pending: false });
        return data;
      } catch (error) {
        setState({ pending: false, error });
        return undefined;
      }
    },
    [mutation],
  );
  return { ...state, run };
}
