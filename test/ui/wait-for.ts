import { act } from '@tarojs/test-utils-react/dist/pure';

/** Polls `check` (an assertion) until it passes or `timeoutMs` elapses, letting React flush in between. */
export async function waitFor<T>(check: () => T, timeoutMs = 4000, intervalMs = 20): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw e;
    }
    await act(async () => {
      await new Promise((r) => setTimeout(r, intervalMs));
    });
  }
}
