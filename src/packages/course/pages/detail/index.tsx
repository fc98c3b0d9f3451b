/**
 * 课程详情: sessions, place, speaker, seats, what it counts toward; the enrol / waitlist / cancel
 * button is decided by the same shared rule the server enforces (enrollButton). Staff who manage
 * the course also get its lifecycle actions and the enrolment list.
 */
import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { enrollButton } from '@shared/course/course.rules';
import { recordedLessonId } from '@shared/attendance/attendance.rules';
import type { CourseDetailDto } from '@shared/course/course.schema';
import ErrorState from '@/components/ErrorState';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import {
  askEnrollNotices,
  cancelCourse,
  cancelEnrollment,
  closeCourse,
  courseDetail,
  enroll,
  enrollmentLabel,
  finishCourse,
  formatDateTime,
  modeLabel,
  publishCourse,
  reopenCourse,
  seatsText,
  sessionText,
  courseStatus,
} from '@/services/course';
import Chips from '@/components/Chips';
import '../../course.scss';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import Tag from '@/components/Tag';

function audienceText(c: CourseDetailDto): string {
  switch (c.audience.kind) {
    case 'school':
      return '全校家长';
    case 'grades':
      return `指定年级（${c.audience.gradeIds.length}个）`;
    case 'classes':
      return `指定班级（${c.audience.classIds.length}个）`;
    case 'alliance':
      return `教联体成员校（${c.audience.schoolIds.length + 1}所）`;
  }
}

/** Attendance pages of a session live in the credit subpackage. */
function openCredit(page: 'projector' | 'roster', sessionId: string) {
  openPage(page === 'projector' ? 'credit.projector' : 'credit.roster', { sessionId });
}

function Row(props: { label: string; value: string; testId?: string }) {
  return (
    <View className="course-row" data-testid={props.testId}>
      <Text className="course-row__label">{props.label}</Text>
      <Text className="course-row__value">{props.value}</Text>
    </View>
  );
}

export default function CourseDetailPage() {
  const router = useRouter();
  const courseId = router.params.id ?? '';
  const profile = useProfile();
  const child = currentChild(profile.data);
  const ready = profile.signedIn && !!profile.data && !!courseId;
  const detail = useAsync(() => courseDetail(courseId, child?.childId), [courseId, child?.childId], { enabled: ready });
  const { data, refresh } = detail;
  const [seats, setSeats] = useState<1 | 2>(1);
  const action = useAction({ toast: true });
  const { busy } = action;
  useRefreshOnShow(detail);
  usePullToRefresh(refresh);

  if (!courseId) return <ErrorState error={null} title="缺少课程编号" />;
  const wait = waitFor(profile, detail);
  if (wait || !data) return wait;

  const c = data;
  const family = child ? { schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId } : null;
  const button = enrollButton(c, family, c.myEnrollment, new Date(), seats);

  /** An action on the course or the enrolment, then the course as it is now (also after a failure). */
  const run = async (what: () => Promise<unknown>, done: string) => {
    await action.run(async () => {
      await what();
      void Taro.showToast({ title: done, icon: 'success' });
    });
    await refresh();
  };

  const onMain = () => {
    if (!child || button.disabled) return;
    if (button.action === 'enroll' || button.action === 'waitlist') {
      // Ask for the notices synchronously in the tap, before any await (WeChat rule); don't wait for it.
      void askEnrollNotices();
      void action
        .run(async () => {
          const r = await enroll(c.courseId, child.childId, seats);
          void Taro.showToast({ title: r.status === 'enrolled' ? '报名成功' : `已加入候补，第${r.waitlistPosition}位`, icon: r.status === 'enrolled' ? 'success' : 'none', duration: 2500 });
        })
        .then(() => refresh());
      return;
    }
    const leaving = button.action === 'leaveWaitlist';
    void Taro.showModal({
      title: leaving ? '退出候补' : '取消报名',
      content: leaving ? '退出后如需参加需重新排队，确定退出吗？' : '取消后名额将自动让给候补的家长，确定取消吗？',
      confirmText: '确定',
      cancelText: '再想想',
    }).then((r) => {
      if (r.confirm) void run(() => cancelEnrollment(c.courseId, child.childId), leaving ? '已退出候补' : '已取消报名');
    });
  };

  const my = c.myEnrollment && (c.myEnrollment.status === 'enrolled' || c.myEnrollment.status === 'waitlisted') ? c.myEnrollment : null;
  const isParent = !!child;

  return (
    <View className={`ps-page course-detail${elderClass()}`} data-testid="course-detail">
      <View className="course-section">
        {c.coverUrl ? <Image className="course-cover" src={c.coverUrl} mode="aspectFill" data-testid="course-cover" /> : null}
        <Text className="course-card__title" data-testid="course-title">
          {c.title}
        </Text>
        <View>
          <Tag tone={courseStatus(c).tone} testId="course-status">
            {courseStatus(c).text}
          </Tag>
          <Tag tone="green">{c.form}</Tag>
          <Tag>{modeLabel(c)}</Tag>
          {c.topics.map((t) => (
            <Tag key={t}>
              {t}
            </Tag>
          ))}
        </View>
        {c.status === 'cancelled' && c.cancelReason ? <Text className="course-reason">课程已取消：{c.cancelReason}</Text> : null}
      </View>

      <View className="course-section">
        <Text className="course-section__title">时间与地点</Text>
        {c.sessions.map((s, i) => (
          <View key={s.sessionId}>
            <Row label={c.sessions.length > 1 ? `第${i + 1}次` : '时间'} value={`${sessionText(s)}（${s.classHours}课时）${s.place ? ` · ${s.place}` : ''}`} />
            {c.canManage && c.mode.kind !== 'recorded' && c.status !== 'draft' && c.status !== 'cancelled' ? (
              <View className="course-session-links">
                <Text className="course-link" data-testid="session-projector" onClick={() => openCredit('projector', s.sessionId)}>
                  签到投屏
                </Text>
                <Text className="course-link" data-testid="session-roster" onClick={() => openCredit('roster', s.sessionId)}>
                  考勤名单
                </Text>
              </View>
            ) : null}
          </View>
        ))}
        {c.mode.kind === 'offline' ? <Row label="地点" value={c.mode.place} /> : null}
        {c.mode.kind === 'live' ? <Row label="直播" value={my?.status === 'enrolled' || c.canManage ? c.mode.link : '报名成功后可见直播链接'} /> : null}
        {c.mode.kind === 'recorded' ? <Row label="观看" value={my?.status === 'enrolled' || c.canManage ? c.mode.link ?? '课程页内观看' : '报名后可观看录播微课'} /> : null}
        <Row label="主讲" value={`${c.speaker.name}${c.speaker.title ? `（${c.speaker.title}${c.speaker.kind === 'expert' && c.speaker.organization ? `，${c.speaker.organization}` : ''}）` : ''}`} />
        <Row label="面向" value={audienceText(c)} />
        <Row label="学时" value={c.countsToward} />
      </View>

      <View className="course-section">
        <Text className="course-section__title">报名</Text>
        <Row label="名额" value={`${c.capacity}个 · 已报${c.enrolledSeats}人`} testId="course-capacity" />
        <Row label="状态" value={seatsText(c)} testId="course-seats" />
        <Row label="报名时间" value={`${formatDateTime(c.enrollOpensAt)} 至 ${formatDateTime(c.enrollClosesAt)}`} />
        <Row label="取消截止" value={formatDateTime(c.cancelDeadline)} />
        <Row label="每户" value={`最多${c.seatsPerFamily}位家长参加`} />
        {my ? <Row label="我的报名" value={`${child?.childName ?? ''}家庭 · ${enrollmentLabel(my.status, my.waitlistPosition)} · ${my.seats}人`} testId="my-enrollment" /> : null}
      </View>

      {c.summary ? (
        <View className="course-section">
          <Text className="course-section__title">课程简介</Text>
          <Text>{c.summary}</Text>
        </View>
      ) : null}

      {isParent && my?.status === 'enrolled' && c.mode.kind === 'offline' && c.status !== 'cancelled' ? (
        <View className="course-actions">
          <Button block type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/credit/pages/checkin/index' })} data-testid="checkin-button">
            现场签到
          </Button>
        </View>
      ) : null}

      {isParent && my?.status === 'enrolled' && c.mode.kind === 'recorded' && c.status !== 'cancelled' && c.status !== 'draft' ? (
        <View className="course-actions">
          <Button
            block
            type="primary"
            fill="outline"
            onClick={() => openPage('credit.lesson', { lessonId: recordedLessonId(c.courseId), familyId: child!.childId })}
            data-testid="watch-lesson-button"
          >
            观看微课（看完计入学时）
          </Button>
        </View>
      ) : null}

      {isParent ? (
        <View className="course-actions">
          {!my && c.seatsPerFamily === 2 && !button.disabled ? (
            <Chips
              options={[
                { value: '1', label: '1位家长参加' },
                { value: '2', label: '2位家长参加' },
              ]}
              value={[String(seats)]}
              onChange={(v) => setSeats(v[0] === '2' ? 2 : 1)}
            />
          ) : null}
          <Button
            block
            type={button.action === 'cancel' || button.action === 'leaveWaitlist' ? 'default' : 'primary'}
            disabled={button.disabled || busy}
            loading={busy}
            onClick={onMain}
            data-testid="enroll-button"
          >
            {button.label}
          </Button>
          {button.reason ? (
            <Text className="course-reason" data-testid="enroll-reason">
              {button.reason}
            </Text>
          ) : null}
        </View>
      ) : null}

      {c.canManage ? <ManageActions course={c} busy={busy} run={run} /> : null}
    </View>
  );
}

function ManageActions(props: { course: CourseDetailDto; busy: boolean; run: (what: () => Promise<unknown>, done: string) => Promise<void> }) {
  const { course: c, busy, run } = props;
  const go = (page: 'edit' | 'enrollments') => openPage(page === 'edit' ? 'course.edit' : 'course.enrollments', { id: c.courseId });
  const over = c.status === 'finished' || c.status === 'cancelled';
  return (
    <View className="course-actions" data-testid="manage-actions">
      <Text className="course-section__title">课程管理</Text>
      {c.status === 'draft' ? (
        <Button block type="primary" disabled={busy} onClick={() => void run(() => publishCourse(c.courseId), '已发布')} data-testid="publish-button">
          发布课程
        </Button>
      ) : null}
      {c.status !== 'draft' ? (
        <Button block type="primary" fill="outline" onClick={() => go('enrollments')} data-testid="enrollments-button">
          报名名单（{c.enrolledFamilies}户{c.waitlistFamilies ? `，候补${c.waitlistFamilies}户` : ''}）
        </Button>
      ) : null}
      {!over ? (
        <Button block fill="outline" onClick={() => go('edit')} data-testid="edit-button">
          编辑课程
        </Button>
      ) : null}
      {c.status === 'published' ? (
        <Button block fill="outline" disabled={busy} onClick={() => void run(() => closeCourse(c.courseId), '已截止报名')}>
          截止报名
        </Button>
      ) : null}
      {c.status === 'closed' ? (
        <Button block fill="outline" disabled={busy} onClick={() => void run(() => reopenCourse(c.courseId), '已重新开放')}>
          重新开放报名
        </Button>
      ) : null}
      {(c.status === 'published' || c.status === 'closed') && new Date(c.startAt).getTime() <= Date.now() ? (
        <Button block fill="outline" disabled={busy} onClick={() => void run(() => finishCourse(c.courseId), '已结课')}>
          结课
        </Button>
      ) : null}
      {!over ? (
        <Button
          block
          type="danger"
          fill="outline"
          disabled={busy}
          onClick={() =>
            void Taro.showModal({ title: '取消课程', content: '取消后将通知已报名和候补的家庭，确定取消吗？', confirmText: '取消课程', cancelText: '返回' }).then((r) => {
              if (r.confirm) void run(() => cancelCourse(c.courseId, '学校工作安排调整'), '已取消课程');
            })
          }
        >
          取消课程
        </Button>
      ) : null}
    </View>
  );
}
