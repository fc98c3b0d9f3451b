/** 新建 / 编辑课程 (staff): every field of a course; 保存草稿 or 保存并发布. */
import { useEffect, useState } from 'react';
import { View, Text, Input, Textarea, Picker, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { dayjs, shanghai, TZ } from '@shared/common/time';
import { classHourRuleText, semesterLabel, semesterOf, totalClassHours } from '@shared/course/course.rules';
import { COURSE_FORMS, COURSE_TOPICS, type CourseDetailDto, type CourseForm, type CourseTopic } from '@shared/course/course.schema';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useRequireSignIn } from '@/hooks/useSession';
import { call, errorMessage, isCloudError } from '@/services/cloud';
import { courseDetail, createCourse, publishCourse, schoolClassHourRule, updateCourse, uploadCover } from '@/services/course';
import { chooseOneImage, MAX_IMAGE_BYTES } from '@/services/upload';
import Chips from '../../components/Chips';
import '../../course.scss';

interface SessionForm {
  sessionId?: string;
  date: string;
  start: string;
  end: string;
}

interface Form {
  title: string;
  summary: string;
  form: CourseForm;
  topics: CourseTopic[];
  audienceKind: 'school' | 'grades' | 'classes' | 'alliance';
  gradeIds: string[];
  classIds: string[];
  schoolIds: string[];
  speakerKind: 'staff' | 'expert';
  staffId: string;
  speakerName: string;
  speakerTitle: string;
  speakerOrg: string;
  modeKind: 'offline' | 'live' | 'recorded';
  place: string;
  link: string;
  sessions: SessionForm[];
  capacity: string;
  seatsPerFamily: '1' | '2';
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  cancelDate: string;
  cancelTime: string;
  semester: string;
  /** cloud:// fileID of the cover ('' = none). */
  coverFileId: string;
}

const at = (date: string, time: string) => dayjs.tz(`${date} ${time}`, TZ).toDate();

function defaults(): Form {
  const start = shanghai().add(7, 'day').hour(19).minute(0);
  return {
    title: '',
    summary: '',
    form: '专题讲座',
    topics: ['心理健康'],
    audienceKind: 'school',
    gradeIds: [],
    classIds: [],
    schoolIds: [],
    speakerKind: 'staff',
    staffId: '',
    speakerName: '',
    speakerTitle: '',
    speakerOrg: '',
    modeKind: 'offline',
    place: '学校报告厅',
    link: '',
    sessions: [{ date: start.format('YYYY-MM-DD'), start: '19:00', end: '20:30' }],
    capacity: '50',
    seatsPerFamily: '1',
    opensDate: shanghai().format('YYYY-MM-DD'),
    opensTime: '00:00',
    closesDate: start.subtract(1, 'day').format('YYYY-MM-DD'),
    closesTime: '18:00',
    cancelDate: start.subtract(1, 'day').format('YYYY-MM-DD'),
    cancelTime: '18:00',
    semester: semesterOf(new Date()),
    coverFileId: '',
  };
}

function fromCourse(c: CourseDetailDto): Form {
  const d = (iso: string) => shanghai(iso).format('YYYY-MM-DD');
  const t = (iso: string) => shanghai(iso).format('HH:mm');
  return {
    title: c.title,
    summary: c.summary,
    form: c.form,
    topics: c.topics,
    audienceKind: c.audience.kind,
    gradeIds: c.audience.kind === 'grades' ? c.audience.gradeIds : [],
    classIds: c.audience.kind === 'classes' ? c.audience.classIds : [],
    schoolIds: c.audience.kind === 'alliance' ? c.audience.schoolIds : [],
    speakerKind: c.speaker.kind,
    staffId: c.speaker.kind === 'staff' ? c.speaker.staffId ?? '' : '',
    speakerName: c.speaker.name,
    speakerTitle: c.speaker.title ?? '',
    speakerOrg: c.speaker.kind === 'expert' ? c.speaker.organization ?? '' : '',
    modeKind: c.mode.kind,
    place: c.mode.kind === 'offline' ? c.mode.place : '',
    link: c.mode.kind === 'live' ? c.mode.link : c.mode.kind === 'recorded' ? c.mode.link ?? '' : '',
    sessions: c.sessions.map((s) => ({ sessionId: s.sessionId, date: d(s.startAt), start: t(s.startAt), end: t(s.endAt) })),
    capacity: String(c.capacity),
    seatsPerFamily: String(c.seatsPerFamily) as '1' | '2',
    opensDate: d(c.enrollOpensAt),
    opensTime: t(c.enrollOpensAt),
    closesDate: d(c.enrollClosesAt),
    closesTime: t(c.enrollClosesAt),
    cancelDate: d(c.cancelDeadline),
    cancelTime: t(c.cancelDeadline),
    semester: c.semester,
    coverFileId: c.coverFileId ?? '',
  };
}

function toInput(f: Form) {
  const audience =
    f.audienceKind === 'grades'
      ? { kind: 'grades' as const, gradeIds: f.gradeIds }
      : f.audienceKind === 'classes'
        ? { kind: 'classes' as const, classIds: f.classIds }
        : f.audienceKind === 'alliance'
          ? { kind: 'alliance' as const, schoolIds: f.schoolIds }
          : { kind: 'school' as const };
  const speaker =
    f.speakerKind === 'expert'
      ? { kind: 'expert' as const, name: f.speakerName, title: f.speakerTitle, ...(f.speakerOrg ? { organization: f.speakerOrg } : {}) }
      : { kind: 'staff' as const, ...(f.staffId ? { staffId: f.staffId } : {}), name: f.speakerName, ...(f.speakerTitle ? { title: f.speakerTitle } : {}) };
  const mode = f.modeKind === 'offline' ? { kind: 'offline' as const, place: f.place } : f.modeKind === 'live' ? { kind: 'live' as const, link: f.link } : { kind: 'recorded' as const, ...(f.link ? { link: f.link } : {}) };
  return {
    title: f.title,
    summary: f.summary,
    form: f.form,
    topics: f.topics,
    audience,
    speaker,
    mode,
    sessions: f.sessions.map((s) => ({ ...(s.sessionId ? { sessionId: s.sessionId } : {}), startAt: at(s.date, s.start).toISOString(), endAt: at(s.date, s.end).toISOString() })),
    capacity: Number(f.capacity),
    seatsPerFamily: (f.seatsPerFamily === '2' ? 2 : 1) as 1 | 2,
    enrollOpensAt: at(f.opensDate, f.opensTime).toISOString(),
    enrollClosesAt: at(f.closesDate, f.closesTime).toISOString(),
    cancelDeadline: at(f.cancelDate, f.cancelTime).toISOString(),
    semester: f.semester,
    coverFileId: f.coverFileId,
  };
}

function Field(props: { label: string; children: React.ReactNode }) {
  return (
    <View className="course-field">
      <Text className="course-field__label">{props.label}</Text>
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

function problemText(e: unknown): string {
  if (isCloudError(e) && Array.isArray(e.details) && e.details[0] && typeof e.details[0].message === 'string') return `${errorMessage(e)}：${e.details[0].message}`;
  if (isCloudError(e) && e.details && typeof (e.details as { reason?: string }).reason === 'string') return (e.details as { reason: string }).reason;
  return errorMessage(e);
}

export default function EditCoursePage() {
  const signedIn = useRequireSignIn();
  const params = useRouter().params;
  const courseId = params.id ?? '';
  const existing = useAsync(() => courseDetail(courseId), [courseId], { enabled: signedIn && !!courseId });
  const schoolId = params.schoolId || existing.data?.schoolId || '';
  const grades = useAsync(() => call('school', 'listGrades', { schoolId }), [schoolId], { enabled: signedIn && !!schoolId });
  const school = useAsync(() => call('school', 'getSchool', { schoolId }), [schoolId], { enabled: signedIn && !!schoolId });
  const staff = useAsync(() => call('school', 'listStaff', { schoolId }), [schoolId], { enabled: signedIn && !!schoolId });
  const [form, setForm] = useState<Form>(defaults);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
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

  const pickCover = async () => {
    setProblem('');
    const picked = await chooseOneImage();
    if (!picked) return;
    if (picked.size > MAX_IMAGE_BYTES) {
      setProblem('图片不能超过5MB，请换一张');
      return;
    }
    setUploading(true);
    try {
      const fileId = await uploadCover(schoolId, picked.path);
      set({ coverFileId: fileId });
      setCoverPreview(picked.path);
    } catch (e) {
      setProblem(`封面上传失败：${errorMessage(e)}`);
    } finally {
      setUploading(false);
    }
  };

  const save = async (publish: boolean) => {
    setProblem('');
    setBusy(true);
    try {
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
      void Taro.redirectTo({ url: `/packages/course/pages/detail/index?id=${id}` });
    } catch (e) {
      setProblem(problemText(e));
    } finally {
      setBusy(false);
    }
  };

  const status = existing.data?.status;
  return (
    <View className="ps-page course-edit">
      <View className="course-form">
        <Field label="课程名称">
          <Input className="course-field__input" placeholder="如：读懂孩子的情绪" value={form.title} maxlength={40} onInput={(e) => set({ title: e.detail.value })} data-testid="course-title-input" />
        </Field>
        <Field label="授课形式">
          <Chips wrap options={COURSE_FORMS.map((v) => ({ value: v, label: v }))} value={[form.form]} onChange={(v) => v[0] && set({ form: v[0] })} testId="form-chips" />
        </Field>
        <Field label="主题（可多选）">
          <Chips wrap multiple options={COURSE_TOPICS.map((v) => ({ value: v, label: v }))} value={form.topics} onChange={(v) => set({ topics: v })} />
        </Field>
        <Field label="面向">
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
        </Field>
        <Field label="主讲人">
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
          <Input className="course-field__input" placeholder="姓名" value={form.speakerName} onInput={(e) => set({ speakerName: e.detail.value, staffId: '' })} data-testid="speaker-name" />
          <Input className="course-field__input" placeholder={form.speakerKind === 'expert' ? '职称 / 头衔（必填）' : '职务（选填）'} value={form.speakerTitle} onInput={(e) => set({ speakerTitle: e.detail.value })} />
          {form.speakerKind === 'expert' ? <Input className="course-field__input" placeholder="单位（选填）" value={form.speakerOrg} onInput={(e) => set({ speakerOrg: e.detail.value })} /> : null}
        </Field>
        <Field label="上课方式">
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
            <Input className="course-field__input" placeholder="地点，如：学校报告厅" value={form.place} onInput={(e) => set({ place: e.detail.value })} data-testid="place-input" />
          ) : (
            <Input className="course-field__input" placeholder={form.modeKind === 'live' ? '直播链接' : '视频链接（选填）'} value={form.link} onInput={(e) => set({ link: e.detail.value })} />
          )}
        </Field>
        <Field label={hours === null ? '上课时间' : `上课时间（共${hours}课时）`}>
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
        </Field>
        <Field label="名额">
          <Input className="course-field__input" type="number" value={form.capacity} onInput={(e) => set({ capacity: e.detail.value })} data-testid="capacity-input" />
        </Field>
        <Field label="每户可报名人数">
          <Chips
            options={[
              { value: '1', label: '1人' },
              { value: '2', label: '2人（父母均可参加）' },
            ]}
            value={[form.seatsPerFamily]}
            onChange={(v) => v[0] && set({ seatsPerFamily: v[0] })}
          />
        </Field>
        <Field label="报名开始">
          <DateTime date={form.opensDate} time={form.opensTime} onDate={(v) => set({ opensDate: v })} onTime={(v) => set({ opensTime: v })} />
        </Field>
        <Field label="报名截止">
          <DateTime date={form.closesDate} time={form.closesTime} onDate={(v) => set({ closesDate: v })} onTime={(v) => set({ closesTime: v })} />
        </Field>
        <Field label="取消报名截止">
          <DateTime date={form.cancelDate} time={form.cancelTime} onDate={(v) => set({ cancelDate: v })} onTime={(v) => set({ cancelTime: v })} />
        </Field>
        <Field label={`学期（${semesterLabel(form.semester)}）`}>
          <Input className="course-field__input" value={form.semester} onInput={(e) => set({ semester: e.detail.value })} />
        </Field>
        <Field label="封面图片（选填）">
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
        </Field>
        <Field label="课程简介">
          <Textarea style={{ width: '100%', minHeight: '120px', fontSize: '28px' }} value={form.summary} maxlength={1000} placeholder="课程内容、适合哪些家长、需要准备什么" onInput={(e) => set({ summary: e.detail.value })} />
        </Field>
      </View>
      {problem ? (
        <Text className="course-reason" data-testid="form-problem">
          {problem}
        </Text>
      ) : null}
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
