/** Online micro-lessons of the family's school, with this family's progress. */
import { View, Text } from '@tarojs/components';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { useRefreshOnShow } from '@/hooks/useRefresh';
import { listLessons, minutesLabel } from '@/services/attendance';
import '../../credit.scss';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';

export default function LessonsPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const lessons = useAsync(() => listLessons(child?.childId), [child?.childId], { enabled: profile.signedIn && !!child });
  const { data } = lessons;
  useRefreshOnShow(lessons);
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!child) return <EmptyState title="还没有绑定孩子" description="绑定孩子后可以学习学校的线上微课" />;
  const waitList = waitFor(lessons);
  if (waitList) return waitList;
  const list = data ?? [];
  return (
    <View className={`ps-page${elderClass()}`}>
      <Text className="ps-section-title">完整观看或阅读后计入学时，每节微课计一次</Text>
      {list.length === 0 ? (
        <EmptyState title="暂无线上微课" description="学校发布微课后会显示在这里" />
      ) : (
        list.map((l) => (
          <View key={l.lessonId} className="ps-card" onClick={() => openPage('credit.lesson', { lessonId: l.lessonId })}>
            <Text className="cr-title">{l.title}</Text>
            <Text className="cr-line">{l.summary}</Text>
            <Text className="cr-tag">{l.kind === 'video' ? '视频' : '图文'}</Text>
            <Text className="cr-tag">{minutesLabel(l.durationSeconds)}</Text>
            <Text className="cr-tag">{l.creditHours} 课时</Text>
            {l.progress?.completedAt ? <Text className="cr-tag cr-tag--ok">已完成</Text> : l.progress ? <Text className="cr-tag cr-tag--warn">学习中</Text> : null}
          </View>
        ))
      )}
    </View>
  );
}
