/**
 * One user action at a time (submit, accept, join …): `busy` while it runs (disable the button),
 * `failure` the Chinese sentence of its last error (failureText: names each rejected field and its
 * limit), `fields` the paths of the rejected fields to mark (cleared when the next run starts).
 *   const action = useAction();
 *   <Button disabled={action.busy} onClick={() => void action.run(() => school.joinAsStaff(code))} />
 *   <Field label="姓名" invalid={action.invalid('name')} …/>
 *   <FailureAlert failure={action.failure} />
 */
import { useCallback, useState } from 'react';
import { failedFields, failureText } from '@/services/cloud';

export interface Action {
  busy: boolean;
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
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [failure, setFailureState] = useState<string | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const setFailure = useCallback((message: string | null) => {
    setFailureState(message);
    if (!message) setFields([]);
  }, []);
  const fail = useCallback((e: unknown) => {
    setFailureState(failureText(e));
    setFields(failedFields(e));
  }, []);
  const run = useCallback(
    async (action: () => Promise<unknown>, onError?: (e: unknown) => void) => {
      setBusy(true);
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
      }
    },
    [fail],
  );
  const invalid = useCallback((path: string) => fields.some((f) => f === path || f.startsWith(`${path}.`)), [fields]);
  return { busy, failure, fields, invalid, setFailure, fail, run };
}
