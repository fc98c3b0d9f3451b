/** 新建 / 编辑课程 (staff): every field of a course; 保存草稿 or 保存并发布. */
import { useEffect, useState } from 'react';
import { View, Text, Picker, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { dayjs } from '@shared/common/time';
import { classHourRuleText, semesterLabel, totalClassHours } from '@shared/course/course.rules';
import { COURSE_FORMS, COURSE_TOPICS } from '@shared/course/course.schema';
import { at, controlOf, defaults, formIssues, fromCourse, LIMITS, toInput, type Form, type SessionForm } from './course-form';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useRequireSignIn } from '@/hooks/useSession';
import { failureText, inputFailure } from '@/services/cloud';
import { school as schoolApi } from '@/services/school';
import { useAction } from '@/hooks/useAction';
import Field from '@/components/Field';
import FailureAlert from '@/components/FailureAlert';
import { courseDetail, createCourse, publishCourse, schoolClassHourRule, updateCourse, uploadCover } from '@/services/course';
import { chooseOneImage, MAX_IMAGE_BYTES } from '@/services/upload';
import { redirectToPage } from '@/navigation/pages';
import Chips from '@/components/Chips';
import { elderClass } from '@/services/elder-mode';
import '../../course.scss';

/** One labelled group of controls; marked when a failure named it. */
function Section(props: { label: string; invalid?: boolean; children: React.ReactNode }) {
  return (
    <View className={`course-field${props.invalid ? ' ps-field--invalid' : ''}`}>
      <Text className="course-field__label ps-field__label">{props.label}</Text>
      {props.children}
    </View>
  );
}

function DateTime(props: { date: string; time: string; onDate(v: string): void; onTime(v: string): void; testId?: string }) {
  return (
    <View className="course-datetime" data-testid={props.testId}>
      <Picker mode="date" value={props.date} onChange={(e) => props.onDate(String(e.detail.value))}>
        <Text className="course-field__picker">{props.date}</Text>
      </Picker>
      <Picker mode="time" value={props.time} onChange={(e) => props.onTime(String(e.detail.value))}>
        <Text className="course-field__picker">{props.time}</Text>
      </Picker>
    </View>
  );
}

export default function EditCoursePage() {
  const signedIn = useRequireSignIn();
  const params = useRouter().params;
  const courseId = params.id ?? '';
  const existing = useAsync(() => courseDetail(courseId), [courseId], { enabled: signedIn && !!courseId });
  const schoolId = params.schoolId || existing.data?.schoolId || '';
  const grades = useAsync(() => schoolApi.listGrades(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const school = useAsync(() => schoolApi.getSchool(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const staff = useAsync(() => schoolApi.listStaff(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const [form, setForm] = useState<Form>(defaults);
  const action = useAction();
  const { busy } = action;
  /** What the cover preview shows: the picked local file, else the stored cover's temp URL. */
  const [coverPreview, setCoverPreview] = useState('');
  const [uploading, setUploading] = useState(false);
  /**
   * Editing: the inputs mount only once the course is in the form. Mounting them empty and filling
   * them right after changes a Taro <Input>/<Textarea> `value` before it has rendered its inner
   * element, and Taro 4.2.1's watchValue then reads `inputRef.value` of undefined (issue 8).
   */
  const [filled, setFilled] = useState(!courseId);
  const rule = useAsync(() => schoolClassHourRule(schoolId, form.semester), [schoolId, form.semester], { enabled: signedIn && !!schoolId });

  useEffect(() => {
    if (existing.data) {
      setForm(fromCourse(existing.data));
      setCoverPreview(existing.data.coverUrl ?? '');
      setFilled(true);
    }
  }, [existing.data]);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: courseId ? '编辑课程' : '新建课程' });
  }, [courseId]);

  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (courseId && existing.loading && !existing.data) return <Loading />;
  if (courseId && existing.error && !existing.data) return <ErrorState error={existing.error} onRetry={existing.refresh} />;
  if (!filled) return <Loading />;
  if (!schoolId) return <ErrorState error={null} title="缺少学校" />;

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setSession = (i: number, patch: Partial<SessionForm>) => set({ sessions: form.sessions.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  const allClasses = (grades.data ?? []).flatMap((g) => g.classes.map((c) => ({ ...c, label: `${g.name}${c.name.startsWith(g.name) ? c.name.slice(g.name.length) : c.name}` })));
  const others = (school.data?.alliance?.schools ?? []).filter((s) => s._id !== schoolId);
  // The same shared rule the server applies, with the school's current rule (what a save snapshots).
  const sessionTimes = form.sessions.map((s) => ({ startAt: at(s.date, s.start), endAt: at(s.date, s.end) }));
  const hours = rule.data ? totalClassHours(sessionTimes, rule.data) : null;
  const snapshot = existing.data?.classHourRule;
  const ruleChanged =
    !!snapshot && !!rule.data && (snapshot.minutesPerClassHour !== rule.data.minutesPerClassHour || (snapshot.rounding ?? 'half') !== (rule.data.rounding ?? 'half'));

  /** Did the last failure name this control? */
  const bad = (control: string) => action.fields.some((p) => controlOf(p) === control);

  const pickCover = async () => {
    action.setFailure(null);
    const picked = await chooseOneImage();
    if (!picked) return;
    if (picked.size > MAX_IMAGE_BYTES) {
      action.setFailure('封面图片不能超过 5MB，请换一张');
      return;
    }
    setUploading(true);
    try {
      const fileId = await uploadCover(schoolId, picked.path);
      set({ coverFileId: fileId });
      setCoverPreview(picked.path);
    } catch (e) {
      action.setFailure(`封面上传失败：${failureText(e)}`);
    } finally {
      setUploading(false);
    }
  };

  const save = (publish: boolean) =>
    action.run(async () => {
      // The server's schema first: every field it would refuse is named and marked at once.
      const issues = formIssues(form, schoolId);
      if (issues) throw inputFailure(issues);
      const input = toInput(form);
      let id = courseId;
      if (courseId) {
        const r = await updateCourse({ courseId, ...input });
        if (r.notified) void Taro.showToast({ title: `已通知${r.notified}户家庭`, icon: 'none' });
      } else {
        id = (await createCourse({ schoolId, ...input })).course.courseId;
      }
      if (publish) await publishCourse(id);
      void Taro.showToast({ title: publish ? '已发布' : '已保存', icon: 'success' });
      redirectToPage('course.detail', { id });
    });

  const status = existing.data?.status;
  return (
    <View className={`ps-page course-edit${elderClass()}`}>
      <View className="course-form">
        <Field label="课程名称" placeholder="如：读懂孩子的情绪" value={form.title} max={LIMITS.title} onInput={(v) => set({ title: v })} invalid={bad('title')} testId="course-title-input" />
        <Section label="授课形式" invalid={bad('form')}>
          <Chips wrap options={COURSE_FORMS.map((v) => ({ value: v, label: v }))} value={[form.form]} onChange={(v) => v[0] && set({ form: v[0] })} testId="form-chips" />
        </Section>
        <Section label="主题（可多选）" invalid={bad('topics')}>
          <Chips wrap multiple options={COURSE_TOPICS.map((v) => ({ value: v, label: v }))} value={form.topics} onChange={(v) => set({ topics: v })} />
        </Section>
        <Section label="面向" invalid={bad('audience')}>
          <Chips
            wrap
            options={[
              { value: 'school', label: '全校' },
              { value: 'grades', label: '按年级' },
              { value: 'classes', label: '按班级' },
              ...(others.length ? [{ value: 'alliance' as const, label: '教联体成员校' }] : []),
            ]}
            value={[form.audienceKind]}
            onChange={(v) => v[0] && set({ audienceKind: v[0] })}
          />
          {form.audienceKind === 'grades' ? <Chips wrap multiple options={(grades.data ?? []).map((g) => ({ value: g._id, label: g.name }))} value={form.gradeIds} onChange={(v) => set({ gradeIds: v })} /> : null}
          {form.audienceKind === 'classes' ? <Chips wrap multiple options={allClasses.map((c) => ({ value: c._id, label: c.label }))} value={form.classIds} onChange={(v) => set({ classIds: v })} /> : null}
          {form.audienceKind === 'alliance' ? <Chips wrap multiple options={others.map((s) => ({ value: s._id, label: s.name }))} value={form.schoolIds} onChange={(v) => set({ schoolIds: v })} /> : null}
        </Section>
        <Section label="主讲人" invalid={bad('speaker')}>
          <Chips
            options={[
              { value: 'staff', label: '本校教师' },
              { value: 'expert', label: '校外专家' },
            ]}
            value={[form.speakerKind]}
            onChange={(v) => v[0] && set({ speakerKind: v[0], staffId: '' })}
          />
          {form.speakerKind === 'staff' && staff.data?.length ? (
            <Chips
              options={staff.data.slice(0, 40).map((m) => ({ value: m._id, label: `${m.name}${m.positions[0] ? `·${m.positions[0].title}` : ''}` }))}
              value={form.staffId ? [form.staffId] : []}
              onChange={(v) => {
                const m = staff.data?.find((x) => x._id === v[0]);
                set(m ? { staffId: m._id, speakerName: m.name, speakerTitle: m.positions[0]?.title ?? '' } : { staffId: '' });
              }}
            />
          ) : null}
          <Field label="主讲人姓名" placeholder="姓名" value={form.speakerName} max={LIMITS.speakerName} onInput={(v) => set({ speakerName: v, staffId: '' })} invalid={bad('speakerName')} testId="speaker-name" />
          <Field
            label={form.speakerKind === 'expert' ? '职称或头衔（必填）' : '职务（选填）'}
            value={form.speakerTitle}
            max={LIMITS.speakerTitle}
            onInput={(v) => set({ speakerTitle: v })}
            invalid={bad('speakerTitle')}
            testId="speaker-title"
          />
          {form.speakerKind === 'expert' ? <Field label="单位（选填）" value={form.speakerOrg} max={LIMITS.speakerOrg} onInput={(v) => set({ speakerOrg: v })} invalid={bad('speakerOrg')} testId="speaker-org" /> : null}
        </Section>
        <Section label="上课方式" invalid={bad('mode')}>
          <Chips
            options={[
              { value: 'offline', label: '线下' },
              { value: 'live', label: '线上直播' },
              { value: 'recorded', label: '录播微课' },
            ]}
            value={[form.modeKind]}
            onChange={(v) => v[0] && set({ modeKind: v[0] })}
          />
          {form.modeKind === 'offline' ? (
            <Field label="地点" placeholder="如：学校报告厅" value={form.place} max={LIMITS.place} onInput={(v) => set({ place: v })} invalid={bad('place')} testId="place-input" />
          ) : (
            <Field label={form.modeKind === 'live' ? '直播链接' : '视频链接（选填）'} value={form.link} max={LIMITS.link} onInput={(v) => set({ link: v })} invalid={bad('link')} testId="link-input" />
          )}
        </Section>
        <Section invalid={bad('sessions')} label={hours === null ? '上课时间' : `上课时间（共${hours}课时）`}>
          <Text className="ps-muted" data-testid="class-hour-rule">
            {rule.data
              ? `本校课时规则：${classHourRuleText(rule.data)}。课时随课程保存，学校日后修改规则不影响已保存的课程。`
              : rule.error
                ? '未能读取本校课时规则，保存时按学校规则计算'
                : '正在读取本校课时规则…'}
          </Text>
          {ruleChanged && snapshot ? (
            <Text className="ps-muted" data-testid="class-hour-rule-changed">
              {`本课程保存时的规则为“${classHourRuleText(snapshot)}”（共${existing.data?.totalClassHours ?? 0}课时）；保存修改后将按本校当前规则重新计算。`}
            </Text>
          ) : null}
          {form.sessions.map((s, i) => (
            <View key={i} className="course-datetime" style={{ marginBottom: '12px' }} data-testid="session-row">
              <Picker mode="date" value={s.date} onChange={(e) => setSession(i, { date: String(e.detail.value) })}>
                <Text className="course-field__picker">{s.date}</Text>
              </Picker>
              <Picker mode="time" value={s.start} onChange={(e) => setSession(i, { start: String(e.detail.value) })}>
                <Text className="course-field__picker">{s.start}</Text>
              </Picker>
              <Text>至</Text>
              <Picker mode="time" value={s.end} onChange={(e) => setSession(i, { end: String(e.detail.value) })}>
                <Text className="course-field__picker">{s.end}</Text>
              </Picker>
              {form.sessions.length > 1 ? (
                <Text style={{ color: '#d25f00' }} onClick={() => set({ sessions: form.sessions.filter((_, k) => k !== i) })}>
                  删除
                </Text>
              ) : null}
            </View>
          ))}
          <Text
            style={{ color: '#1a7f5a' }}
            onClick={() => {
              const last = form.sessions[form.sessions.length - 1];
              set({ sessions: [...form.sessions, { date: dayjs(last.date).add(7, 'day').format('YYYY-MM-DD'), start: last.start, end: last.end }] });
            }}
          >
            ＋ 添加一次课
          </Text>
        </Section>
        <Field label="名额" hint="1 到 5000 人" value={form.capacity} type="number" onInput={(v) => set({ capacity: v })} invalid={bad('capacity')} testId="capacity-input" />
        <Section label="每户可报名人数" invalid={bad('seatsPerFamily')}>
          <Chips
            options={[
              { value: '1', label: '1人' },
              { value: '2', label: '2人（父母均可参加）' },
            ]}
            value={[form.seatsPerFamily]}
            onChange={(v) => v[0] && set({ seatsPerFamily: v[0] })}
          />
        </Section>
        <Section label="报名开始" invalid={bad('opens')}>
          <DateTime date={form.opensDate} time={form.opensTime} onDate={(v) => set({ opensDate: v })} onTime={(v) => set({ opensTime: v })} />
        </Section>
        <Section label="报名截止" invalid={bad('closes')}>
          <DateTime date={form.closesDate} time={form.closesTime} onDate={(v) => set({ closesDate: v })} onTime={(v) => set({ closesTime: v })} />
        </Section>
        <Section label="取消报名截止" invalid={bad('cancel')}>
          <DateTime date={form.cancelDate} time={form.cancelTime} onDate={(v) => set({ cancelDate: v })} onTime={(v) => set({ cancelTime: v })} />
        </Section>
        <Field label={`学期（${semesterLabel(form.semester)}）`} hint="格式如 2025-2026-1（第一学期）" value={form.semester} onInput={(v) => set({ semester: v })} invalid={bad('semester')} testId="semester-input" />
        <Section label="封面图片（选填）" invalid={bad('coverFileId')}>
          {coverPreview ? <Image className="course-cover course-cover--edit" src={coverPreview} mode="aspectFill" data-testid="cover-preview" /> : null}
          <View className="course-datetime">
            <Text style={{ color: '#1a7f5a' }} onClick={() => void (uploading ? undefined : pickCover())} data-testid="cover-pick">
              {uploading ? '正在上传…' : form.coverFileId ? '更换封面' : '＋ 选择封面图片'}
            </Text>
            {form.coverFileId && !uploading ? (
              <Text
                style={{ color: '#d25f00' }}
                onClick={() => {
                  set({ coverFileId: '' });
                  setCoverPreview('');
                }}
              >
                移除封面
              </Text>
            ) : null}
          </View>
        </Section>
        <Field label="课程简介" multiline value={form.summary} max={LIMITS.summary} placeholder="课程内容、适合哪些家长、需要准备什么" onInput={(v) => set({ summary: v })} invalid={bad('summary')} testId="summary-input" />
      </View>
      <View className="course-form-failure">
        <FailureAlert failure={action.failure} testId="form-problem" />
      </View>
      <View className="course-actions">
        {!courseId || status === 'draft' ? (
          <Button block type="primary" disabled={busy || uploading} loading={busy} onClick={() => void save(true)} data-testid="save-publish">
            保存并发布
          </Button>
        ) : null}
        <Button block fill="outline" disabled={busy || uploading} onClick={() => void save(false)} data-testid="save-draft">
          {courseId && status !== 'draft' ? '保存修改' : '保存草稿'}
        </Button>
        {courseId && status !== 'draft' ? <Text className="ps-muted">修改已发布课程的时间或地点，将自动通知已报名和候补的家庭。</Text> : null}
      </View>
    </View>
  );
}
