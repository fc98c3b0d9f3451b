/**
 * 新建 / 编辑课程 (staff): every field of a course; 保存草稿 or 保存并发布. The page loads and saves;
 * each field is its own component (./fields), the form ↔ input mapping and its check are pure
 * (./course-form, tested in course-form.test.ts).
 */
import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { controlOf, defaults, formIssues, fromCourse, toInput, type Form } from './course-form';
import { TitleField, CapacityField, SemesterField, SummaryField } from './fields/TextFields';
import { FormKindField, TopicsField, SeatsField } from './fields/ChoiceFields';
import { AudienceField } from './fields/AudienceField';
import { SpeakerField } from './fields/SpeakerField';
import { ModeField } from './fields/ModeField';
import { SessionsField } from './fields/SessionsField';
import { EnrollWindowFields } from './fields/EnrollWindowFields';
import { CoverField, useCover } from './fields/CoverField';
import type { FieldProps } from './fields/types';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import FailureAlert from '@/components/FailureAlert';
import { waitFor } from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { usePageData } from '@/hooks/usePageData';
import { inputFailure } from '@/services/cloud';
import { school as schoolApi } from '@/services/school';
import { courseDetail, createCourse, publishCourse, schoolClassHourRule, updateCourse } from '@/services/course';
import { redirectToPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import '../../course.scss';

export default function EditCoursePage() {
  const params = useRouter().params;
  const courseId = params.id ?? '';
  const existing = usePageData(() => courseDetail(courseId), [courseId], { enabled: !!courseId });
  const { signedIn } = existing;
  const schoolId = params.schoolId || existing.data?.schoolId || '';
  const grades = useAsync(() => schoolApi.listGrades(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const school = useAsync(() => schoolApi.getSchool(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const staff = useAsync(() => schoolApi.listStaff(schoolId), [schoolId], { enabled: signedIn && !!schoolId });
  const [form, setForm] = useState<Form>(defaults);
  const action = useAction();
  const { busy } = action;
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const cover = useCover(schoolId, set);
  /**
   * Editing: the inputs mount only once the course is in the form. Mounting them empty and filling
   * them right after changes a Taro <Input>/<Textarea> `value` before it has rendered its inner
   * element, and Taro 4.2.1's watchValue then reads `inputRef.value` of undefined (issue 8).
   */
  const [filled, setFilled] = useState(!courseId);
  const rule = useAsync(() => schoolClassHourRule(schoolId, form.semester), [schoolId, form.semester], { enabled: signedIn && !!schoolId });

  const { setPreview } = cover;
  useEffect(() => {
    if (existing.data) {
      setForm(fromCourse(existing.data));
      setPreview(existing.data.coverUrl ?? '');
      setFilled(true);
    }
  }, [existing.data, setPreview]);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: courseId ? '编辑课程' : '新建课程' });
  }, [courseId]);

  const wait = waitFor(existing);
  if (wait) return wait;
  if (!filled) return <Loading />;
  if (!schoolId) return <ErrorState error={null} title="缺少学校" />;

  const field: FieldProps = { form, set, bad: (control) => action.fields.some((p) => controlOf(p) === control) };
  const otherSchools = (school.data?.alliance?.schools ?? []).filter((s) => s._id !== schoolId);
  const saved = existing.data ? { rule: existing.data.classHourRule, totalClassHours: existing.data.totalClassHours } : undefined;

  const save = (publish: boolean) => {
    cover.clearFailure();
    return action.run(async () => {
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
  };

  const status = existing.data?.status;
  const published = !!courseId && status !== 'draft';
  return (
    <View className={`ps-page course-edit${elderClass()}`}>
      <View className="course-form">
        <TitleField {...field} />
        <FormKindField {...field} />
        <TopicsField {...field} />
        <AudienceField {...field} grades={grades.data ?? []} otherSchools={otherSchools} />
        <SpeakerField {...field} staff={staff.data ?? []} />
        <ModeField {...field} />
        <SessionsField form={form} bad={field.bad} change={setForm} rule={rule.data} ruleFailed={!!rule.error} saved={saved} />
        <CapacityField {...field} />
        <SeatsField {...field} />
        <EnrollWindowFields {...field} />
        <SemesterField {...field} />
        <CoverField {...field} cover={cover} />
        <SummaryField {...field} />
      </View>
      <View className="course-form-failure">
        <FailureAlert failure={action.failure ?? cover.failure} testId="form-problem" />
      </View>
      <View className="course-actions">
        {!published ? (
          <Button block type="primary" disabled={busy || cover.uploading} loading={busy} onClick={() => void save(true)} data-testid="save-publish">
            保存并发布
          </Button>
        ) : null}
        <Button block fill="outline" disabled={busy || cover.uploading} onClick={() => void save(false)} data-testid="save-draft">
          {published ? '保存修改' : '保存草稿'}
        </Button>
        {published ? <Text className="ps-muted">修改已发布课程的时间或地点，将自动通知已报名和候补的家庭。</Text> : null}
      </View>
    </View>
  );
}
