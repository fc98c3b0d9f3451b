/**
 * The storage gateway's H5 branch against a REAL local cloud (test/ui/global-setup.js): a picked
 * file (Taro.chooseImage gives a blob:/data: URL on H5) goes up through POST /dev/upload with the
 * dev token and comes back as a cloud:// fileID whose bytes the storage serves.
 */
import { coverCloudPath, isCoverFileIdOf } from '@shared/course/course.rules';
import { isCloudError } from '@/services/cloud';
import { cloudBaseUrl } from '@/services/cloud-url';
import { listDemoUsers, signIn, signOut } from '@/services/session';
import { uploadCover } from '@/services/course';
import { uploadFile } from '@/services/upload';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const dataUrl = `data:image/png;base64,${PNG_BASE64}`;

describe('uploadFile (H5) against the local cloud', () => {
  beforeEach(() => signOut());

  it('uploads the picked file and answers its cloud:// fileID', async () => {
    const admin = (await listDemoUsers()).find((u) => u.openid === 'ui-admin-001')!;
    await signIn(admin);
    const path = coverCloudPath('ui-school', 'blob:http://localhost/1', 'uitest1');
    const fileID = await uploadFile(path, dataUrl);
    expect(fileID).toMatch(/^cloud:\/\/local-env\.[^/]+\/course-covers\/ui-school\/uitest1\.jpg$/);
    expect(isCoverFileIdOf(fileID, 'local-env', 'ui-school')).toBe(true);
    const served = Buffer.from(await (await fetch(`${cloudBaseUrl()}/__cos/${path}`)).arrayBuffer());
    expect(served.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);
  });

  it("a course cover goes under the school's folder with a fresh name each time", async () => {
    const admin = (await listDemoUsers()).find((u) => u.openid === 'ui-admin-001')!;
    await signIn(admin);
    const a = await uploadCover('ui-school', dataUrl);
    const b = await uploadCover('ui-school', dataUrl);
    expect(a).not.toBe(b);
    expect(isCoverFileIdOf(a, 'local-env', 'ui-school')).toBe(true);
    expect(isCoverFileIdOf(a, 'local-env', 'other-school')).toBe(false);
  });

  it('signed out: UNAUTHENTICATED, nothing uploaded', async () => {
    let err: unknown;
    try {
      await uploadFile('course-covers/ui-school/nope.png', dataUrl);
    } catch (e) {
      err = e;
    }
    expect(isCloudError(err) && err.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${cloudBaseUrl()}/__cos/course-covers/ui-school/nope.png`)).status).toBe(404);
  });
});
