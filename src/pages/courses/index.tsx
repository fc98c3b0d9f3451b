/**
 * The 课程 tab: the course list itself (no menu in between), with 我的报名 and, for staff,
 * 课程管理 above it.
 */
import { View, Text } from '@tarojs/components';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import { useProfile } from '@/hooks/useProfile';
import { openPage, pagePath } from '@/navigation/pages';
import { mayManageCourses } from '@shared/course/course.permissions';
import { CourseList } from '@/packages/course/pages/list';
import './index.scss';

export default function CoursesTab() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;

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
