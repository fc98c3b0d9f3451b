/** 报名名单 (staff): enrolled and waiting families, breakdown by class, remove with a reason. */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { EnrollmentRowDto } from '@shared/course/course.schema';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { usePageData } from '@/hooks/usePageData';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { courseEnrollments, formatDateTime, removeEnrollment, seatsText } from '@/services/course';
import { elderClass } from '@/services/elder-mode';
import '../../course.scss';

export default function EnrollmentListPage() {
  const courseId = useRouter().params.id ?? '';
  const page = usePageData(() => courseEnrollments(courseId), [courseId], { enabled: !!courseId });
  const { data, refresh } = page;
  const [removing, setRemoving] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction({ toast: true });
  const { busy } = action;
  usePullToRefresh(refresh);

  if (!courseId) return <ErrorState error={null} title="缺少课程编号" />;
  const wait = waitFor(page);
  if (wait || !data) return wait;

  const confirmRemove = async (row: EnrollmentRowDto) => {
    if (!reason.trim()) {
      void Taro.showToast({ title: '请填写移除原因', icon: 'none' });
      return;
    }
    await action.run(async () => {
      const r = await removeEnrollment(courseId, row.familyId, reason.trim());
      void Taro.showToast({ title: r.promoted ? `已移除，${r.promoted}户候补已补位` : '已移除', icon: 'none' });
      setRemoving(null);
      setReason('');
      await refresh();
    });
  };

  const rowView = (row: EnrollmentRowDto) => (
    <View key={row.familyId} className="course-table__row" data-testid="enrollment-row" data-family={row.familyId} style={{ flexWrap: 'wrap' }}>
      <Text className="course-table__cell">
        {row.status === 'waitlisted' ? `候补${row.waitlistPosition} · ` : ''}
        {row.childName}家庭（{row.className}）
      </Text>
      <Text className="course-table__cell--num">{row.seats}人</Text>
      <Text className="course-table__cell--num" onClick={() => setRemoving(removing === row.familyId ? null : row.familyId)} style={{ color: '#d25f00' }}>
        移除
      </Text>
      <Text className="ps-muted" style={{ width: '100%' }}>
        {row.status === 'waitlisted' ? '候补于' : '报名于'} {formatDateTime(row.at)}
      </Text>
      {removing === row.familyId ? (
        <View style={{ width: '100%' }}>
          <Input className="course-field__input" placeholder="移除原因（将通知家长）" value={reason} onInput={(e) => setReason(e.detail.value)} data-testid="remove-reason" />
          <Button size="small" type="danger" disabled={busy} onClick={() => void confirmRemove(row)} data-testid="remove-confirm">
            确认移除
          </Button>
        </View>
      ) : null}
    </View>
  );

  return (
    <View className={`ps-page course-enrollments${elderClass()}`}>
      <View className="course-section">
        <Text className="course-card__title">{data.course.title}</Text>
        <Text className="course-card__meta">
          名额{data.course.capacity}个 · 已报{data.course.enrolledSeats}人（{data.course.enrolledFamilies}户） · {seatsText(data.course)}
        </Text>
      </View>
      <View className="course-section" data-testid="by-class">
        <Text className="course-section__title">按班级统计</Text>
        {data.byClass.length === 0 ? (
          <Text className="ps-muted">暂无报名</Text>
        ) : (
          data.byClass.map((b) => (
            <View key={b.classId} className="course-table__row">
              <Text className="course-table__cell">{b.className}</Text>
              <Text className="course-table__cell--num">{b.families}户</Text>
              <Text className="course-table__cell--num">{b.seats}人</Text>
            </View>
          ))
        )}
      </View>
      <View className="course-section" data-testid="enrolled-list">
        <Text className="course-section__title">已报名（{data.enrolled.length}户）</Text>
        {data.enrolled.length ? data.enrolled.map(rowView) : <EmptyState title="还没有家庭报名" />}
      </View>
      {data.waitlisted.length ? (
        <View className="course-section" data-testid="waitlist">
          <Text className="course-section__title">候补（{data.waitlisted.length}户，按报名先后）</Text>
          {data.waitlisted.map(rowView)}
        </View>
      ) : null}
    </View>
  );
}
