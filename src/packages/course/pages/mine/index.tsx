/** 我的课程: upcoming, waitlisted (with place in line) and finished courses of my families. */
import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { openPage } from '@/navigation/pages';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { enrollmentLabel, myCourses } from '@/services/course';
import CourseCard from '../../components/CourseCard';
import { elderClass } from '@/services/elder-mode';
import '../../course.scss';

type Tab = 'upcoming' | 'waitlisted' | 'finished';
const TABS: { key: Tab; label: string }[] = [
  { key: 'upcoming', label: '即将参加' },
  { key: 'waitlisted', label: '候补中' },
  { key: 'finished', label: '已结束' },
];

export default function MyCoursesPage() {
  const [tab, setTab] = useState<Tab>('upcoming');
  const page = usePageData(() => myCourses(), []);
  const { data, refresh } = page;
  useRefreshOnShow(page);
  usePullToRefresh(refresh);

  if (!page.signedIn) return waitFor(page);
  const list = data ? data[tab] : [];
  return (
    <View className={`ps-page course-mine${elderClass()}`}>
      <View className="course-tabs">
        {TABS.map((t) => (
          <View key={t.key} className={`course-tab${tab === t.key ? ' course-tab--on' : ''}`} data-testid={`mine-tab-${t.key}`} onClick={() => setTab(t.key)}>
            {t.label}
            {data && data[t.key].length ? `(${data[t.key].length})` : ''}
          </View>
        ))}
      </View>
      {waitFor(page) ?? (list.length === 0 ? (
        <EmptyState
          title={tab === 'upcoming' ? '还没有报名的课程' : tab === 'waitlisted' ? '没有候补中的课程' : '还没有参加过的课程'}
          description="去课程列表看看本学期的家长课程"
          action={
            <Button type="primary" fill="outline" onClick={() => openPage('tab.courses')} data-testid="empty-go-courses">
              去课程列表
            </Button>
          }
        />
      ) : (
        <View data-testid={`mine-${tab}`}>
          {list.map((item) => (
            <CourseCard
              key={`${item.course.courseId}_${item.enrollment.familyId}`}
              course={item.course}
              badge={`${item.childName ? `${item.childName} · ` : ''}${item.course.status === 'cancelled' ? '课程已取消' : enrollmentLabel(item.enrollment.status, item.enrollment.waitlistPosition)}`}
            />
          ))}
        </View>
      ))}
    </View>
  );
}
