/** Validation failures become Chinese sentences naming the field and the limit (issue 15, item 7). */
import { z } from 'zod';
import { asFieldIssues, checkInput, fieldIssues, fieldLabel, validationSentence, withLabels } from './validation';
import { BindChildInputSchema, CreateClassInputSchema, CreateGradeInputSchema, UpsertStaffInputSchema } from '../school/school.schema';
import { CancelCourseInputSchema } from '../course/course.schema';
import { SaveLessonInputSchema } from '../attendance/attendance.schema';

const sentences = (schema: z.ZodTypeAny, value: unknown) => (checkInput(schema, value) ?? []).map((i) => i.message);

describe('one sentence per rejected field', () => {
  it.each([
    ['an empty class name', CreateClassInputSchema, { gradeId: 'g1', name: '' }, ['请填写班级名称']],
    ['a class name of 21 characters', CreateClassInputSchema, { gradeId: 'g1', name: '班'.repeat(21) }, ['班级名称最多 20 个字']],
    ['a grade order of -1', CreateGradeInputSchema, { schoolId: 's', name: '一年级', order: -1 }, ['排序不能小于 0']],
    ['a grade order of 1.5', CreateGradeInputSchema, { schoolId: 's', name: '一年级', order: 1.5 }, ['排序须为整数']],
    ['a staff name of 21 characters and a bad phone', UpsertStaffInputSchema, { schoolId: 's', name: '张'.repeat(21), phone: '12345', positions: [] }, ['姓名最多 20 个字', '请输入11位手机号']],
    ['a missing staff name', UpsertStaffInputSchema, { schoolId: 's', phone: '13900001111', positions: [] }, ['请填写姓名']],
    ['a one-letter child name', BindChildInputSchema, { code: 'ABCDEF', childName: '王', relation: '母亲' }, ['孩子姓名至少 2 个字']],
    ['a child name with digits', BindChildInputSchema, { code: 'ABCDEF', childName: '王小明2', relation: '母亲' }, ['孩子姓名只能包含汉字、英文字母和“·”，请输入真实姓名']],
    ['no relation', BindChildInputSchema, { code: 'ABCDEF', childName: '王小明', relation: '邻居' }, ['请选择与孩子的关系']],
    ['an empty cancel reason', CancelCourseInputSchema, { courseId: 'c', reason: ' ' }, ['请填写原因']],
  ])('%s', (_label, schema, value, expected) => {
    expect(sentences(schema, value)).toEqual(expected);
  });

  it('"Tom Lee" keeps its space', () => {
    expect(BindChildInputSchema.parse({ code: 'ABCDEF', childName: ' Tom  Lee ', relation: '父亲' }).childName).toBe('Tom Lee');
  });

  it('a lesson too short names the length and its minimum', () => {
    const issues = checkInput(SaveLessonInputSchema, { schoolId: 's', title: '读懂孩子', kind: 'video', durationSeconds: 5, creditHours: 1, mediaUrl: 'https://e.cn/v.mp4' });
    expect(issues?.[0]).toMatchObject({ path: 'durationSeconds', field: '时长' });
    expect(issues?.[0].message).toMatch(/^时长不能小于 \d+$/);
  });

  it('a negative capacity is refused, never made positive', () => {
    const s = z.object({ capacity: z.number().int().min(1).max(5000) });
    expect(sentences(s, { capacity: -30 })).toEqual(['名额不能小于 1']);
    expect(sentences(s, { capacity: 5001 })).toEqual(['名额不能大于 5000']);
  });
});

describe('field names', () => {
  it.each([
    [['title'], {}, '标题'],
    [['sessions', 1, 'startAt'], {}, '第2个课次的开始时间'],
    [['speaker', 'title'], {}, '主讲人职务或职称'],
    [['name'], { name: '班级名称' }, '班级名称'],
    [['somethingUnknown'], {}, '内容'],
  ] as const)('%p → %p', (path, labels, label) => {
    expect(fieldLabel([...path], { ...labels })).toBe(label);
  });

  it('withLabels gives a schema its own names', () => {
    const s = withLabels(z.object({ name: z.string().min(1) }), { name: '孩子的小名' });
    expect(sentences(s, { name: '' })).toEqual(['请填写孩子的小名']);
  });
});

describe('the sentence shown', () => {
  it('joins up to three fields, then counts the rest', () => {
    const issues = fieldIssues(
      ['a', 'b', 'c', 'd'].map(() => ({ code: 'too_big', maximum: 5, type: 'string', inclusive: true, path: ['title'], message: '' }) as never).map((i, k) => ({ ...(i as object), path: [['title', 'summary', 'place', 'reason'][k]] }) as never),
    );
    expect(validationSentence(issues)).toBe('标题最多 5 个字；简介最多 5 个字；地点最多 5 个字 等 4 处需修改');
    expect(validationSentence([])).toBe('填写的内容有误，请检查后重试');
  });

  it('older details ({ path, message } in English) still read as Chinese', () => {
    expect(asFieldIssues([{ path: 'title', message: 'String must contain at least 1 character(s)' }])).toEqual([{ path: 'title', field: '标题', message: '标题填写有误' }]);
    expect(asFieldIssues([{ path: 'positions.0', message: '班主任需要选择班级' }])[0].message).toBe('班主任需要选择班级');
    expect(asFieldIssues({ field: 'name' })).toEqual([]);
  });
});
