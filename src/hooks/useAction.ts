/**
 * One user action at a time (submit, accept, join …): `busy` while it runs (disable the button),
 * `failure` the Chinese sentence of its last error (failureText: names each rejected field and its
 * limit), `fields` the paths of the rejected fields to mark (cleared when the next run starts).
 *   const action = useAction();
 *   <Button disabled={action.busy} onClick={() => void action.run(() => school.joinAsStaff(code))} />
 *   <Field label="姓名" invalid={action.invalid('name')} …/>
 *   <FailureAlert failure={action.failure} />
 * A row of a list: `runFor(rowId, …)` and `key === rowId` marks the row that is working;
 * `useAction({ toast: true })` tells a failure by a toast where the page has no place for an alert.
 */
import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { failedFields, failureText } from '@/services/cloud';

export interface ActionOptions {
  /** Tell a failure by a toast (rows of a list, a tab page) instead of keeping it in `failure`. */
  toast?: boolean;
}

export interface Action {
  busy: boolean;
  /** The key given to runFor while that run is on (null otherwise, and for run). */
  key: string | null;
  failure: string | null;
  /** Paths of the fields the last failure named ('title', 'sessions.0.startAt'). */
  fields: string[];
  /** Did the last failure name this field (or a field inside it: 'sessions' for 'sessions.0.startAt')? */
  invalid(path: string): boolean;
  setFailure(message: string | null): void;
  /** Shows a failure found on the page (an error from inputFailure(), or any thrown error). */
  fail(e: unknown): void;
  /** Runs `action`; a thrown error becomes `failure` (after `onError`, e.g. to clear stale data). Resolves true when it succeeded. */
  run(action: () => Promise<unknown>, onError?: (e: unknown) => void): Promise<boolean>;
  /** run, remembering `key` (a row's id) while it is on. */
  runFor(key: string, action: () => Promise<unknown>, onError?: (e: unknown) => void): Promise<boolean>;
}

export function useAction(opts: ActionOptions = {}): Action {
  const toast = !!opts.toast;
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const [failure, setFailureState] = useState<string | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const setFailure = useCallback((message: string | null) => {
    setFailureState(message);
    if (!message) setFields([]);
  }, []);
  const fail = useCallback(
    (e: unknown) => {
      if (toast) {
        void Taro.showToast({ title: failureText(e), icon: 'none', duration: 3000 });
        return;
      }
      setFailureState(failureText(e));
      setFields(failedFields(e));
    },
    [toast],
  );
  const runFor = useCallback(
    async (k: string | null, action: () => Promise<unknown>, onError?: (e: unknown) => void) => {
      setBusy(true);
      setKey(k);
      setFailureState(null);
      setFields([]);
      try {
        await action();
        return true;
      } catch (e) {
        onError?.(e);
        fail(e);
        return false;
      } finally {
        setBusy(false);
        setKey(null);
      }
    },
    [fail],
  );
  const run = useCallback((action: () => Promise<unknown>, onError?: (e: unknown) => void) => runFor(null, action, onError), [runFor]);
  const invalid = useCallback((path: string) => fields.some((f) => f === path || f.startsWith(`${path}.`)), [fields]);
  return { busy, key, failure, fields, invalid, setFailure, fail, run, runFor: runFor as Action['runFor'] };
}
