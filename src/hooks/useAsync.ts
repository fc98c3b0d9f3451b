/**
 * Server state for one page: loading | error | data, with refresh().
 *   const { loading, error, data, refresh } = useAsync(() => listCourses(), [schoolId]);
 *   const me = useCloud('school', 'me', {});
 * A stale answer (deps changed meanwhile) is dropped; keeps the last data while refreshing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, type ActionName, type FunctionName, type InputOf, type OutputOf } from '@/services/cloud';

export interface AsyncState<T> {
  loading: boolean;
  error: unknown;
  data: T | undefined;
  refresh: () => Promise<void>;
  /** false while the load is switched off (opts.enabled): nothing to wait for. */
  enabled?: boolean;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], opts: { enabled?: boolean } = {}): AsyncState<T> {
  const enabled = opts.enabled !== false;
  const [state, setState] = useState<{ loading: boolean; error: unknown; data: T | undefined }>({ loading: enabled, error: null, data: undefined });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const data = await loadRef.current();
      if (mounted.current && mine === seq.current) setState({ loading: false, error: null, data });
    } catch (error) {
      if (mounted.current && mine === seq.current) setState((s) => ({ loading: false, error, data: s.data }));
    }
  }, []);

  useEffect(() => {
    if (enabled) void refresh();
    else setState({ loading: false, error: null, data: undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, refresh, ...deps]);

  return { ...state, refresh, enabled };
}

/** useAsync over one cloud-function action; reloads when `input` changes (compared as JSON). */
export function useCloud<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: InputOf<F, A>,
  opts: { enabled?: boolean } = {},
): AsyncState<OutputOf<F, A>> {
  const key = JSON.stringify(input ?? null);
  return useAsync(() => call(fn, action, input), [fn, action, key], opts);
}
