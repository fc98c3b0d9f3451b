/** Cloud storage round trip through the real SDK: upload, temp URL, download, delete. */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';

interface Sdk {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(o: { fileList: (string | { fileID: string; maxAge: number })[] }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number; maxAge?: number }[] }>;
  downloadFile(o: { fileID: string }): Promise<{ fileContent: Buffer }>;
  deleteFile(o: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number }[] }>;
}

describe.each([
  ['in memory', ':memory:'],
  ['on disk', 'dir'],
])('storage %s', (_label, data) => {
  let cloud: TestCloud;
  let dir = '';
  let sdk: Sdk;
  beforeAll(async () => {
    if (data === 'dir') dir = mkdtempSync(join(tmpdir(), 'lc-storage-'));
    cloud = await startTestCloud({ data: dir || ':memory:' });
    sdk = cloud.sdk as unknown as Sdk;
  });
  afterAll(async () => {
    await cloud.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('upload → temp URL → download → delete', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const { fileID } = await sdk.uploadFile({ cloudPath: 'avatars/用户 1.png', fileContent: bytes });
    expect(fileID).toMatch(/^cloud:\/\/local-env\.[^/]+\/avatars\/用户 1\.png$/);
    if (dir) expect(readFileSync(join(dir, 'storage', 'avatars', '用户 1.png'))).toEqual(bytes);

    const urls = await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }, 'cloud://local-env.x/missing.png'] });
    expect(urls.fileList[0]).toMatchObject({ fileID, status: 0, maxAge: 600 });
    expect(urls.fileList[1].status).not.toBe(0);
    const viaHttp = await fetch(encodeURI(urls.fileList[0].tempFileURL));
    expect(Buffer.from(await viaHttp.arrayBuffer())).toEqual(bytes);

    const { fileContent } = await sdk.downloadFile({ fileID });
    expect(Buffer.from(fileContent)).toEqual(bytes);

    const del = await sdk.deleteFile({ fileList: [fileID, 'cloud://local-env.x/missing.png'] });
    expect(del.fileList[0]).toMatchObject({ fileID, status: 0 });
    expect(del.fileList[1].status).not.toBe(0);
    await expect(sdk.downloadFile({ fileID })).rejects.toBeTruthy();
  });

  test('paths cannot escape the storage root', async () => {
    await expect(sdk.uploadFile({ cloudPath: '../../etc/evil', fileContent: Buffer.from('x') })).rejects.toBeTruthy();
    const res = await fetch(`${cloud.url}/__cos/..%2F..%2Fetc%2Fpasswd`);
    expect(res.status).toBe(400);
  });
});

describe('stored files over HTTP serve byte ranges (a <video> seeks with them)', () => {
  it('answers 206 with the asked bytes, 200 with accept-ranges otherwise, and the type by extension', async () => {
    const { startLocalCloud } = await import('./index');
    const c = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
    try {
      const cloudSdk = (await import('wx-server-sdk')).default as unknown as { createNewInstance(o: Record<string, unknown>): { uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>; getTempFileURL(o: { fileList: string[] }): Promise<{ fileList: { tempFileURL: string }[] }> } };
      const sdk = cloudSdk.createNewInstance({ env: c.envId, serviceUrl: c.adminUrl });
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
      const { fileID } = await sdk.uploadFile({ cloudPath: 'lesson-media/t/v.mp4', fileContent: bytes });
      const url = (await sdk.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      const part = await fetch(url, { headers: { range: 'bytes=990-' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 990-999/1000');
      expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(990));
      expect((await fetch(url, { headers: { range: 'bytes=2000-' } })).status).toBe(416);
    } finally {
      await c.close();
    }
  });
});
