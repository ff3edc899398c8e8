import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../api/graphql';

/** Runs a query when its variables change; `reload` runs it again (after a mutation). */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, options: { skip?: boolean } = {}) {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: !options.skip });
  const reload = useCallback(async () => {
    if (options.skip) return;
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const data = await graphql<T>(query, JSON.parse(key) as Record<string, unknown>);
      setState({ data, loading: false });
    } catch (error) {
      setState({ error, loading: false });
    }
  }, [query, key, options.skip]);
  useEffect(() => {
    void reload();
  }, [reload]);
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
