/**
 * One user action at a time (submit, accept, join …): `busy` while it runs (disable the button),
 * `failure` the Chinese message of its last error (cleared when the next run starts).
 *   const action = useAction();
 *   <Button disabled={action.busy} onClick={() => void action.run(() => school.joinAsStaff(code))} />
 *   <FailureAlert failure={action.failure} />
 */
import { useCallback, useState } from 'react';
import { errorMessage } from '@/services/cloud';

export interface Action {
  busy: boolean;
  failure: string | null;
  setFailure(message: string | null): void;
  /** Runs `action`; a thrown error becomes `failure` (after `onError`, e.g. to clear stale data). */
  run(action: () => Promise<unknown>, onError?: (e: unknown) => void): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>, onError?: (e: unknown) => void) => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (e) {
      onError?.(e);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, failure, setFailure, run };
}
