/**
 * Polls `check` (an assertion) until it passes, or rethrows its last failure once `timeoutMs` has
 * elapsed. `pause` runs between tries (a plain sleep, or one wrapped in React's act() so the
 * component can re-render). Shared by the jsdom UI tests and the weapp harness.
 */
export async function pollUntil<T>(check: () => T, timeoutMs: number, pause: () => Promise<void>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw e;
    }
    await pause();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
