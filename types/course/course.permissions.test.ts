import { mayManageCourses } from './course.permissions';

describe('mayManageCourses', () => {
  it.each([
    ['a school admin', { roles: ['admin'], positions: [] }, true],
    ['a 班主任 teacher', { roles: ['teacher'], positions: [{ title: '班主任', classId: 'c1' }] }, true],
    ['a 家庭教育指导教师', { roles: ['teacher'], positions: [{ title: '家庭教育指导教师' }] }, true],
    ['a 任课教师 only', { roles: ['teacher'], positions: [{ title: '任课教师', classId: 'c1', subject: '语文' }] }, false],
    ['a 班主任 position without the teacher role (left the school)', { roles: ['parent'], positions: [{ title: '班主任', classId: 'c1' }] }, false],
    ['a parent', { roles: ['parent'], positions: [] }, false],
    ['nobody', null, false],
  ] as const)('%s → %p', (_label, m, ok) => {
    expect(mayManageCourses(m as never)).toBe(ok);
  });
});
