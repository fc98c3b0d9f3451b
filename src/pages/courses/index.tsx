import EntryList, { type Entry } from '@/components/EntryList';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import { useProfile } from '@/hooks/useProfile';
import { firstPage } from '@/navigation/pages';

/** The 课程 tab: the doors into the course subpackage (which pages exist depends on what is built). */
export default function CoursesTab() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;

  const isStaff = !!data?.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const entries: Entry[] = [
    { key: 'list', title: '课程列表', description: '本学期面向您孩子年级与班级的课程', url: firstPage('course', 'list', 'courses', 'index') },
    { key: 'mine', title: '我的报名', description: '已报名与候补中的课程', url: firstPage('course', 'my-enrollments', 'mine', 'enrollments') },
    ...(isStaff ? [{ key: 'manage', title: '课程管理', description: '发布课程、查看报名名单', url: firstPage('course', 'manage', 'admin', 'edit') }] : []),
  ];

  return <EntryList title="家长课程" entries={entries} empty={{ title: '暂无可报名的课程', description: '课程发布后会显示在这里' }} />;
}
