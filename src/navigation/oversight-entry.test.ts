import type { Membership } from '@shared/school/roles';
import { oversightEntry } from './oversight-entry';

const m = (over: Partial<Membership>): Membership => ({ schoolId: 's1', roles: ['teacher'], positions: [], ...over });

describe('oversightEntry: who is offered which dashboard', () => {
  it.each<[string, Membership[], string | null]>([
    ['校长', [m({ positions: [{ title: '校长' }] })], '家校工作看板'],
    ['分管副校长', [m({ positions: [{ title: '分管副校长' }] })], '家校工作看板'],
    ['学校管理员', [m({ roles: ['admin'] })], '家校工作看板'],
    ['年级主任', [m({ positions: [{ title: '年级主任', gradeId: 'g3' }] })], '年级家校工作看板'],
    ['班主任', [m({ positions: [{ title: '班主任', classId: 'c1' }] })], '班级家校工作看板'],
    ['年级主任 who is also 班主任: the wider view', [m({ positions: [{ title: '班主任', classId: 'c1' }, { title: '年级主任', gradeId: 'g3' }] })], '年级家校工作看板'],
    ['任课教师', [m({ positions: [{ title: '任课教师', classId: 'c1', subject: '语文' }] })], null],
    ['家长', [m({ roles: ['parent'] })], null],
    ['a parent with a stale 校长 position but no staff role', [m({ roles: ['parent'], positions: [{ title: '校长' }] })], null],
    ['nobody', [], null],
  ])('%s', (_who, memberships, title) => {
    expect(oversightEntry(memberships)?.title ?? null).toBe(title);
  });
  it('names the school of the position', () => {
    expect(oversightEntry([m({ roles: ['parent'], schoolId: 's2' }), m({ schoolId: 's9', positions: [{ title: '班主任', classId: 'c' }] })])?.schoolId).toBe('s9');
  });
});
