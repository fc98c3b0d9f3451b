import type { DemoUser } from '@/services/session';

/** Group titles in the order a visitor expects them (unknown roles follow, alphabetically by title). */
export const ROLE_GROUPS = ['家长', '班主任', '任课教师', '心理健康教师', '家庭教育指导教师', '年级主任', '分管副校长', '校长', '学校管理员'] as const;

const ALIASES: Record<string, string> = {
  parent: '家长',
  guardian: '家长',
  headteacher: '班主任',
  classteacher: '班主任',
  subjectteacher: '任课教师',
  teacher: '任课教师',
  gradedirector: '年级主任',
  gradehead: '年级主任',
  principal: '校长',
  viceprincipal: '分管副校长',
  admin: '学校管理员',
  schooladmin: '学校管理员',
};

/** The Chinese group title for a demo user's role ('parent', 'head-teacher', '班主任' …). */
export function roleGroup(role: string): string {
  const key = role.toLowerCase().replace(/[\s_-]/g, '');
  return ALIASES[key] ?? (role || '其他');
}

export function groupDemoUsers(users: DemoUser[]): { title: string; users: DemoUser[] }[] {
  const groups = new Map<string, DemoUser[]>();
  for (const u of users) {
    const title = roleGroup(u.role);
    groups.set(title, [...(groups.get(title) ?? []), u]);
  }
  const rank = (t: string) => {
    const i = (ROLE_GROUPS as readonly string[]).indexOf(t);
    return i < 0 ? ROLE_GROUPS.length : i;
  };
  return Array.from(groups.entries())
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([title, list]) => ({ title, users: list }));
}
