/** How a staff member's positions read on the admin page ("三年级1班班主任", "七年级语文教师"). */
import type { Position } from '@shared/school/roles';
import type { Grade } from '@/services/school';

export function positionText(p: Position, grades: Grade[]): string {
  const g = grades.find((x) => x._id === p.gradeId) ?? grades.find((x) => x.classes.some((c) => c._id === p.classId));
  const c = g?.classes.find((x) => x._id === p.classId);
  const where = c ? `${g!.name}${c.name}` : g ? g.name : '';
  return `${where}${p.title === '任课教师' && p.subject ? `${p.subject}教师` : p.title}`;
}
