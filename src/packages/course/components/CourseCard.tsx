import { View, Text, Image } from '@tarojs/components';
import type { CourseSummaryDto } from '@shared/course/course.schema';
import { courseStatus, modeLabel, seatsText, sessionText } from '@/services/course';
import { openPage } from '@/navigation/pages';
import Tag from '@/components/Tag';

/** @deprecated use pageUrl('course.detail', { id }) (kept for branches that import it). */
export const DETAIL_PAGE = '/packages/course/pages/detail/index';

/** One course in a list: cover, title, form, time, place/mode, seats; tap → detail. */
export default function CourseCard(props: { course: CourseSummaryDto; badge?: string; onTap?: () => void }) {
  const c = props.course;
  const full = c.seatsLeft === 0 || c.waitlistFamilies > 0;
  const open = c.status === 'published';
  const st = courseStatus(c);
  return (
    <View
      className="course-card"
      data-testid="course-card"
      data-course-id={c.courseId}
      onClick={props.onTap ?? (() => openPage('course.detail', { id: c.courseId }))}
    >
      {c.coverUrl ? <Image className="course-cover" src={c.coverUrl} mode="aspectFill" lazyLoad data-testid="course-card-cover" /> : null}
      <Text className="course-card__title">{c.title}</Text>
      <View>
        <Tag tone="green">{c.form}</Tag>
        <Tag>{modeLabel(c)}</Tag>
        {c.topics.slice(0, 2).map((t) => (
          <Tag key={t}>
            {t}
          </Tag>
        ))}
      </View>
      <Text className="course-card__meta">{sessionText({ startAt: c.startAt, endAt: c.endAt })}</Text>
      <Text className="course-card__meta">
        {c.place ? `${c.place} · ` : ''}主讲：{c.speakerName} · {c.totalClassHours}课时
      </Text>
      <View className="course-card__foot">
        {props.badge ? (
          <Tag tone="orange">{props.badge}</Tag>
        ) : (
          <Tag tone={st.tone}>{st.text}</Tag>
        )}
        {open || c.status === 'closed' ? <Text className={`course-seats${full ? ' course-seats--full' : ''}`}>{seatsText(c)}</Text> : null}
      </View>
    </View>
  );
}
