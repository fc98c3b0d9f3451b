/** The HTTP API under bad input: every mistake gets a clear JSON error and the server keeps serving. */
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { startLocalCloud } from './index';

let cloud: TestCloud;
let token: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-parent-001' }) });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(() => cloud.close());

const post = (path: string, body: string | Blob, headers: Record<string, string> = {}) =>
  fetch(`${cloud.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function stillServes(): Promise<void> {
  const res = await post('/functions/echo', JSON.stringify({ action: 'whoami' }), { authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { data: { openid: string } }).data.openid).toBe('demo-parent-001');
}

test('GET /healthz answers 200 with the functions it can run', async () => {
  const res = await fetch(`${cloud.url}/healthz`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; functions: string[] };
  expect(body.ok).toBe(true);
  expect(body.functions).toContain('echo');
});

test.each([
  ['malformed JSON to a function', '/functions/echo', '{"action":', 400, 'INVALID_JSON'],
  ['malformed JSON to the SDK endpoint', '/admin', '{nope', 400, 'INVALID_JSON'],
  ['an unknown function', '/functions/no-such-fn', '{}', 404, 'FUNCTION_NOT_FOUND'],
  ['a function name with a path in it', '/functions/..%2Fpackage', '{}', 404, 'FUNCTION_NOT_FOUND'],
  ['an unknown route', '/nowhere', '{}', 404, 'NOT_FOUND'],
])('%s → clear JSON error', async (_what, path, body, status, code) => {
  const res = await post(path, body);
  expect(res.status).toBe(status);
  const json = (await res.json()) as { code: string; message: string };
  expect(json.code).toBe(code);
  expect(json.message).toMatch(/[\u4e00-\u9fff]/);
  await stillServes();
});

test('an unknown SDK action gets a TCB-style error reply', async () => {
  const res = await post('/admin', JSON.stringify({ action: 'database.noSuchThing', collectionName: 'users' }));
  const json = (await res.json()) as { code?: string; requestId?: string };
  expect(json.code).toBeTruthy();
  expect(json.requestId).toBeTruthy();
  const res2 = await post('/admin', JSON.stringify({ action: 'tcb.somethingElse' }));
  expect(((await res2.json()) as { code: string }).code).toBe('INVALID_ACTION');
  await stillServes();
});

test('a function call over 256 KB (or any body over 16 MB) is refused with 413 and the server keeps serving', async () => {
  const call = new Blob([new Uint8Array(256 * 1024 + 10).fill(0x20)]);
  const res = await post('/functions/echo', call, { authorization: `Bearer ${token}` });
  expect(res.status).toBe(413);
  expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  const big = new Blob([new Uint8Array(16 * 1024 * 1024 + 10).fill(0x20)]);
  const res2 = await post('/admin', big);
  expect(res2.status).toBe(413);
  expect(((await res2.json()) as { code: string }).code).toBe('REQUEST_TOO_LARGE');
  await stillServes();
});

test('a forged or foreign token is refused', async () => {
  const res = await post('/functions/echo', JSON.stringify({ action: 'whoami' }), { authorization: `Bearer ${token.slice(0, -2)}xx` });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { code: string }).code).toBe('INVALID_TOKEN');
  const other = await startTestCloud();
  try {
    const login = await fetch(`${other.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-parent-001' }) });
    const foreign = ((await login.json()) as { token: string }).token;
    const res2 = await post('/functions/echo', JSON.stringify({ action: 'whoami' }), { authorization: `Bearer ${foreign}` });
    expect(res2.status).toBe(401);
  } finally {
    await other.close();
  }
});

test('without a token the function runs with no OPENID (the handler answers UNAUTHENTICATED)', async () => {
  const res = await post('/functions/echo', JSON.stringify({ action: 'whoami' }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; error: { code: string } };
  expect(body.ok).toBe(false);
  expect(body.error.code).toBe('UNAUTHENTICATED');
});

test('dev login validates the openid and /dev/users lists dev_demo_users', async () => {
  const bad = await post('/dev/login', JSON.stringify({ openid: 'a b' }));
  expect(bad.status).toBe(400);
  await cloud.db.collection('dev_demo_users').add({ data: { _id: 'demo-teacher-001', label: '演示老师', role: 'teacher', schoolName: '演示学校', description: '班主任' } });
  const res = await fetch(`${cloud.url}/dev/users`);
  const body = (await res.json()) as { users: { _id: string; role: string }[] };
  expect(body.users).toEqual([expect.objectContaining({ _id: 'demo-teacher-001', role: 'teacher' })]);
});

test('CORS: preflight and replies allow the H5 dev server origin', async () => {
  const pre = await fetch(`${cloud.url}/functions/echo`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
  expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
  const res = await post('/functions/echo', JSON.stringify({ action: 'whoami' }), { origin: 'http://localhost:10086', authorization: `Bearer ${token}` });
  expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
});

test('outside dev mode there is no sign-in, no dev tools and no outbox', async () => {
  const prod = await startLocalCloud({ port: 0, data: ':memory:', dev: false, quiet: true, timers: false });
  try {
    for (const [method, path] of [['POST', '/dev/login'], ['GET', '/dev/users'], ['GET', '/outbox'], ['POST', '/dev/subscribe']]) {
      const res = await fetch(`${prod.url}${path}`, { method, body: method === 'POST' ? JSON.stringify({ openid: 'x' }) : undefined });
      expect(res.status).toBe(404);
    }
    const res = await fetch(`${prod.url}/functions/echo`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${prod.devToken('x')}` } });
    expect(res.status).toBe(401);
  } finally {
    await prod.close();
  }
});

test('a busy port is reported clearly', async () => {
  await expect(startLocalCloud({ port: cloud.cloud.port, data: ':memory:', dev: true, quiet: true, timers: false })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
});
