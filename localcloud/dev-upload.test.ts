/**
 * POST /dev/upload: the H5 app's stand-in for wx.cloud.uploadFile. The bytes land in cloud storage
 * under the given path, the reply carries a cloud:// fileID that the real SDK (getTempFileURL)
 * resolves, and only a signed-in dev user may upload.
 */
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';

let cloud: TestCloud;
let token: string;
beforeAll(async () => {
  cloud = await startTestCloud();
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-teacher-001' }) });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(() => cloud.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const upload = (cloudPath: string, body: Buffer, auth = true) =>
  fetch(`${cloud.url}/dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/octet-stream', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
  });

test('stores the bytes and answers a cloud:// fileID as wx.cloud.uploadFile does', async () => {
  const res = await upload('course-covers/school-a/abc123.png', PNG);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { fileID: string; statusCode: number };
  expect(body.statusCode).toBe(200);
  expect(body.fileID).toMatch(new RegExp(`^cloud://${cloud.cloud.envId}\\.[^/]+/course-covers/school-a/abc123\\.png$`));
  // The real SDK turns it into a temp URL that serves the same bytes.
  const r = (await cloud.sdk.getTempFileURL({ fileList: [body.fileID] })) as { fileList: { tempFileURL: string; status: number }[] };
  expect(r.fileList[0].status).toBe(0);
  const got = Buffer.from(await (await fetch(r.fileList[0].tempFileURL)).arrayBuffer());
  expect(got.equals(PNG)).toBe(true);
});

test.each([
  ['no sign-in', 'course-covers/a.png', PNG, false, 401, 'INVALID_TOKEN'],
  ['a path escaping the storage root', '../../etc/passwd', PNG, true, 400, 'INVALID_PATH'],
  ['no path', '', PNG, true, 400, 'INVALID_PATH'],
  ['an empty file', 'course-covers/empty.png', Buffer.alloc(0), true, 400, 'EMPTY_FILE'],
])('refuses %s', async (_what, path, bytes, auth, status, code) => {
  const res = await upload(path, bytes, auth);
  expect(res.status).toBe(status);
  expect(((await res.json()) as { code: string }).code).toBe(code);
});

test('not offered outside dev mode', async () => {
  const prod = await startTestCloud({ dev: false });
  try {
    const res = await fetch(`${prod.url}/dev/upload?cloudPath=x.png`, { method: 'POST', body: new Uint8Array(PNG) });
    expect(res.status).toBe(404);
  } finally {
    await prod.close();
  }
});
