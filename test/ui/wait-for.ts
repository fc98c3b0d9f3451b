import { act } from '@tarojs/test-utils-react/dist/pure';
import { pollUntil, sleep } from '../helpers/poll';

/** Polls `check` (an assertion) until it passes or `timeoutMs` elapses, letting React flush in between. */
export function waitFor<T>(check: () => T, timeoutMs = 4000, intervalMs = 20): Promise<T> {
  return pollUntil(check, timeoutMs, async () => {
    await act(async () => {
      await sleep(intervalMs);
    });
  });
}
