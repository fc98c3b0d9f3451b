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
