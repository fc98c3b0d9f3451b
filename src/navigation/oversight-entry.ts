/**
 * The link to 家校工作看板 on 首页 and 我的: what it is called and says for this user's widest
 * view (school leaders: the school; 年级主任: the grade; 班主任: the class), or null for parents
 * and for staff without such a position. The server decides what each view shows (myScopes).
 */
import type { Membership } from '@shared/school/roles';
import { isSchoolLeader } from '@shared/oversight/oversight.rules';

export interface OversightEntry {
  title: string;
  description: string;
  schoolId: string;
}

type M = Pick<Membership, 'schoolId' | 'roles' | 'positions'>;

export function oversightEntry(memberships: readonly M[]): OversightEntry | null {
  const staff = memberships.filter((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const leader = staff.find((m) => isSchoolLeader(m as Membership));
  if (leader) return { title: '家校工作看板', description: '查看全校各年级、各班的家校工作情况，对照政策要求', schoolId: leader.schoolId };
  const director = staff.find((m) => m.positions.some((p) => p.title === '年级主任'));
  if (director) return { title: '年级家校工作看板', description: '查看本年级各班的学时达标、活动与通知情况', schoolId: director.schoolId };
  const head = staff.find((m) => m.positions.some((p) => p.title === '班主任'));
  if (head) return { title: '班级家校工作看板', description: '本班家庭的学时达标情况、需要邀请的家庭与月度趋势', schoolId: head.schoolId };
  return null;
}
