/** 课程管理: a teacher's / admin's courses of their school by status, and 新建课程. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { mayManageCourses } from '@shared/course/course.permissions';
import { COURSE_STATUSES, COURSE_STATUS_LABELS, type CourseStatus } from '@shared/course/course.schema';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { openPage } from '@/navigation/pages';
import { useAsync } from '@/hooks/useAsync';
import { useProfile, type ProfileMembership } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { listManagedCourses } from '@/services/course';
import Chips from '@/components/Chips';
import CourseCard from '../../components/CourseCard';
import { elderClass } from '@/services/elder-mode';
import '../../course.scss';

/** The shared rule the server applies (types/course/course.permissions.ts). */
export function managesCourses(m: ProfileMembership): boolean {
  return mayManageCourses(m);
}

export default function ManageCoursesPage() {
  const profile = useProfile();
  const schools = (profile.data?.memberships ?? []).filter(managesCourses);
  const [schoolId, setSchoolId] = useState<string>('');
  const [status, setStatus] = useState<CourseStatus | undefined>(undefined);
  const current = schoolId || schools[0]?.schoolId || '';
  const courses = useAsync(() => listManagedCourses({ schoolId: current, status, pageSize: 50 }), [current, status], { enabled: !!current });
  const { data, refresh } = courses;
  useRefreshOnShow(courses);
  usePullToRefresh(refresh);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!current) return <EmptyState title="您没有课程管理权限" description="家庭教育指导教师、心理健康教师、班主任、年级主任、校长和学校管理员可以发布课程" />;

  return (
    <View className={`ps-page course-manage${elderClass()}`}>
      {schools.length > 1 ? (
        <Chips options={schools.map((m) => ({ value: m.schoolId, label: m.schoolName }))} value={[current]} onChange={(v) => v[0] && setSchoolId(v[0])} />
      ) : (
        <Text className="ps-section-title">{schools[0].schoolName}</Text>
      )}
      <Chips options={COURSE_STATUSES.map((s) => ({ value: s, label: COURSE_STATUS_LABELS[s] }))} value={status ? [status] : []} onChange={(v) => setStatus(v[0])} testId="manage-status" />
      <View className="course-actions">
        <Button block type="primary" onClick={() => openPage('course.edit', { schoolId: current })} data-testid="new-course">
          新建课程
        </Button>
      </View>
      {waitFor(courses) ?? (!data || data.items.length === 0 ? (
        <EmptyState title="还没有课程" description="点击“新建课程”发布本学期的家长课程" />
      ) : (
        <View data-testid="managed-list">
          {data.items.map((c) => (
            <CourseCard key={c.courseId} course={c} />
          ))}
        </View>
      ))}
    </View>
  );
}
