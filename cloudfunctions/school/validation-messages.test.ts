/**
 * What a rejected input reads like, through the real `school` function (issue 15, item 7): one
 * Chinese sentence per field naming the field and its limit, in the message and in details with
 * the field's path (for the page to mark it); duplicates say what clashes; nothing is written.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { A, ADMIN_A, ok } from '../../test/helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import type { Result } from '../../types/common/result';

jest.setTimeout(60_000);
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

const failure = (r: Result<unknown>) => {
  if (r.ok) throw new Error('expected a failure');
  return r.error as { code: string; message: string; details?: unknown };
};
const count = async (coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).count()).total;

describe('rejected input, in Chinese', () => {
  it.each([
    ['createClass', { gradeId: 'g', name: '' }, '请填写班级名称', 'name'],
    ['createClass', { gradeId: 'g', name: '很'.repeat(21) }, '班级名称最多 20 个字', 'name'],
    ['createGrade', { schoolId: A, name: '一年级', order: -3 }, '排序不能小于 0', 'order'],
    ['updateGrade', { gradeId: 'g', name: '' }, '请填写年级名称', 'name'],
    ['upsertStaff', { schoolId: A, name: '王'.repeat(21), phone: '13900001234', positions: [] }, '姓名最多 20 个字', 'name'],
    ['upsertStaff', { schoolId: A, name: '王老师', phone: '1234', positions: [] }, '请输入11位手机号', 'phone'],
    ['bindChild', { code: 'ABCDEF', childName: '王', relation: '母亲' }, '孩子姓名至少 2 个字', 'childName'],
  ])('%s %j → %p', async (action, input, sentence, path) => {
    const e = failure(await cloud.call('school', ADMIN_A, action, input));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toBe(sentence);
    expect(e.details).toEqual([expect.objectContaining({ path, message: sentence })]);
    expect(e.message).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('two fields at once: both named', async () => {
    const e = failure(await cloud.call('school', ADMIN_A, 'upsertStaff', { schoolId: A, name: '', phone: 'x', positions: [] }));
    expect(e.message).toBe('请填写姓名；请输入11位手机号');
  });

  it('a position check of the service reads the same way', async () => {
    const e = failure(await cloud.call('school', ADMIN_A, 'upsertStaff', { schoolId: A, name: '赵老师', phone: '13900004321', positions: [{ title: '班主任' }] }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(e.message).not.toBe('填写的内容有误，请检查后重试');
    expect(await count('staff', { name: '赵老师' })).toBe(0);
  });
});

describe('duplicates say what clashes', () => {
  it('a class name the grade already has', async () => {
    const before = await count('classes', { gradeId: SCHOOL_SEED.gradeA3 });
    const e = failure(await cloud.call('school', ADMIN_A, 'createClass', { gradeId: SCHOOL_SEED.gradeA3, name: '1班' }));
    expect(e.message).toBe('该年级已有同名班级');
    expect(e.details).toMatchObject({ field: 'name' });
    expect(await count('classes', { gradeId: SCHOOL_SEED.gradeA3 })).toBe(before);
  });

  it('a phone another staff member has', async () => {
    ok(await cloud.call('school', ADMIN_A, 'upsertStaff', { schoolId: A, name: '孙老师', phone: '13900008801', positions: [] }));
    const e = failure(await cloud.call('school', ADMIN_A, 'upsertStaff', { schoolId: A, name: '周老师', phone: '139 0000 8801', positions: [] }));
    expect(e.message).toBe('该手机号已登记为本校其他教职工');
    expect(e.details).toMatchObject({ field: 'phone' });
    expect(await count('staff', { name: '周老师' })).toBe(0);
  });
});
