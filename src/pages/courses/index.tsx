/**
 * The 课程 tab: the course list itself (no menu in between), with 我的报名 and, for staff,
 * 课程管理 above it.
 */
import { View, Text } from '@tarojs/components';
import { waitFor } from '@/components/Pending';
import { useProfile } from '@/hooks/useProfile';
import { openPage, pagePath } from '@/navigation/pages';
import { mayManageCourses } from '@shared/course/course.permissions';
import { CourseList } from '@/packages/course/pages/list';
import './index.scss';

export default function CoursesTab() {
  const profile = useProfile();
  const { data } = profile;
  const wait = waitFor(profile);
  if (wait) return wait;

  const manages = !!data?.memberships.some((m) => mayManageCourses(m));
  const header = (
    <View className="courses-tab__links" data-testid="courses-tab-links">
      {pagePath('course.mine') ? (
        <Text className="courses-tab__link" onClick={() => openPage('course.mine')} data-testid="courses-tab-mine">
          我的报名
        </Text>
      ) : null}
      {manages && pagePath('course.manage') ? (
        <Text className="courses-tab__link" onClick={() => openPage('course.manage')} data-testid="courses-tab-manage">
          课程管理
        </Text>
      ) : null}
    </View>
  );
  return <CourseList header={header} />;
}
