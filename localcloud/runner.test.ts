/** Function runner: timeouts (3 s default, config.json override), throws, reloads; the server keeps serving. */
import { copyFileSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { tempFunctions, type TempFunctions } from '../test/helpers/temp-functions';

let fns: TempFunctions;
let cloud: TestCloud;
let token: string;

beforeAll(async () => {
  fns = tempFunctions();
  // the real echo bundle (3 s default timeout, a hang action) next to throw-away probes
  mkdirSync(join(fns.dir, 'echo'));
  copyFileSync(resolve(__dirname, '../cloudfunctions/echo/index.js'), join(fns.dir, 'echo', 'index.js'));
  fns.add('thrower', `exports.main = async (event) => { if (event.sync) { null.boom; } throw new TypeError('kaputt ' + event.n); };`);
  fns.add('sleeper', `exports.main = (event) => new Promise((r) => setTimeout(() => r({ slept: event.ms }), event.ms));`, { timeout: 1 });
  fns.add('plain', `let loads = (globalThis.__plainLoads = (globalThis.__plainLoads || 0) + 1); exports.main = async (event, context) => ({ event, loads, requestId: context.request_id, fn: context.function_name });`);
  fns.add('broken', `this is not javascript`);
  cloud = await startTestCloud({ functionsDir: fns.dir });
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-parent-002' }) });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await cloud.close();
  fns.remove();
});

const callHttp = (fn: string, event: unknown) =>
  fetch(`${cloud.url}/functions/${fn}`, { method: 'POST', body: JSON.stringify(event), headers: { authorization: `Bearer ${token}` } });

test('a hang past the default 3 s timeout → 504 with a clear error, while other calls keep being served', async () => {
  const started = Date.now();
  const hanging = callHttp('echo', { action: 'hang', input: {} });
  // meanwhile the server answers other calls promptly
  const t0 = Date.now();
  const quick = await callHttp('echo', { action: 'whoami' });
  expect(quick.status).toBe(200);
  expect(Date.now() - t0).toBeLessThan(2500); // not stuck behind the hanging call
  const res = await hanging;
  const elapsed = Date.now() - started;
  expect(res.status).toBe(504);
  const body = (await res.json()) as { code: string; message: string };
  expect(body.code).toBe('FUNCTION_TIMEOUT');
  expect(body.message).toContain('3 秒');
  expect(elapsed).toBeGreaterThanOrEqual(2900);
  expect(elapsed).toBeLessThan(6000);
});

test('timeout in config.json overrides the default', async () => {
  const fast = await cloud.cloud.invoke('sleeper', { ms: 100 });
  expect(fast).toMatchObject({ ok: true, result: { slept: 100 } });
  const slow = await cloud.cloud.invoke('sleeper', { ms: 1500 });
  expect(slow).toMatchObject({ ok: false, code: 'FUNCTION_TIMEOUT' });
  expect(slow.ms).toBeGreaterThanOrEqual(990);
});

test('a function that throws (async or sync) → 500 with the error text, server keeps serving', async () => {
  const res = await callHttp('thrower', { n: 7 });
  expect(res.status).toBe(500);
  const body = (await res.json()) as { code: string; message: string; requestId: string };
  expect(body.code).toBe('FUNCTION_ERROR');
  expect(body.message).toContain('TypeError: kaputt 7');
  expect(body.requestId).toMatch(/^[0-9a-f]{32}$/);
  const sync = await cloud.cloud.invoke('thrower', { sync: true });
  expect(sync).toMatchObject({ ok: false, code: 'FUNCTION_ERROR' });
  const broken = await callHttp('broken', {});
  expect(broken.status).toBe(500);
  expect(((await broken.json()) as { message: string }).message).toContain('加载失败');
  expect((await callHttp('plain', { x: 1 })).status).toBe(200);
});

test('the event and the reply cross a JSON boundary; context carries the request id', async () => {
  const event = { when: new Date('2026-01-02T03:04:05Z'), gone: undefined, n: 1 };
  const r = await cloud.cloud.invoke('plain', event, { openid: 'x' });
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const result = r.result as { event: Record<string, unknown>; requestId: string; fn: string };
  expect(result.event).toEqual({ when: '2026-01-02T03:04:05.000Z', n: 1 });
  expect(result.requestId).toBe(r.requestId);
  expect(result.fn).toBe('plain');
});

test('a warm function is loaded once', async () => {
  const a = (await cloud.cloud.invoke('plain', {})) as { ok: true; result: { loads: number } };
  const b = (await cloud.cloud.invoke('plain', {})) as { ok: true; result: { loads: number } };
  expect(a.result.loads).toBe(1);
  expect(b.result.loads).toBe(1);
});

test('a nested call to a missing function reaches the caller as callFunction:fail', async () => {
  await expect(cloud.sdk.callFunction({ name: 'missing-fn', data: {} })).rejects.toMatchObject({ errCode: -1, errMsg: expect.stringContaining('callFunction:fail') });
  const r = (await cloud.sdk.callFunction({ name: 'plain', data: { a: 1 } })) as unknown as { result: { event: unknown } };
  expect(r.result.event).toEqual({ a: 1 });
});
