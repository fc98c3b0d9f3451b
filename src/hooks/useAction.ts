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

/** Told a run's error first; may return the sentence to show instead of failureText's. */
export type OnError = (e: unknown) => string | null | undefined | void;

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
  /**
   * Runs `action`; a thrown error becomes `failure` (after `onError`, e.g. to clear stale data; a
   * sentence it returns is told instead of failureText's). Resolves true when it succeeded.
   */
  run(action: () => Promise<unknown>, onError?: OnError): Promise<boolean>;
  /** run, remembering `key` (a row's id) while it is on. */
  runFor(key: string, action: () => Promise<unknown>, onError?: OnError): Promise<boolean>;
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
  const tell = useCallback(
    (e: unknown, sentence: string) => {
      if (toast) {
        void Taro.showToast({ title: sentence, icon: 'none', duration: 3000 });
        return;
      }
      setFailureState(sentence);
      setFields(failedFields(e));
    },
    [toast],
  );
  const fail = useCallback((e: unknown) => tell(e, failureText(e)), [tell]);
  const runFor = useCallback(
    async (k: string | null, action: () => Promise<unknown>, onError?: OnError) => {
      setBusy(true);
      setKey(k);
      setFailureState(null);
      setFields([]);
      try {
        await action();
        return true;
      } catch (e) {
        const said = onError?.(e);
        tell(e, typeof said === 'string' && said ? said : failureText(e));
        return false;
      } finally {
        setBusy(false);
        setKey(null);
      }
    },
    [tell],
  );
  const run = useCallback((action: () => Promise<unknown>, onError?: OnError) => runFor(null, action, onError), [runFor]);
  const invalid = useCallback((path: string) => fields.some((f) => f === path || f.startsWith(`${path}.`)), [fields]);
  return { busy, key, failure, fields, invalid, setFailure, fail, run, runFor: runFor as Action['runFor'] };
}
