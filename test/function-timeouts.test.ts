/**
 * Function timeouts: WeChat's default is 3 s, and a function that asks for more says why in its
 * config.json `timeoutNote` (a sentence that starts with its own timeout, so it cannot go stale
 * silently when the number changes). The console maximum is 60 s.
 */
import { readdirSync, readFileSync, existsSync } from 'fs';
import { join } from 'path';

const DIR = join(__dirname, '..', 'cloudfunctions');
const functions = readdirSync(DIR).filter((f) => existsSync(join(DIR, f, 'config.json')));

test('every function has a config.json', () => {
  expect(functions.length).toBeGreaterThanOrEqual(10);
});

test.each(functions)('%s: timeout 3 s, or more with a note that says why', (fn) => {
  const config = JSON.parse(readFileSync(join(DIR, fn, 'config.json'), 'utf8')) as { timeout?: number; timeoutNote?: string };
  const timeout = config.timeout ?? 3;
  expect(Number.isInteger(timeout) && timeout >= 1 && timeout <= 60).toBe(true);
  if (timeout === 3) {
    expect(config.timeoutNote).toBeUndefined();
    return;
  }
  expect(typeof config.timeoutNote).toBe('string');
  expect(config.timeoutNote!.startsWith(`${timeout} s`)).toBe(true);
  expect(config.timeoutNote!).toMatch(/not 3/);
});
