/** 课程列表: the courses for the current child's school, grade and class, with filters and search. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { COURSE_FORMS, COURSE_TOPICS, MODE_KINDS, MODE_LABELS, type CourseForm, type CourseSummaryDto, type CourseTopic, type ModeKind } from '@shared/course/course.schema';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { waitFor } from '@/components/Pending';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { listCourses } from '@/services/course';
import { Button } from '@nutui/nutui-react-taro';
import Chips from '@/components/Chips';
import { openPage } from '@/navigation/pages';
import CourseCard from '../../components/CourseCard';
import { elderClass } from '@/services/elder-mode';
import { useElderMode } from '@/hooks/useElderMode';
import '../../course.scss';

interface Filters {
  form?: CourseForm;
  topic?: CourseTopic;
  mode?: ModeKind;
  openSeatsOnly: boolean;
  q: string;
  when: 'upcoming' | 'past';
}

/** The list itself; the 课程 tab shows it too (`header`: the tab's own links above the search). */
export function CourseList({ header }: { header?: React.ReactNode }) {
  const profile = useProfile();
  // re-render when 长辈模式 is switched (weapp: the tab stays mounted)
  useElderMode();
  const child = currentChild(profile.data);
  const childId = child?.childId;
  const [filters, setFilters] = useState<Filters>({ openSeatsOnly: false, q: '', when: 'upcoming' });
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CourseSummaryDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<{ loading: boolean; error: unknown }>({ loading: true, error: null });
  const seq = useRef(0);

  const load = useCallback(
    async (reset: boolean) => {
      if (!childId) return;
      const mine = ++seq.current;
      setState({ loading: true, error: null });
      try {
        const page = await listCourses({
          childId,
          form: filters.form,
          topic: filters.topic,
          mode: filters.mode,
          openSeatsOnly: filters.openSeatsOnly || undefined,
          q: filters.q || undefined,
          when: filters.when,
          cursor: reset ? undefined : cursor ?? undefined,
          pageSize: 10,
        });
        if (mine !== seq.current) return;
        setItems((prev) => (reset ? page.items : [...prev, ...page.items]));
        setCursor(page.nextCursor);
        setState({ loading: false, error: null });
      } catch (error) {
        if (mine === seq.current) setState({ loading: false, error });
      }
    },
    [childId, filters, cursor],
  );

  useEffect(() => {
    void load(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [child?.childId, filters]);

  usePullToRefresh(() => load(true));
  useReachBottom(() => {
    if (cursor && !state.loading) void load(false);
  });

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!child) {
    return (
      <View className={`ps-page${elderClass()}`}>
        {header}
        <EmptyState
          title="还没有绑定孩子"
          description="绑定孩子后，可以看到孩子所在年级和班级的课程"
          action={
            <Button type="primary" fill="outline" onClick={() => openPage('school.bindChild')} data-testid="empty-bind-child">
              去绑定孩子
            </Button>
          }
        />
      </View>
    );
  }

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <View className={`ps-page course-list${elderClass()}`}>
      {header}
      <View className="course-search">
        <Input
          className="course-search__input"
          placeholder="搜索课程名称"
          value={query}
          confirmType="search"
          data-testid="course-search"
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => set({ q: query.trim() })}
        />
        <Text onClick={() => set({ q: query.trim() })}>搜索</Text>
      </View>
      <Chips
        options={[
          { value: 'upcoming', label: '可参加' },
          { value: 'past', label: '往期' },
        ]}
        value={[filters.when]}
        onChange={(v) => set({ when: (v[0] as Filters['when']) ?? 'upcoming' })}
      />
      <Chips options={COURSE_FORMS.map((f) => ({ value: f, label: f }))} value={filters.form ? [filters.form] : []} onChange={(v) => set({ form: v[0] })} testId="filter-form" />
      <Chips options={COURSE_TOPICS.map((t) => ({ value: t, label: t }))} value={filters.topic ? [filters.topic] : []} onChange={(v) => set({ topic: v[0] })} testId="filter-topic" />
      <View className="ps-chips" data-testid="filter-mode">
        {MODE_KINDS.map((m) => (
          <View key={m} className={`ps-chip${filters.mode === m ? ' ps-chip--on' : ''}`} onClick={() => set({ mode: filters.mode === m ? undefined : m })}>
            {MODE_LABELS[m]}
          </View>
        ))}
        <View className={`ps-chip${filters.openSeatsOnly ? ' ps-chip--on' : ''}`} data-testid="filter-open-seats" onClick={() => set({ openSeatsOnly: !filters.openSeatsOnly })}>
          {filters.openSeatsOnly ? '✓ ' : ''}只看有名额
        </View>
      </View>

      {state.error && items.length === 0 ? (
        <ErrorState error={state.error} onRetry={() => void load(true)} />
      ) : state.loading && items.length === 0 ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="暂无符合条件的课程" description={filters.q || filters.form || filters.topic || filters.mode || filters.openSeatsOnly ? '换个筛选条件试试' : '学校发布课程后会显示在这里'} />
      ) : (
        <View data-testid="course-list">
          {items.map((c) => (
            <CourseCard key={c.courseId} course={c} />
          ))}
          <Text className="course-more">{state.loading ? '加载中…' : cursor ? '上拉加载更多' : '没有更多了'}</Text>
        </View>
      )}
    </View>
  );
}

export default function CourseListPage() {
  return <CourseList />;
}
